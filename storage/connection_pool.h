// A fixed-size pool of PostgreSQL connections, each with every storage statement
// prepared and the session limits of DatabaseConfig set. Internal to storage/
// (Database owns one).
//
// Acquire() waits a bounded time for a free connection and answers
// RESOURCE_EXHAUSTED when none frees up: under a burst, callers are told the
// server is overloaded instead of queueing without bound. A connection that broke
// while leased is replaced when it is next acquired, so a database restart costs
// the in-flight calls only.
//
// A watchdog thread shuts down the socket of a lease still held past its cut-off
// (Lease::CutAt), and Interrupt() those of every lease: libpq then fails the
// statement or COMMIT it is waiting on at once, even when the server answers
// nothing at all (a frozen host, where neither statement_timeout nor TCP
// keepalives help). shutdown(2), not close(2): the descriptor stays libpq's, so
// it cannot be reused under it. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/connection>

#include "absl/status/statusor.h"
#include "base/call_limits.h"
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
    // Has the watchdog shut the connection down at `limit` if still leased then.
    void CutAt(base::SteadyTime limit);

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, size_t slot, pqxx::connection* connection)
        : pool_(pool), slot_(slot), connection_(connection) {}
    ConnectionPool* pool_;
    size_t slot_;
    pqxx::connection* connection_;
    bool broken_ = false;
  };

  // A connection for the caller's exclusive use, waiting for one at most the
  // configured wait and never past `give_up`. RESOURCE_EXHAUSTED when the wait
  // passes, DEADLINE_EXCEEDED when `give_up` comes first, UNAVAILABLE after
  // Interrupt() or when a broken connection cannot be re-opened.
  absl::StatusOr<Lease> Acquire(std::optional<base::SteadyTime> give_up = std::nullopt);

  // Shuts down every leased connection now and refuses every later Acquire.
  void Interrupt();

 private:
  ConnectionPool(const DatabaseConfig& config);
  void Release(size_t slot, bool broken);
  void Watchdog();

  const DatabaseConfig config_;

  struct Watch {
    int socket = -1;                    // of a leased connection; -1 when free
    std::optional<base::SteadyTime> cut_at;
  };

  std::mutex mutex_;
  std::condition_variable available_;
  std::condition_variable watch_changed_;
  // slot -> connection; null when it must be (re)opened. A slot's entry is only
  // touched by the thread that holds the slot (it is not in free_ meanwhile).
  std::vector<std::unique_ptr<pqxx::connection>> connections_;
  std::vector<Watch> watches_;  // guarded by mutex_, by slot
  std::vector<size_t> free_;    // guarded by mutex_
  bool interrupted_ = false;    // guarded by mutex_
  bool stopping_ = false;       // guarded by mutex_
  // When the watchdog will look again; none: only when woken (guarded by mutex_).
  std::optional<base::SteadyTime> watchdog_wakes_;
  std::thread watchdog_;
};

// Opens one connection with the session settings and prepared statements that
// storage code relies on. Throws pqxx exceptions.
std::unique_ptr<pqxx::connection> OpenConnection(const DatabaseConfig& config);

// The URL with libpq's connect_timeout and TCP keepalive parameters added where
// the URL does not set them (a key=value string or a postgres:// URI). Exposed
// for tests.
std::string WithConnectionDefaults(const std::string& url, int connect_timeout_seconds);

// The name of the prepared statement that sets this transaction's
// statement_timeout (SET LOCAL), in milliseconds as text.
inline constexpr const char* kSetLocalStatementTimeout = "usulan_set_local_statement_timeout";

}  // namespace usulan::storage
