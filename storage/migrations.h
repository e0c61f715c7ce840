// The numbered SQL migrations of storage/migrations, compiled into the binary by
// storage/embed_migrations.cmake. Migrate() (database.h) applies them.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace usulan::storage {

struct Migration {
  int version;            // NNNN of NNNN_name.sql
  std::string_view name;  // the name part, e.g. "init"
  std::string_view sql;   // the whole file
};

// Every migration, in increasing version order. Static storage; thread-safe.
std::span<const Migration> Migrations();

// Key of the session-level advisory lock that serialises migrations across every
// process using the database ("usulan" in ASCII). Session-level, so that it is
// held across the per-migration transactions and released if the process dies.
inline constexpr int64_t kMigrationLockKey = 129127208263022;

}  // namespace usulan::storage
