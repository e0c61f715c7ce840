// PostgreSQL access: a fixed-size connection pool and one-transaction units of
// work. The only place (with the other storage/ files) that includes pqxx; every
// pqxx exception is caught here and turned into an absl::Status:
//   serialization failure, deadlock      -> ABORTED
//   unique violation                     -> ALREADY_EXISTS (FAILED_PRECONDITION
//                                           for a second open change of one
//                                           register entry, 0013)
//   broken connection, statement timeout -> UNAVAILABLE
//   connection lost during COMMIT        -> UNAVAILABLE "outcome unknown" (retry
//                                           with the same request_id)
//   no free connection within the wait   -> RESOURCE_EXHAUSTED
//   lock_timeout (55P03)                 -> ABORTED
//   audit chain invariant (SQLSTATE UA*) -> INTERNAL "database error", at the
//                                           statement or at commit (0008)
//   anything else                        -> INTERNAL "database error" (the SQL text
//                                           and server message are logged, never
//                                           returned, and never contain bound values)
// Thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "base/call_limits.h"

namespace usulan::storage {

class Tx;
class ConnectionPool;

struct DatabaseConfig {
  std::string url;     // libpq connection string or URI
  int pool_size = 8;   // connections opened at start
  // How long a transaction waits for a free pooled connection before answering
  // RESOURCE_EXHAUSTED (--db-pool-wait-ms): under a burst, callers are told the
  // server is overloaded instead of queueing without bound.
  std::chrono::milliseconds acquire_timeout{2000};
  // Secret key of the NIK keyed hash (audit/keyed_hash.h; --nik-key-file). Every
  // Tx method that writes or looks up members by NIK needs it and answers
  // FAILED_PRECONDITION without it. Empty, or at least audit::kMinNikKeyBytes.
  std::string nik_key;
  // Session settings of every pooled connection (docs/limits.md, "Database and
  // deadlines"). The server enforces the first three; 0 disables one.
  std::chrono::milliseconds statement_timeout{5000};
  std::chrono::milliseconds lock_timeout{2000};
  std::chrono::milliseconds idle_in_transaction_timeout{10000};
  // libpq's connect_timeout, and TCP keepalives, added to the URL unless it sets
  // them itself (a dead host or network is noticed in about a minute).
  int connect_timeout_seconds = 5;
  // The client-side bound on one transaction, whoever runs it: when it passes the
  // connection's socket is shut down, so that even a database that answers
  // nothing (a frozen host; a server-side timeout needs a running server) cannot
  // hold a thread. A call's own deadline bounds its transactions sooner.
  std::chrono::milliseconds transaction_timeout{60000};
};

// The message of UNAVAILABLE when the connection was lost while COMMIT was on its
// way: the change may or may not have been made. The request id makes the retry
// safe (a repeat answers the stored result, or makes the change once).
inline constexpr const char* kOutcomeUnknown =
    "database connection lost during commit; the outcome is unknown: retry with the same "
    "request_id";

// The messages of refusals that were decided before any COMMIT was sent, so the
// transaction was rolled back: they say so, that a client can tell them from
// kOutcomeUnknown (issue 13's frozen-database test reads every refusal).
// UNAVAILABLE when the connection was lost, cut by the watchdog, or a statement
// was cancelled by the database (statement_timeout, admin shutdown).
inline constexpr const char* kDatabaseUnavailable = "database unavailable; nothing was changed";
// UNAVAILABLE once Interrupt() (shutdown) refuses or cuts the work.
inline constexpr const char* kShuttingDown = "the server is shutting down; nothing was changed";

// How long before a call's deadline its database work is given up, so that the
// server, not the client's timer, answers it (and says what happened).
inline constexpr std::chrono::milliseconds kAnswerMargin{100};

class Database {
 public:
  // Opens pool_size connections and prepares every statement on each.
  // UNAVAILABLE if the database cannot be reached; INVALID_ARGUMENT for a NIK key
  // that is not empty but shorter than audit::kMinNikKeyBytes.
  static absl::StatusOr<std::unique_ptr<Database>> Open(const DatabaseConfig& config);
  ~Database();

  // Runs `work` inside one READ COMMITTED transaction. Commits when `work` returns
  // OK, rolls back otherwise (and returns work's status). Nothing of a failed unit
  // is left behind.
  //
  // The call this thread works for (base::CurrentCall) bounds it: a call past its
  // deadline or cancelled is not started (DEADLINE_EXCEEDED / CANCELLED); its
  // statements time out with its deadline (less kAnswerMargin); it is checked
  // again just before COMMIT and rolled back if no longer wanted; a database
  // failure once its deadline has passed answers DEADLINE_EXCEEDED. When the
  // connection is lost during COMMIT itself the outcome cannot be known: the
  // answer is UNAVAILABLE with kOutcomeUnknown (above). After
  // Interrupt(), UNAVAILABLE.
  absl::Status InTransaction(const std::function<absl::Status(Tx&)>& work);

  // For shutdown: every running transaction's connection is cut now (it rolls
  // back; one in COMMIT is in doubt) and no transaction starts any more, so that
  // no thread waits on a stalled database past the server's grace and nothing
  // answered as failed commits later. Thread-safe; irreversible.
  void Interrupt();

 private:
  Database(std::unique_ptr<ConnectionPool> pool, const DatabaseConfig& config);
  // The status of a failed transaction as the caller should see it.
  absl::Status Explain(absl::Status failure, const base::CallLimits* call) const;
  std::unique_ptr<ConnectionPool> pool_;
  const std::string nik_key_;
  const std::chrono::milliseconds statement_timeout_;
  const std::chrono::milliseconds transaction_timeout_;
};

// Applies every numbered migration in storage/migrations that is not yet applied,
// in order, each in its own transaction, under a PostgreSQL advisory lock so that
// concurrent servers starting together migrate once. Returns the number applied.
absl::StatusOr<int> Migrate(const std::string& url);

}  // namespace usulan::storage
