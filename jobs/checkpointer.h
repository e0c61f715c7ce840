// Makes signed checkpoints of the audit trail (audit/checkpoint.h): on demand
// (AuditService.CreateCheckpoint, `usulan-server checkpoint`) and on a schedule
// (CheckpointSchedule). A checkpoint covers every transition committed since the
// previous one; checkpoints are made one at a time across all replicas (a
// database lock, see AuditLogRepository::PrepareCheckpoint). Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "audit/signing.h"
#include "base/clock.h"
#include "jobs/periodic_task.h"
#include "storage/database.h"
#include "storage/tx.h"

namespace usulan::jobs {

class Checkpointer {
 public:
  Checkpointer(const audit::SigningKey& key, const base::Clock& clock) : key_(key), clock_(clock) {}

  // The log_index up to which every row is final (AuditLogRepository::CheckpointBarrier), in a
  // short transaction of its own. UNAVAILABLE when writers stay in flight longer
  // than kBarrierTimeout (try again later).
  static absl::StatusOr<int64_t> Barrier(storage::Database& db);
  static constexpr std::chrono::milliseconds kBarrierTimeout{2000};

  // Inside `tx`: signs and stores the next checkpoint, covering the rows after the
  // latest checkpoint up to `barrier`, or returns nullopt when there are none.
  absl::StatusOr<std::optional<storage::CheckpointRecord>> CreateIn(storage::Tx& tx,
                                                                    int64_t barrier) const;
  // Barrier, then CreateIn in a transaction of its own.
  absl::StatusOr<std::optional<storage::CheckpointRecord>> Create(storage::Database& db) const;

 private:
  const audit::SigningKey& key_;
  const base::Clock& clock_;
};

// Makes a checkpoint every `interval` (skipping rounds with nothing new), the
// first after one interval, until the task is stopped (which waits for a round in
// progress). `checkpointer` and `db` must outlive it.
std::unique_ptr<PeriodicTask> StartCheckpoints(const Checkpointer& checkpointer,
                                               storage::Database& db,
                                               std::chrono::seconds interval);

}  // namespace usulan::jobs
