#include "workflow/household.h"

#include <functional>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/population_registry.h"

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;

constexpr char kHeadNik[] = "3201011505800001";    // 15 May 1980, man
constexpr char kSpouseNik[] = "3201015708820002";  // 17 Aug 1982, woman (57 = 17 + 40)
constexpr char kChildNik[] = "3201010103100003";   // 1 Mar 2010
constexpr char kKk[] = "3201010101200001";

Household ValidHousehold() {
  Household h;
  h.kk_number = kKk;
  h.address = "Jl. Melati No. 5, RT 02 RW 03";
  h.members = {
      {kHeadNik, "Budi Santoso", Relationship::kHead, Sex::kMale, "1980-05-15", "petani", false},
      {kSpouseNik, "Siti Aminah", Relationship::kSpouse, Sex::kFemale, "1982-08-17", "", false},
      {kChildNik, "Rina", Relationship::kChild, Sex::kUnspecified, "2010-03-01", "", true},
  };
  h.socio_economic.floor_area_m2 = 36;
  h.socio_economic.floor_type = "tanah";
  h.socio_economic.monthly_expenditure_idr = 1'200'000;
  h.socio_economic.monthly_income_idr = 900'000;
  return h;
}

std::string Msg(const absl::Status& status) { return std::string(status.message()); }

TEST(HouseholdTest, ValidHouseholdPassesForEveryKind) {
  for (Kind kind : kAllKinds) {
    const absl::Status status = ValidateHousehold(ValidHousehold(), kind);
    EXPECT_TRUE(status.ok()) << Name(kind) << ": " << status;
  }
}

TEST(HouseholdTest, NamesOfRelationshipAndSex) {
  EXPECT_EQ(Name(Relationship::kUnspecified), "UNSPECIFIED");
  EXPECT_EQ(Name(Relationship::kHead), "HEAD");
  EXPECT_EQ(Name(Relationship::kSpouse), "SPOUSE");
  EXPECT_EQ(Name(Relationship::kChild), "CHILD");
  EXPECT_EQ(Name(Relationship::kParent), "PARENT");
  EXPECT_EQ(Name(Relationship::kOtherRelative), "OTHER_RELATIVE");
  EXPECT_EQ(Name(Relationship::kOther), "OTHER");
  EXPECT_EQ(Name(Sex::kUnspecified), "UNSPECIFIED");
  EXPECT_EQ(Name(Sex::kMale), "MALE");
  EXPECT_EQ(Name(Sex::kFemale), "FEMALE");
}

TEST(HouseholdTest, IsSixteenDigits) {
  EXPECT_TRUE(IsSixteenDigits("0000000000000000"));
  EXPECT_TRUE(IsSixteenDigits(kKk));
  EXPECT_FALSE(IsSixteenDigits("320101150580000"));
  EXPECT_FALSE(IsSixteenDigits("32010115058000011"));
  EXPECT_FALSE(IsSixteenDigits("320101150580000a"));
  EXPECT_FALSE(IsSixteenDigits("3201011505 80001"));
  EXPECT_FALSE(IsSixteenDigits(""));
}

struct NikCase {
  std::string nik;
  std::string birth_date;
  Sex sex;
  bool ok;
  std::string why;
};

