#include "workflow/household.h"

#include <cstddef>
#include <string>

#include "absl/strings/ascii.h"
#include "workflow/formats.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

// A KK in the register rarely has more than a dozen members; 30 leaves room for
// extended families while bounding what one proposal can carry.
constexpr std::size_t kMaxMembers = 30;
constexpr std::size_t kMaxNameChars = 200;
constexpr std::size_t kMaxAddressChars = 500;
constexpr std::size_t kMaxShortTextChars = 200;

// NIK date part: day + 40 marks a woman.
constexpr int kFemaleDayOffset = 40;

int TwoDigits(std::string_view s, std::size_t pos) {
  return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

// Limits are in characters as people count them, so a UTF-8 name with accents is
// not penalised for its multi-byte letters.
std::size_t Utf8Length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool IsBlank(std::string_view value) { return absl::StripAsciiWhitespace(base::AsAbsl(value)).empty(); }

absl::Status Invalid(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(base::Concat(field, " ", problem));
}

absl::Status CheckLength(std::string_view field, std::string_view value, std::size_t max) {
  if (Utf8Length(value) > max) {
    return Invalid(field, base::Concat("must be at most ", max, " characters"));
  }
  return absl::OkStatus();
}

absl::Status CheckMember(const Member& member, std::string_view prefix) {
  const std::string nik_field = base::Concat(prefix, ".nik");
  if (absl::Status nik = ValidateNik(member.nik, member.birth_date, member.sex, nik_field);
      !nik.ok()) {
    return nik;
  }
  const std::string name_field = base::Concat(prefix, ".name");
  if (IsBlank(member.name)) return Invalid(name_field, "is required");
  if (absl::Status s = CheckLength(name_field, member.name, kMaxNameChars); !s.ok()) return s;
  if (member.relationship == Relationship::kUnspecified) {
    return Invalid(base::Concat(prefix, ".relationship"), "must be specified");
  }
  if (!member.birth_date.empty() && !IsIsoDate(member.birth_date)) {
    return Invalid(base::Concat(prefix, ".birth_date"), "must be a date written YYYY-MM-DD");
  }
  return CheckLength(base::Concat(prefix, ".occupation"), member.occupation, kMaxShortTextChars);
}

absl::Status CheckSocioEconomic(const SocioEconomic& se) {
  constexpr std::string_view kPrefix = "household.socio_economic.";
  if (se.floor_area_m2 < 0) {
    return Invalid(base::Concat(kPrefix, "floor_area_m2"), "must not be negative");
  }
  if (se.monthly_expenditure_idr < 0) {
    return Invalid(base::Concat(kPrefix, "monthly_expenditure_idr"), "must not be negative");
  }
  if (se.monthly_income_idr < 0) {
    return Invalid(base::Concat(kPrefix, "monthly_income_idr"), "must not be negative");
  }
  const std::pair<std::string_view, const std::string*> texts[] = {
      {"floor_type", &se.floor_type},
      {"wall_type", &se.wall_type},
      {"roof_type", &se.roof_type},
      {"drinking_water_source", &se.drinking_water_source},
      {"lighting_source", &se.lighting_source},
      {"cooking_fuel", &se.cooking_fuel},
      {"toilet_facility", &se.toilet_facility},
  };
  for (const auto& [name, value] : texts) {
    if (absl::Status s = CheckLength(base::Concat(kPrefix, name), *value, kMaxShortTextChars); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view Name(Relationship relationship) {
  switch (relationship) {
    case Relationship::kUnspecified:
      return "UNSPECIFIED";
    case Relationship::kHead:
      return "HEAD";
    case Relationship::kSpouse:
      return "SPOUSE";
    case Relationship::kChild:
      return "CHILD";
    case Relationship::kParent:
      return "PARENT";
    case Relationship::kOtherRelative:
      return "OTHER_RELATIVE";
    case Relationship::kOther:
      return "OTHER";
  }
  return "UNKNOWN";
}

std::string_view Name(Sex sex) {
  switch (sex) {
    case Sex::kUnspecified:
      return "UNSPECIFIED";
    case Sex::kMale:
      return "MALE";
    case Sex::kFemale:
      return "FEMALE";
  }
  return "UNKNOWN";
}

bool IsSixteenDigits(std::string_view value) {
  if (value.size() != 16) return false;
  for (char c : value) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

absl::Status ValidateNik(std::string_view nik, std::string_view birth_date, Sex sex,
                         std::string_view field) {
  if (!IsSixteenDigits(nik)) return Invalid(field, "must be 16 digits");
  const int coded_day = TwoDigits(nik, 6);
  const int month = TwoDigits(nik, 8);
  const int yy = TwoDigits(nik, 10);
  const bool female = coded_day > kFemaleDayOffset;
  const int day = female ? coded_day - kFemaleDayOffset : coded_day;
  if (day < 1 || day > 31) return Invalid(field, "has an impossible birth day");
  if (month < 1 || month > 12) return Invalid(field, "has an impossible birth month");
  // A malformed birth date is reported against its own field by the caller; here it
  // simply cannot be compared.
  if (IsIsoDate(birth_date)) {
    const int birth_yy = TwoDigits(birth_date, 2);
    const int birth_month = TwoDigits(birth_date, 5);
    const int birth_day = TwoDigits(birth_date, 8);
    if (birth_day != day || birth_month != month || birth_yy != yy) {
      return Invalid(field, "does not agree with the birth date");
    }
  }
  if ((sex == Sex::kFemale && !female) || (sex == Sex::kMale && female)) {
    return Invalid(field, "does not agree with the sex (women's birth day is coded + 40)");
  }
  return absl::OkStatus();
}

absl::Status ValidateHousehold(const Household& household, Kind kind) {
  // A deactivation still names a household that must be identifiable in the
  // register, so every kind is held to the same rules.
  static_cast<void>(kind);
  if (!IsSixteenDigits(household.kk_number)) {
    return Invalid("household.kk_number", "must be 16 digits");
  }
  if (absl::Status s = CheckLength("household.address", household.address, kMaxAddressChars);
      !s.ok()) {
    return s;
  }
  if (household.members.empty()) {
    return Invalid("household.members", "must list at least one member");
  }
  if (household.members.size() > kMaxMembers) {
    return Invalid("household.members", base::Concat("must list at most ", kMaxMembers, " members"));
  }
  int heads = 0;
  for (std::size_t j = 0; j < household.members.size(); ++j) {
    const Member& member = household.members[j];
    const std::string prefix = base::Concat("household.members[", j, "]");
    if (absl::Status s = CheckMember(member, prefix); !s.ok()) return s;
    for (std::size_t i = 0; i < j; ++i) {
      if (household.members[i].nik == member.nik) {
        return absl::InvalidArgumentError(
            base::Concat(prefix, ".nik duplicates household.members[", i, "].nik"));
      }
    }
    if (member.relationship == Relationship::kHead) ++heads;
  }
  if (heads != 1) {
    return absl::InvalidArgumentError(
        "household.members: exactly one member must be the head (HEAD)");
  }
  return CheckSocioEconomic(household.socio_economic);
}

}  // namespace usulan::workflow
