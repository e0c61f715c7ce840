#include "jobs/checkpointer.h"

#include "audit/checkpoint.h"
#include "audit/digest.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::jobs {

absl::StatusOr<int64_t> Checkpointer::Barrier(storage::Database& db) {
  int64_t barrier = 0;
  USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(barrier, tx.audit_log().CheckpointBarrier(kBarrierTimeout));
    return absl::OkStatus();
  }));
  return barrier;
}

absl::StatusOr<std::optional<storage::CheckpointRecord>> Checkpointer::CreateIn(
    storage::Tx& tx, int64_t barrier) const {
  USULAN_ASSIGN_OR_RETURN(storage::CheckpointDraft draft, tx.audit_log().PrepareCheckpoint(barrier));
  if (draft.coverage.count == 0) return std::optional<storage::CheckpointRecord>();
  storage::CheckpointRecord record;
  audit::CheckpointFields& f = record.checkpoint.fields;
  f.sequence = draft.previous ? draft.previous->checkpoint.fields.sequence + 1 : 1;
  f.first_log_index = draft.first_log_index;
  f.last_log_index = draft.last_log_index;
  f.transition_count = draft.coverage.count;
  f.merkle_root = draft.coverage.merkle_root;
  // The previous checkpoint's hash as recomputed, not as stored: a new checkpoint
  // never vouches for a tampered predecessor (verification would report it).
  f.previous_hash = draft.previous ? audit::CheckpointHash(draft.previous->checkpoint.fields)
                                   : std::string(audit::kZeroHash);
  f.created_at_us = clock_.Now().time_since_epoch().count();
  f.key_id = key_.verifying_key().key_id();
  const std::string message = audit::EncodeCheckpoint(f);
  USULAN_ASSIGN_OR_RETURN(std::string signature, key_.Sign(message));
  record.checkpoint.signature = audit::Base64Encode(signature);
  record.checkpoint.hash = audit::CheckpointHash(f);
  USULAN_RETURN_IF_ERROR(tx.audit_log().InsertCheckpoint(record));
  return std::optional<storage::CheckpointRecord>(record);
}

absl::StatusOr<std::optional<storage::CheckpointRecord>> Checkpointer::Create(
    storage::Database& db) const {
  USULAN_ASSIGN_OR_RETURN(int64_t barrier, Barrier(db));
  std::optional<storage::CheckpointRecord> made;
  USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(made, CreateIn(tx, barrier));
    return absl::OkStatus();
  }));
  return made;
}

std::unique_ptr<PeriodicTask> StartCheckpoints(const Checkpointer& checkpointer,
                                               storage::Database& db,
                                               std::chrono::seconds interval) {
  return std::make_unique<PeriodicTask>(
      interval, PeriodicTask::First::kAfterInterval, [&checkpointer, &db] {
        auto made = checkpointer.Create(db);
        if (!made.ok()) {
          base::LogEvent("error", "checkpoint", made.status().ToString());
        } else if (*made) {
          const audit::CheckpointFields& f = (*made)->checkpoint.fields;
          base::LogEvent("info", "checkpoint",
                   base::Concat("checkpoint ", f.sequence, " covers ", f.transition_count,
                                    " transitions, root ", f.merkle_root));
        }
      });
}

}  // namespace usulan::jobs
