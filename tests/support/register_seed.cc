#include "tests/support/register_seed.h"

#include <cstdio>

#include "base/string_view_compat.h"

namespace usulan::testing {

std::string SeedRegisterEntry(const ScratchDatabase& database, const std::string& desa_code,
                              std::string_view status, int n) {
  char id[37];
  std::snprintf(id, sizeof id, "5eed0000-0000-4000-8000-%012d", n);
  database.ExecAsSuperuser(base::Concat(
      "BEGIN; SET LOCAL session_replication_role = replica; "
      "INSERT INTO register_entries (id, province_code, kabupaten_code, kecamatan_code, "
      "desa_code, status, listed_by, listed_decree, since_cycle, household_proposal, version, "
      "history_head, updated_at) VALUES ('", id, "', '", desa_code.substr(0, 2), "', '",
      desa_code.substr(0, 4), "', '", desa_code.substr(0, 6), "', '", desa_code, "', '", status,
      "', '", id, "', 'K-1', '2026-01', '", id, "', 1, repeat('a', 64), now()); COMMIT"));
  return id;
}

}  // namespace usulan::testing
