// A large audit trail in seconds, for tests of reads over the whole trail
// (exports, chain verification): bench/scale_seed.sql through psql, as the
// superuser, on an empty migrated database. Its rows carry placeholder hashes
// (VerifyChain finds every chain broken), no households (household_pct 0).
#pragma once

#include <string>

namespace usulan::testing {

// Loads `proposals` proposals (about 6.6 transitions each) into the database at
// `superuser_url`. Throws std::runtime_error with psql's output if it fails.
// Call it before a server opens the database: it drops and rebuilds indexes.
void SeedAuditTrail(const std::string& superuser_url, int proposals);

}  // namespace usulan::testing
