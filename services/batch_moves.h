// Moving a district batch: every open member passes the proposal machine in the
// same transaction, each with its own audit record naming the batch, or none does.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "storage/tx.h"
#include "usulan/v1/batch.pb.h"
#include "workflow/batch.h"

namespace usulan::services {

// Applies `step` to `batch` (locked by the caller): each open member, locked in id
// order, gets step.member_event with `payload` plus attributes.batch_id; a member
// refusal fails the whole move, prefixed "member <proposal id>: ". Closes the
// members when the batch is returned, then writes the batch's new status.
// FAILED_PRECONDITION when the batch has no open member left.
absl::Status MoveBatch(storage::Tx& tx, storage::BatchRecord& batch,
                       const workflow::BatchStep& step, const workflow::Actor& actor,
                       workflow::Payload payload, const std::string& request_id,
                       storage::TimePoint now);

// Locks a batch for a change, honouring the caller's expected_version (ABORTED).
absl::StatusOr<storage::BatchRecord> LockBatchForChange(storage::Tx& tx, const std::string& id,
                                                        std::optional<int64_t> expected);

// The batch as the API shows it; members only when `with_members`.
void ToProto(const storage::BatchRecord& batch, bool with_members, v1::Batch* out);

}  // namespace usulan::services
