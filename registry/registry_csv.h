// Reads the development civil-registry file: a CSV with the header
//   nik,kk_number,name,birth_date,status[,death_date,desa_code]
// where status is ALIVE or DECEASED and fields may be double-quoted. The two
// last columns are optional (files without them still load): a DECEASED row
// with a death_date (YYYY-MM-DD) and the desa_code of the person's domicile is
// on the death list (usulan-registry-sim's ListDeaths); one without is known to
// the NIK check only.
#pragma once

#include <istream>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/records.h"

namespace usulan::registry {

struct RegistryCsvRow {
  storage::RegistryPerson person;
  std::string death_date;  // "" unless DECEASED with a known date
  std::string desa_code;   // "" or the 10-digit desa of the domicile
};

// INVALID_ARGUMENT naming the line and column of the first bad row (never its
// values, which are personal data): a death_date on a row that is not DECEASED,
// or one without a desa_code, is bad too.
absl::StatusOr<std::vector<RegistryCsvRow>> ReadRegistryCsvRows(std::istream& in);

// The people of ReadRegistryCsvRows (what load-registry stores).
absl::StatusOr<std::vector<storage::RegistryPerson>> ReadRegistryCsv(std::istream& in);

}  // namespace usulan::registry
