// The civil-registry matching rule, shared by the development table and the
// simulator.
#include "workflow/population_registry.h"

#include <map>

#include <gtest/gtest.h>

namespace usulan::workflow {
namespace {

constexpr char kKk[] = "3201010101260001";
constexpr char kOtherKk[] = "3201010101260002";

TEST(MatchMemberTest, Rules) {
  const RegistryEntry alive{kKk, false};
  const RegistryEntry dead{kKk, true};
  const RegistryEntry elsewhere{kOtherKk, false};
  const RegistryEntry dead_elsewhere{kOtherKk, true};
  struct Case {
    const RegistryEntry* entry;
    NikStatus want;
  } cases[] = {
      {nullptr, NikStatus::kNotFound},
      {&alive, NikStatus::kMatched},
      {&dead, NikStatus::kDeceased},
      {&elsewhere, NikStatus::kOtherFamily},
      // Death outranks the family: a deceased person is never "moved".
      {&dead_elsewhere, NikStatus::kDeceased},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Name(MatchMember(c.entry, kKk)), Name(c.want));
  }
}

TEST(MatchHouseholdTest, OneCheckPerMemberInOrder) {
  Household household;
  household.kk_number = kKk;
  for (const char* nik : {"a", "b", "c", "d"}) household.members.push_back({.nik = nik});
  const std::map<std::string, RegistryEntry> registry = {
      {"a", {kKk, false}}, {"b", {kKk, true}}, {"d", {kOtherKk, false}}};
  std::vector<MemberCheck> checks = MatchHousehold(household, [&](const std::string& nik) {
    auto it = registry.find(nik);
    return it == registry.end() ? nullptr : &it->second;
  });
  ASSERT_EQ(checks.size(), 4u);
  const NikStatus want[] = {NikStatus::kMatched, NikStatus::kDeceased, NikStatus::kNotFound,
                            NikStatus::kOtherFamily};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(checks[i].position, i + 1);
    EXPECT_EQ(Name(checks[i].status), Name(want[i]));
  }
}

}  // namespace
}  // namespace usulan::workflow
