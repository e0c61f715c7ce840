#include "workflow/region.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "workflow/formats.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {


std::string FieldName(std::string_view prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  return base::Concat(prefix, ".", name);
}

}  // namespace

std::optional<RegionLevel> LevelOf(std::string_view code) {
  if (!IsAllDigits(code)) return std::nullopt;
  switch (code.size()) {
    case 0:
      return RegionLevel::kNational;
    case 2:
      return RegionLevel::kProvince;
    case 4:
      return RegionLevel::kDistrict;
    case 6:
      return RegionLevel::kSubdistrict;
    case 10:
      return RegionLevel::kVillage;
    default:
      return std::nullopt;
  }
}

std::string_view Name(RegionLevel level) {
  switch (level) {
    case RegionLevel::kNational:
      return "NATIONAL";
    case RegionLevel::kProvince:
      return "PROVINCE";
    case RegionLevel::kDistrict:
      return "DISTRICT";
    case RegionLevel::kSubdistrict:
      return "SUBDISTRICT";
    case RegionLevel::kVillage:
      return "VILLAGE";
  }
  return "UNKNOWN";
}

bool Covers(std::string_view scope, std::string_view code) {
  return absl::StartsWith(base::AsAbsl(code), base::AsAbsl(scope));
}

bool IsKelurahan(std::string_view desa_code) {
  return LevelOf(desa_code) == RegionLevel::kVillage && desa_code[6] == '1';
}

absl::Status ValidateRegion(const RegionRef& region, std::string_view field_prefix) {
  struct Part {
    std::string_view name;
    const std::string& code;
    RegionLevel level;
    std::string_view digits;
  };
  // Top-down, so that the first error reported is the one nearest the root: a wrong
  // province makes every code below it look wrong too.
  const Part parts[] = {
      {"province_code", region.province_code, RegionLevel::kProvince, "2"},
      {"kabupaten_code", region.kabupaten_code, RegionLevel::kDistrict, "4"},
      {"kecamatan_code", region.kecamatan_code, RegionLevel::kSubdistrict, "6"},
      {"desa_code", region.desa_code, RegionLevel::kVillage, "10"},
  };
  for (const Part& part : parts) {
    if (LevelOf(part.code) != part.level) {
      return absl::InvalidArgumentError(
          base::Concat(FieldName(field_prefix, part.name), " must be ", part.digits, " digits"));
    }
  }
  for (std::size_t i = 1; i < std::size(parts); ++i) {
    if (!Covers(parts[i - 1].code, parts[i].code)) {
      return absl::InvalidArgumentError(base::Concat(FieldName(field_prefix, parts[i].name),
                                               " is not under ",
                                               FieldName(field_prefix, parts[i - 1].name)));
    }
  }
  return absl::OkStatus();
}

RegionRef RegionOfDesa(std::string_view desa_code) {
  RegionRef ref;
  ref.province_code = std::string(desa_code.substr(0, 2));
  ref.kabupaten_code = std::string(desa_code.substr(0, 4));
  ref.kecamatan_code = std::string(desa_code.substr(0, 6));
  ref.desa_code = std::string(desa_code);
  return ref;
}

}  // namespace usulan::workflow