TEST(HouseholdTest, ValidateNik) {
  const std::vector<NikCase> cases = {
      {kHeadNik, "", Sex::kUnspecified, true, "structure only"},
      {kHeadNik, "1980-05-15", Sex::kMale, true, "agrees with date and sex"},
      {kSpouseNik, "1982-08-17", Sex::kFemale, true, "woman: day + 40"},
      {"3201010101000001", "", Sex::kUnspecified, true, "day 01"},
      {"3201013112000001", "", Sex::kUnspecified, true, "day 31, month 12"},
      {"3201014101000001", "", Sex::kFemale, true, "day 41 = woman born on the 1st"},
      {"3201017101000001", "", Sex::kFemale, true, "day 71 = woman born on the 31st"},
      {"320101150580000", "", Sex::kUnspecified, false, "15 digits"},
      {"32010115058000011", "", Sex::kUnspecified, false, "17 digits"},
      {"32010115058000a1", "", Sex::kUnspecified, false, "letter"},
      {"3201010005800001", "", Sex::kUnspecified, false, "day 00"},
      {"3201013205800001", "", Sex::kUnspecified, false, "day 32"},
      {"3201014005800001", "", Sex::kUnspecified, false, "day 40"},
      {"3201017205800001", "", Sex::kUnspecified, false, "day 72"},
      {"3201019905800001", "", Sex::kUnspecified, false, "day 99"},
      {"3201011500800001", "", Sex::kUnspecified, false, "month 00"},
      {"3201011513800001", "", Sex::kUnspecified, false, "month 13"},
      {kHeadNik, "1980-05-16", Sex::kUnspecified, false, "day differs from birth date"},
      {kHeadNik, "1980-06-15", Sex::kUnspecified, false, "month differs from birth date"},
      {kHeadNik, "1981-05-15", Sex::kUnspecified, false, "year differs from birth date"},
      {kHeadNik, "", Sex::kFemale, false, "man's day for a woman"},
      {kSpouseNik, "", Sex::kMale, false, "woman's day for a man"},
      {kSpouseNik, "1982-08-57", Sex::kUnspecified, true,
       "malformed birth date is reported against its own field"},
  };
  for (const NikCase& c : cases) {
    SCOPED_TRACE(c.why);
    const absl::Status status = ValidateNik(c.nik, c.birth_date, c.sex, "member.nik");
    if (c.ok) {
      EXPECT_TRUE(status.ok()) << status;
      continue;
    }
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(Msg(status), HasSubstr("member.nik"));
    EXPECT_THAT(Msg(status), ::testing::Not(HasSubstr(c.nik)));
  }
}

struct HouseholdCase {
  std::string why;
  std::function<void(Household&)> mutate;
  std::string message;  // exact, or a prefix when it ends with "..."
};

TEST(HouseholdTest, FirstFailingFieldIsNamed) {
  const std::vector<HouseholdCase> cases = {
      {"kk short", [](Household& h) { h.kk_number = "320101010120000"; },
       "household.kk_number must be 16 digits"},
      {"kk missing", [](Household& h) { h.kk_number.clear(); },
       "household.kk_number must be 16 digits"},
      {"address too long", [](Household& h) { h.address = std::string(501, 'a'); },
       "household.address must be at most 500 characters"},
      {"no members", [](Household& h) { h.members.clear(); },
       "household.members must list at least one member"},
      {"too many members",
       [](Household& h) {
         while (h.members.size() < 31) h.members.push_back(h.members.back());
       },
       "household.members must list at most 30 members"},
      {"bad nik", [](Household& h) { h.members[2].nik = "12345"; },
       "household.members[2].nik must be 16 digits"},
      {"nik disagrees with birth date",
       [](Household& h) { h.members[1].birth_date = "1982-08-18"; },
       "household.members[1].nik does not agree with the birth date"},
      {"nik disagrees with sex", [](Household& h) { h.members[0].sex = Sex::kFemale; },
       "household.members[0].nik does not agree with the sex (women's birth day is coded + 40)"},
      {"name missing", [](Household& h) { h.members[1].name = ""; },
       "household.members[1].name is required"},
      {"name blank", [](Household& h) { h.members[1].name = "   "; },
       "household.members[1].name is required"},
      {"name too long", [](Household& h) { h.members[0].name = std::string(201, 'a'); },
       "household.members[0].name must be at most 200 characters"},
      {"relationship missing",
       [](Household& h) { h.members[2].relationship = Relationship::kUnspecified; },
       "household.members[2].relationship must be specified"},
      {"birth date malformed", [](Household& h) { h.members[2].birth_date = "2010-3-1"; },
       "household.members[2].birth_date must be a date written YYYY-MM-DD"},
      {"birth date impossible", [](Household& h) { h.members[2].birth_date = "2010-02-30"; },
       "household.members[2].birth_date must be a date written YYYY-MM-DD"},
      {"occupation too long", [](Household& h) { h.members[0].occupation = std::string(201, 'x'); },
       "household.members[0].occupation must be at most 200 characters"},
      {"duplicate nik",
       [](Household& h) {
         h.members[2].nik = kHeadNik;
         h.members[2].birth_date = "";
       },
       "household.members[2].nik duplicates household.members[0].nik"},
      {"no head", [](Household& h) { h.members[0].relationship = Relationship::kOther; },
       "household.members: exactly one member must be the head (HEAD)"},
      {"two heads", [](Household& h) { h.members[1].relationship = Relationship::kHead; },
       "household.members: exactly one member must be the head (HEAD)"},
      {"negative floor area", [](Household& h) { h.socio_economic.floor_area_m2 = -1; },
       "household.socio_economic.floor_area_m2 must not be negative"},
      {"negative expenditure", [](Household& h) { h.socio_economic.monthly_expenditure_idr = -1; },
       "household.socio_economic.monthly_expenditure_idr must not be negative"},
      {"negative income", [](Household& h) { h.socio_economic.monthly_income_idr = -5; },
       "household.socio_economic.monthly_income_idr must not be negative"},
      {"long wall type", [](Household& h) { h.socio_economic.wall_type = std::string(201, 'w'); },
       "household.socio_economic.wall_type must be at most 200 characters"},
  };
  for (const HouseholdCase& c : cases) {
    SCOPED_TRACE(c.why);
    Household household = ValidHousehold();
    c.mutate(household);
    for (Kind kind : {Kind::kNew, Kind::kDeactivation}) {
      const absl::Status status = ValidateHousehold(household, kind);
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
      EXPECT_EQ(Msg(status), c.message);
      // Personal data never appears in a message.
      for (const char* personal : {kKk, kHeadNik, kSpouseNik, kChildNik, "Budi", "Siti", "Rina"}) {
        EXPECT_THAT(Msg(status), ::testing::Not(HasSubstr(personal)));
      }
    }
  }
}

