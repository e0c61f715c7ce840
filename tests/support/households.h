// Valid household data for tests: NIKs whose region and date parts agree with the
// member, unique serials, and the matching civil-registry rows.
#pragma once

#include <string>
#include <vector>

#include "storage/records.h"
#include "usulan/v1/common.pb.h"

namespace usulan::testing {

// A NIK for someone first registered in kecamatan `kecamatan6`, born on
// `birth_date` (YYYY-MM-DD), with the given sex and serial (0..9999).
std::string MakeNik(const std::string& kecamatan6, const std::string& birth_date, bool female,
                    int serial);

// A household of a head, a spouse and `children` children in desa `desa_code`,
// with unique NIKs and KK number derived from `seed`.
v1::Household MakeHousehold(const std::string& desa_code, int seed, int children = 1);

// Registry rows confirming every member of the household (all ALIVE, same KK).
std::vector<storage::RegistryPerson> RegistryRowsFor(const v1::Household& household);

}  // namespace usulan::testing
