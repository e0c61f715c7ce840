// The household a proposal is about, and the rules its data must satisfy before
// it may be stored. NIK, KK numbers and names are personal data: the messages of
// the statuses returned here name fields and positions, never the values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {

enum class Relationship { kUnspecified, kHead, kSpouse, kChild, kParent, kOtherRelative, kOther };
enum class Sex { kUnspecified, kMale, kFemale };

std::string_view Name(Relationship relationship);
std::string_view Name(Sex sex);

struct Member {
  std::string nik;
  std::string name;
  Relationship relationship = Relationship::kUnspecified;
  Sex sex = Sex::kUnspecified;
  std::string birth_date;  // YYYY-MM-DD or empty
  std::string occupation;
  bool has_disability = false;
};

struct SocioEconomic {
  int32_t floor_area_m2 = 0;
  std::string floor_type;
  std::string wall_type;
  std::string roof_type;
  std::string drinking_water_source;
  std::string lighting_source;
  std::string cooking_fuel;
  std::string toilet_facility;
  int64_t monthly_expenditure_idr = 0;
  int64_t monthly_income_idr = 0;
};

struct Household {
  std::string kk_number;
  std::string address;
  std::vector<Member> members;
  SocioEconomic socio_economic;
};

// True for exactly 16 ASCII digits.
bool IsSixteenDigits(std::string_view value);

// Checks a NIK's structure: 16 digits, a plausible date part (day 01-31, or 41-71
// for women; month 01-12), and when birth_date/sex are given, agreement with them.
// INVALID_ARGUMENT naming `field` on failure.
absl::Status ValidateNik(std::string_view nik, std::string_view birth_date, Sex sex,
                         std::string_view field);

// Validates a household for a proposal of `kind`: KK number, at least one member,
// exactly one head, every NIK well formed and unique within the household, names
// present, dates well formed, non-negative socio-economic figures, text lengths
// bounded. INVALID_ARGUMENT naming the first failing field, e.g.
// "household.members[2].nik".
absl::Status ValidateHousehold(const Household& household, Kind kind);

}  // namespace usulan::workflow
