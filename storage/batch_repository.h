// District batches, their members and Pusdatin decisions; and the proposals the cycle
// job moves (cut-off candidates, lapsing objections).
// A view of one transaction (storage/tx.h: Tx::batches()); every method runs
// prepared statements only, and a failure poisons the transaction as Tx says.
// Not thread-safe; never outlives its Tx.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/audit_records.h"
#include "storage/records.h"

namespace usulan::storage {

class Tx;

class BatchRepository {
 public:
  explicit BatchRepository(Tx& tx) : tx_(tx) {}

  // Inserts the batch and its members (open). ALREADY_EXISTS "proposal_ids[i] ..."
  // when a member is already in another open batch.
  absl::Status InsertBatch(const BatchRecord& batch);
  // With members and their current states. NOT_FOUND "batch ...".
  absl::StatusOr<BatchRecord> LockBatch(const std::string& id);
  absl::StatusOr<BatchRecord> GetBatch(const std::string& id);
  // Writes status, letter fields, ratified_by, return_reason and status_since, and
  // bumps the version; ABORTED when the stored version is not `current_version`.
  absl::Status UpdateBatch(const BatchRecord& batch, int64_t current_version);
  // The members leave their batch (returned on their own, or decided).
  absl::Status CloseBatchMembers(const std::string& batch_id,
                                 const std::vector<std::string>& proposal_ids);
  // The open batch holding the proposal, if any.
  absl::StatusOr<std::optional<std::string>> OpenBatchOf(const std::string& proposal_id);
  // Newest first by (created_at, id), or for a status filter of exactly one status
  // oldest first by (status_since, id) (the incoming queue). Members omitted.
  absl::StatusOr<std::vector<BatchRecord>> ListBatches(const BatchFilter& filter);
  // ALREADY_EXISTS "batch ... is already decided".
  absl::Status InsertDecision(const DecisionRecord& decision);
  // NOT_FOUND "decision of batch ...".
  absl::StatusOr<DecisionRecord> GetDecision(const std::string& batch_id);
  // --- cycles and deadlines (batch_repository.cc) --------------------------------
  // VILLAGE_FINAL and DEFERRED proposals, oldest state first, after `after_id`
  // in (state_since, id) order; at most `limit`.
  absl::StatusOr<std::vector<DueProposal>> ListCycleCandidates(
      const std::optional<std::pair<TimePoint, std::string>>& after, int limit);
  // Open objections (before the visit) filed before `filed_before`, oldest first.
  absl::StatusOr<std::vector<DueProposal>> ListLapsingObjections(TimePoint filed_before,
                                                                 int limit);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