TEST(HouseholdTest, LimitsAreInclusiveAndCountCharactersNotBytes) {
  Household h = ValidHousehold();
  h.address = std::string(500, 'a');
  h.members[0].name = std::string(200, 'a');
  while (h.members.size() < 30) {
    Member child = h.members[2];
    // Distinct serials keep the NIKs unique.
    child.nik = "320101010310" + std::to_string(1000 + h.members.size());
    h.members.push_back(child);
  }
  EXPECT_TRUE(ValidateHousehold(h, Kind::kNew).ok()) << ValidateHousehold(h, Kind::kNew);

  // 200 letters with a two-byte accent each is still 200 characters.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "\xC3\xA9";  // é
  h.members[0].name = accented;
  EXPECT_TRUE(ValidateHousehold(h, Kind::kNew).ok());
  h.members[0].name += "a";
  EXPECT_EQ(Msg(ValidateHousehold(h, Kind::kNew)),
            "household.members[0].name must be at most 200 characters");
}

TEST(HouseholdTest, OptionalFieldsMayBeEmpty) {
  Household h = ValidHousehold();
  h.address.clear();
  for (Member& m : h.members) {
    m.birth_date.clear();
    m.sex = Sex::kUnspecified;
    m.occupation.clear();
  }
  h.socio_economic = SocioEconomic{};
  EXPECT_TRUE(ValidateHousehold(h, Kind::kNew).ok());
}

TEST(PopulationRegistryTest, NikStatusNames) {
  EXPECT_EQ(Name(NikStatus::kMatched), "MATCHED");
  EXPECT_EQ(Name(NikStatus::kNotFound), "NOT_FOUND");
  EXPECT_EQ(Name(NikStatus::kDeceased), "DECEASED");
  EXPECT_EQ(Name(NikStatus::kOtherFamily), "OTHER_FAMILY");
}

TEST(PopulationRegistryTest, MismatchedPositions) {
  EXPECT_TRUE(MismatchedPositions({}).empty());
  EXPECT_TRUE(MismatchedPositions({{1, NikStatus::kMatched}, {2, NikStatus::kMatched}}).empty());
  EXPECT_EQ(MismatchedPositions({{1, NikStatus::kMatched},
                                 {2, NikStatus::kNotFound},
                                 {3, NikStatus::kDeceased},
                                 {4, NikStatus::kMatched},
                                 {5, NikStatus::kOtherFamily}}),
            (std::vector<int>{2, 3, 5}));
}

}  // namespace
}  // namespace usulan::workflow
