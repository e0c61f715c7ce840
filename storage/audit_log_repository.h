// The tamper-evident audit trail as stored: rows for verification and export,
// checkpoints and their coverage.
// A view of one transaction (storage/tx.h: Tx::audit_log()); every method runs
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

class AuditLogRepository {
 public:
  explicit AuditLogRepository(Tx& tx) : tx_(tx) {}

  // Rows are hash-chained when written (InsertProposal, ApplyTransition). These
  // read them back as stored, for verification, export and checkpoints.
  // Proposals whose desa code starts with region_prefix ("" = all), by id after
  // after_id ("" = from the start). INVALID_ARGUMENT for a malformed prefix or id,
  // or a limit outside 1..1000.
  absl::StatusOr<std::vector<ProposalVersion>> ListProposalVersions(
      const std::string& region_prefix, const std::string& after_id, int limit);
  // Ids of proposals that transitions name but that do not exist (rows forged for
  // a made-up proposal, or a proposal row removed), at most `limit`, by id.
  absl::StatusOr<std::vector<std::string>> OrphanTransitionProposals(int limit);
  // Every stored row of these proposals, by (proposal id, sequence).
  absl::StatusOr<std::vector<StoredTransition>> GetStoredTransitions(
      const std::vector<std::string>& proposal_ids);
  // Rows of proposals in the filter's region with `at` in [from, to), by (at,
  // proposal id, sequence) after the cursor. INVALID_ARGUMENT as for listings.
  absl::StatusOr<std::vector<StoredTransition>> ExportTransitions(const ExportFilter& filter);
  // Checkpoints by sequence after `after_sequence`; limit 1..1000.
  absl::StatusOr<std::vector<CheckpointRecord>> ListCheckpoints(int64_t after_sequence,
                                                                int limit);
  // One checkpoint by sequence, or the latest for 0; nullopt if there is none.
  absl::StatusOr<std::optional<CheckpointRecord>> GetCheckpoint(int64_t sequence);
  // What the stored rows of a checkpoint's range give: count and Merkle root.
  absl::StatusOr<audit::Coverage> CheckpointCoverage(const CheckpointRecord& checkpoint);
  // The stored hashes of a checkpoint's rows in log order, with their proposal id
  // and sequence (for inclusion proofs).
  struct Leaf {
    std::string proposal_id;
    int64_t sequence;
    audit::Digest hash;
  };
  absl::StatusOr<std::vector<Leaf>> CheckpointLeaves(const CheckpointRecord& checkpoint);
  // Waits until no transaction that writes transitions is in flight (at most
  // `timeout`, else UNAVAILABLE, and the transaction must end), then returns the
  // largest log_index: every row up to it is final. Run it in a transaction of its
  // own and end that at once: writers wait while it holds the barrier.
  absl::StatusOr<int64_t> CheckpointBarrier(std::chrono::milliseconds timeout);
  // Takes the checkpoint lock (held to the end of the transaction, so checkpoints
  // are made one at a time) and computes what the next checkpoint covers: the rows
  // after the latest checkpoint up to `barrier` (from CheckpointBarrier).
  absl::StatusOr<CheckpointDraft> PrepareCheckpoint(int64_t barrier);
  // ALREADY_EXISTS if a checkpoint with its sequence exists.
  absl::Status InsertCheckpoint(const CheckpointRecord& checkpoint);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
