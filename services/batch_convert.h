// Batches as the API shows them.
#pragma once

#include "storage/records.h"
#include "usulan/v1/batch.pb.h"

namespace usulan::services {

// The batch; its members only when `with_members`.
void ToProto(const storage::BatchRecord& batch, bool with_members, v1::Batch* out);

}  // namespace usulan::services
