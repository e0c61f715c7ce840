// The service's housekeeping of personal data (README, "Personal data"):
//  - at start, before serving: the NIK key must be the one the database's NIK
//    hashes were made with, and members and claims written before
//    0005_personal_data.sql get their hashes (PrepareNikHashes);
//  - periodically: idempotency records outlive their replay window only until
//    the next purge, since a stored answer may hold a household
//    (PurgeExpiredRequests, RequestPurgeThread).
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "services/clock.h"
#include "storage/database.h"

namespace usulan::services {

// Checks the NIK key (FAILED_PRECONDITION for another key, or none) and fills
// every missing NIK hash, `batch` members per transaction. Returns how many
// members it filled. Safe to run on several replicas at once.
absl::StatusOr<int64_t> PrepareNikHashes(storage::Database& db, int batch = 1000);

// Deletes the idempotency records created more than `window` before the clock's
// now, in batches of `batch` per transaction; returns how many. A request
// repeated after its record is gone is executed again (and refused by the
// workflow if its change was already made).
absl::StatusOr<int64_t> PurgeExpiredRequests(storage::Database& db, const Clock& clock,
                                             std::chrono::hours window, int batch = 5000);

// Runs PurgeExpiredRequests every `interval` on a thread of its own until
// destroyed; failures are logged and retried next round. The destructor waits for
// a pass in progress.
class RequestPurgeThread {
 public:
  // `db` and `clock` must outlive the thread.
  RequestPurgeThread(storage::Database& db, const Clock& clock, std::chrono::hours window,
                     std::chrono::milliseconds interval);
  ~RequestPurgeThread();
  RequestPurgeThread(const RequestPurgeThread&) = delete;
  RequestPurgeThread& operator=(const RequestPurgeThread&) = delete;

 private:
  void Loop();

  storage::Database& db_;
  const Clock& clock_;
  const std::chrono::hours window_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace usulan::services
