// PostgreSQL access: a fixed-size connection pool and one-transaction units of
// work. The only place (with the other storage/ files) that includes pqxx; every
// pqxx exception is caught here and turned into an absl::Status:
//   serialization failure, deadlock      -> ABORTED
//   unique violation                     -> ALREADY_EXISTS
//   broken connection, pool exhausted    -> UNAVAILABLE
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

namespace usulan::storage {

class Tx;
class ConnectionPool;

struct DatabaseConfig {
  std::string url;     // libpq connection string or URI
  int pool_size = 8;   // connections opened at start
  std::chrono::milliseconds acquire_timeout{5000};
  // Secret key of the NIK keyed hash (audit/keyed_hash.h; --nik-key-file). Every
  // Tx method that writes or looks up members by NIK needs it and answers
  // FAILED_PRECONDITION without it. Empty, or at least audit::kMinNikKeyBytes.
  std::string nik_key;
};

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
  absl::Status InTransaction(const std::function<absl::Status(Tx&)>& work);

 private:
  Database(std::unique_ptr<ConnectionPool> pool, std::string nik_key);
  std::unique_ptr<ConnectionPool> pool_;
  const std::string nik_key_;
};

// Applies every numbered migration in storage/migrations that is not yet applied,
// in order, each in its own transaction, under a PostgreSQL advisory lock so that
// concurrent servers starting together migrate once. Returns the number applied.
absl::StatusOr<int> Migrate(const std::string& url);

}  // namespace usulan::storage
