// The numbered SQL migrations of storage/migrations, compiled into the binary by
// storage/embed_migrations.cmake. Migrate() (database.h) applies them.
#pragma once

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

}  // namespace usulan::storage
