#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <set>

#include "storage/database.h"
#include "storage/errors.h"
#include "storage/migrations.h"

namespace usulan::storage {
namespace {

const std::string kLockSql = "SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")";
const std::string kUnlockSql =
    "SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")";

// Created here rather than by a migration: it must exist before the first
// migration can be recorded in it.
constexpr const char* kCreateSchemaMigrations = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     int PRIMARY KEY,
  name        text NOT NULL,
  applied_at  timestamptz NOT NULL DEFAULT now()
))sql";

constexpr const char* kRecordMigration = "migrate_record";

absl::StatusOr<int> MigrateLocked(pqxx::connection& connection) {
  {
    // Created only when missing: the service's role (which may run this too, to
    // find nothing pending) has no right to create tables, and PostgreSQL checks
    // that right even for CREATE TABLE IF NOT EXISTS.
    pqxx::work transaction(connection);
    if (transaction.exec1("SELECT to_regclass('schema_migrations') IS NULL")[0].as<bool>()) {
      transaction.exec0(kCreateSchemaMigrations);
    }
    transaction.commit();
  }
  std::set<int> applied;
  {
    pqxx::work transaction(connection);
    for (const auto& row : transaction.exec("SELECT version FROM schema_migrations")) {
      applied.insert(row[0].as<int>());
    }
    transaction.commit();
  }
  connection.prepare(kRecordMigration,
                     "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)");

  int count = 0;
  for (const Migration& migration : Migrations()) {
    if (applied.erase(migration.version) > 0) continue;
    const std::string label =
        "migration " + std::to_string(migration.version) + "_" + std::string(migration.name);
    try {
      pqxx::work transaction(connection);
      // The audit tables' trigger (0004_audit_chain.sql) lets their owner change
      // rows only inside a migration.
      transaction.exec0("SET LOCAL usulan.migrating = 'on'");
      transaction.exec(std::string(migration.sql));
      transaction.exec_prepared0(kRecordMigration, migration.version,
                                 std::string(migration.name));
      transaction.commit();
    } catch (const std::exception& e) {
      absl::Status status = StatusFromException(e, label);
      if (absl::IsUnavailable(status)) return status;
      return absl::InternalError(label + " failed");
    }
    spdlog::info("storage: applied {}", label);
    ++count;
  }
  if (!applied.empty()) {
    // What is left was applied by a newer binary; an older one may still run on
    // this database during a rolling upgrade, as migrations only add.
    spdlog::warn("storage: database has {} migration(s) newer than this binary",
                 applied.size());
  }
  return count;
}

}  // namespace

absl::StatusOr<int> Migrate(const std::string& url) {
  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    static_cast<void>(StatusFromException(e, "migrate: connect"));  // logs the cause
    return absl::UnavailableError("database unavailable");
  }
  try {
    {
      pqxx::nontransaction session(*connection);
      session.exec(kLockSql);
    }
    absl::StatusOr<int> result = MigrateLocked(*connection);
    {
      pqxx::nontransaction session(*connection);
      session.exec(kUnlockSql);
    }
    return result;
  } catch (const std::exception& e) {
    // Closing the connection (when `connection` goes) releases the lock.
    absl::Status status = StatusFromException(e, "migrate");
    if (absl::IsUnavailable(status)) return status;
    return absl::InternalError("migration failed");
  }
}

}  // namespace usulan::storage
