// Kemendagri region codes and the scope rule that follows from them: a code's
// prefix is its parent, so an actor of region R covers every code starting with R.
// The empty code is the national scope.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace usulan::workflow {

enum class RegionLevel { kNational, kProvince, kDistrict, kSubdistrict, kVillage };

// Level of a well-formed code ("" national, 2 province, 4 kabupaten/kota,
// 6 kecamatan, 10 desa/kelurahan digits); nullopt if the code is malformed.
std::optional<RegionLevel> LevelOf(std::string_view code);

std::string_view Name(RegionLevel level);

// True when `scope` is `code` itself or one of its ancestors.
bool Covers(std::string_view scope, std::string_view code);

// Kelurahan codes have 1xxx as their last four digits, desa codes 2xxx.
bool IsKelurahan(std::string_view desa_code);

struct RegionRef {
  std::string province_code;
  std::string kabupaten_code;
  std::string kecamatan_code;
  std::string desa_code;
};

// OK when each code is well formed and the prefix of the next; otherwise
// INVALID_ARGUMENT naming the offending field as `<field_prefix>.<name>`.
absl::Status ValidateRegion(const RegionRef& region, std::string_view field_prefix);

// The full chain of parents derived from a 10-digit desa code.
RegionRef RegionOfDesa(std::string_view desa_code);

}  // namespace usulan::workflow
