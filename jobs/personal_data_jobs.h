// The service's housekeeping of personal data (README, "Personal data"):
//  - at start, before serving: the NIK key must be the one the database's NIK
//    hashes were made with, and members and claims written before
//    0005_personal_data.sql get their NIK hashes, members written before
//    0014_public_status.sql their name hashes, and households written before
//    0017_household_kk_hmac.sql their KK hashes (PrepareNikHashes);
//  - periodically: idempotency records outlive their replay window only until
//    the next purge, since a stored answer may hold a household
//    (PurgeExpiredRequests, RequestPurgeThread).
// Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "jobs/periodic_task.h"
#include "storage/database.h"

namespace usulan::jobs {

// Checks the NIK key (FAILED_PRECONDITION for another key, or none) and fills
// every missing NIK hash, then every missing name hash, then every missing KK
// hash, `batch` rows per transaction. Returns how many NIK hashes it filled. Safe to run on several replicas at once.
absl::StatusOr<int64_t> PrepareNikHashes(storage::Database& db, int batch = 1000);

// Deletes the idempotency records created more than `window` before the clock's
// now, in batches of `batch` per transaction; returns how many. A request
// repeated after its record is gone is executed again (and refused by the
// workflow if its change was already made).
absl::StatusOr<int64_t> PurgeExpiredRequests(storage::Database& db, const base::Clock& clock,
                                             std::chrono::hours window, int batch = 5000);

// Runs PurgeExpiredRequests now and then every `interval` until the task is
// destroyed (which waits for a pass in progress). `db` and `clock` must outlive it.
std::unique_ptr<PeriodicTask> StartRequestPurge(storage::Database& db, const base::Clock& clock,
                                                std::chrono::hours window,
                                                std::chrono::milliseconds interval);

}  // namespace usulan::jobs
