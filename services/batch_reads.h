// Reading batches for a caller: the region check and keyset-paged listings shared
// by ReviewService and DecisionService.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "services/rpc_log.h"
#include "services/service_context.h"
#include "storage/records.h"
#include "usulan/v1/batch.pb.h"
#include "workflow/batch.h"

namespace usulan::services {

std::optional<workflow::BatchStatus> FromProto(v1::BatchStatus status);

// The batch with its members, if `actor`'s region covers its kabupaten
// (PERMISSION_DENIED otherwise; NOT_FOUND for an unknown id).
absl::StatusOr<storage::BatchRecord> ReadBatchFor(const ServiceContext& ctx,
                                                  const workflow::Actor& actor,
                                                  const std::string& batch_id);

// One page of `filter` (region and statuses set by the caller) into `response`.
// Village-level callers are refused: batches are a district matter.
absl::Status ListBatchPage(const ServiceContext& ctx, const workflow::Actor& actor,
                           storage::BatchFilter filter, int32_t page_size,
                           const std::string& page_token, RpcLog& log,
                           v1::ListBatchesResponse* response);

}  // namespace usulan::services
