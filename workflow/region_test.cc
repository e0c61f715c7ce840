#include "workflow/region.h"

#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace usulan::workflow {
namespace {

TEST(RegionTest, LevelOf) {
  struct Case {
    std::string code;
    std::optional<RegionLevel> level;
  };
  const std::vector<Case> cases = {
      {"", RegionLevel::kNational},
      {"32", RegionLevel::kProvince},
      {"3201", RegionLevel::kDistrict},
      {"320101", RegionLevel::kSubdistrict},
      {"3201012001", RegionLevel::kVillage},
      {"3", std::nullopt},
      {"321", std::nullopt},
      {"32010", std::nullopt},
      {"3201012", std::nullopt},
      {"32010120", std::nullopt},
      {"320101200", std::nullopt},
      {"32010120011", std::nullopt},
      {"3a", std::nullopt},
      {"32.01", std::nullopt},
      {"32 1", std::nullopt},
      {"320101200x", std::nullopt},
      {"-1", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(LevelOf(c.code), c.level) << "\"" << c.code << "\"";
  }
}

TEST(RegionTest, LevelNames) {
  EXPECT_EQ(Name(RegionLevel::kNational), "NATIONAL");
  EXPECT_EQ(Name(RegionLevel::kProvince), "PROVINCE");
  EXPECT_EQ(Name(RegionLevel::kDistrict), "DISTRICT");
  EXPECT_EQ(Name(RegionLevel::kSubdistrict), "SUBDISTRICT");
  EXPECT_EQ(Name(RegionLevel::kVillage), "VILLAGE");
}

TEST(RegionTest, Covers) {
  struct Case {
    std::string scope;
    std::string code;
    bool covers;
  };
  const std::vector<Case> cases = {
      {"", "3201012001", true},
      {"32", "3201012001", true},
      {"3201", "3201012001", true},
      {"320101", "3201012001", true},
      {"3201012001", "3201012001", true},
      {"33", "3201012001", false},
      {"3202", "3201012001", false},
      {"320102", "3201012001", false},
      {"3201012002", "3201012001", false},
      // A child never covers its parent.
      {"3201012001", "3201", false},
      {"3201", "32", false},
      // Sibling kabupaten 3210 must not be covered by province-like prefix 321.
      {"32", "3210012001", true},
      {"3201", "3210012001", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Covers(c.scope, c.code), c.covers) << "\"" << c.scope << "\" / " << c.code;
  }
}

TEST(RegionTest, IsKelurahan) {
  EXPECT_TRUE(IsKelurahan("3201011001"));
  EXPECT_TRUE(IsKelurahan("3171011999"));
  EXPECT_FALSE(IsKelurahan("3201012001"));
  EXPECT_FALSE(IsKelurahan("3201012999"));
  // Malformed codes are neither, and must not be read past their end.
  EXPECT_FALSE(IsKelurahan("3201011"));
  EXPECT_FALSE(IsKelurahan(""));
  EXPECT_FALSE(IsKelurahan("32010110x1"));
}

TEST(RegionTest, ValidateRegionAcceptsAConsistentChain) {
  const RegionRef ok{"32", "3201", "320101", "3201012001"};
  EXPECT_TRUE(ValidateRegion(ok, "region").ok());
}

TEST(RegionTest, ValidateRegionNamesTheOffendingField) {
  struct Case {
    RegionRef region;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"3", "3201", "320101", "3201012001"}, "region.province_code must be 2 digits"},
      {{"32", "320", "320101", "3201012001"}, "region.kabupaten_code must be 4 digits"},
      {{"32", "3201", "3201011", "3201012001"}, "region.kecamatan_code must be 6 digits"},
      {{"32", "3201", "320101", "320101200"}, "region.desa_code must be 10 digits"},
      {{"32", "3201", "320101", "320101200a"}, "region.desa_code must be 10 digits"},
      {{"", "3201", "320101", "3201012001"}, "region.province_code must be 2 digits"},
      {{"33", "3201", "320101", "3201012001"},
       "region.kabupaten_code is not under region.province_code"},
      {{"32", "3202", "320101", "3201012001"},
       "region.kecamatan_code is not under region.kabupaten_code"},
      {{"32", "3201", "320102", "3201012001"},
       "region.desa_code is not under region.kecamatan_code"},
  };
  for (const Case& c : cases) {
    const absl::Status status = ValidateRegion(c.region, "region");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_EQ(std::string(status.message()), c.message);
  }
}

TEST(RegionTest, ValidateRegionUsesTheGivenPrefix) {
  const RegionRef bad{"32", "3201", "320101", "1"};
  EXPECT_EQ(std::string(ValidateRegion(bad, "deliberation.region").message()),
            "deliberation.region.desa_code must be 10 digits");
  EXPECT_EQ(std::string(ValidateRegion(bad, "").message()), "desa_code must be 10 digits");
}

TEST(RegionTest, RegionOfDesaDerivesEveryParent) {
  const RegionRef ref = RegionOfDesa("3201012001");
  EXPECT_EQ(ref.province_code, "32");
  EXPECT_EQ(ref.kabupaten_code, "3201");
  EXPECT_EQ(ref.kecamatan_code, "320101");
  EXPECT_EQ(ref.desa_code, "3201012001");
  EXPECT_TRUE(ValidateRegion(ref, "region").ok());
}

}  // namespace
}  // namespace usulan::workflow
