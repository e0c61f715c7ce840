// Reads the development civil-registry file: a CSV with the header
//   nik,kk_number,name,birth_date,status
// where status is ALIVE or DECEASED and fields may be double-quoted.
#pragma once

#include <istream>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/records.h"

namespace usulan::registry {

// INVALID_ARGUMENT naming the line and column of the first bad row (never its
// values, which are personal data).
absl::StatusOr<std::vector<storage::RegistryPerson>> ReadRegistryCsv(std::istream& in);

}  // namespace usulan::registry
