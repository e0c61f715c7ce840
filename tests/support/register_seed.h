// Register entries written straight into a test database, for tests of what names
// an entry (CORRECTION, DEACTIVATION, REACTIVATION, OBJECTION) without walking a
// NEW proposal up to Pusdatin first. Written as the superuser with triggers off,
// so the entry has no history rows: enough for the entry checks, not for tests of
// the register's own chain.
#pragma once

#include <string>
#include <string_view>

#include "tests/support/scratch_database.h"

namespace usulan::testing {

// Inserts an entry of `desa_code` (10 digits) in `status` ("ACTIVE" or "INACTIVE")
// with an id made from `n` (distinct n, distinct entries) and answers its id.
std::string SeedRegisterEntry(const ScratchDatabase& database, const std::string& desa_code,
                              std::string_view status, int n);

}  // namespace usulan::testing
