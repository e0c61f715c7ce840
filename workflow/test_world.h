// The region every workflow test acts in: desa 3201012001 of kecamatan 320101, in
// kabupaten 3201 of province 32; and the office each role holds there. Test-only.
#pragma once

#include <string>

#include "workflow/vocabulary.h"

namespace usulan::workflow::test_world {

inline constexpr char kDesa[] = "3201012001";
inline constexpr char kKabupaten[] = "3201";
inline constexpr char kProvince[] = "32";

// The region of `role`'s office that covers kDesa ("" = national).
inline std::string RegionFor(Role role) {
  switch (role) {
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kCitizen:
      return kDesa;
    case Role::kVerifier:
    case Role::kDistrictOfficer:
    case Role::kRegent:
    case Role::kAuditor:
      return kKabupaten;
    case Role::kProvinceOfficer:
      return kProvince;
    case Role::kCentralReviewer:
    case Role::kSystem:
      return "";
  }
  return "";
}

}  // namespace usulan::workflow::test_world
