// A fixed-size pool of PostgreSQL connections, each with every storage statement
// prepared. Internal to storage/ (Database owns one).
//
// Acquire() waits up to the configured timeout for a free connection and answers
// UNAVAILABLE when none frees up: under a burst, callers fail fast instead of
// queueing without bound. A connection that broke while leased is replaced when
// it is next acquired, so a database restart costs the in-flight calls only.
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "absl/status/statusor.h"
#include "storage/database.h"

namespace usulan::storage {

class ConnectionPool {
 public:
  // Opens config.pool_size connections. UNAVAILABLE when the server cannot be
  // reached; FAILED_PRECONDITION when statements cannot be prepared (typically
  // an unmigrated schema); INVALID_ARGUMENT for a pool size below 1.
  static absl::StatusOr<std::unique_ptr<ConnectionPool>> Open(const DatabaseConfig& config);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Exclusive use of one connection until destroyed. Not thread-safe itself.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();

    pqxx::connection& connection() const { return *connection_; }
    // The connection proved unusable; it is replaced before its next use.
    void MarkBroken() { broken_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, size_t slot, pqxx::connection* connection)
        : pool_(pool), slot_(slot), connection_(connection) {}
    ConnectionPool* pool_;
    size_t slot_;
    pqxx::connection* connection_;
    bool broken_ = false;
  };

  // A connection for the caller's exclusive use. UNAVAILABLE when none frees up
  // within the acquire timeout or a broken one cannot be re-opened.
  absl::StatusOr<Lease> Acquire();

 private:
  ConnectionPool(std::string url, std::chrono::milliseconds acquire_timeout, size_t size);
  void Release(size_t slot, bool broken);

  const std::string url_;
  const std::chrono::milliseconds acquire_timeout_;

  std::mutex mutex_;
  std::condition_variable available_;
  // slot -> connection; null when it must be (re)opened. A slot's entry is only
  // touched by the thread that holds the slot (it is not in free_ meanwhile).
  std::vector<std::unique_ptr<pqxx::connection>> connections_;
  std::vector<size_t> free_;  // guarded by mutex_
};

// Opens one connection with the session settings and prepared statements that
// storage code relies on. Throws pqxx exceptions.
std::unique_ptr<pqxx::connection> OpenConnection(const std::string& url);

}  // namespace usulan::storage
