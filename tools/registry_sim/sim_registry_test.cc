// The simulator's CSV loading and its answers, without the network (the network
// path is tested end to end in tests/e2e/registry_sim_e2e_test.cc).
#include "tools/registry_sim/sim_registry.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::registry_sim {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kHeader = "nik,kk_number,name,birth_date,status\n";
constexpr char kKk[] = "3201010101260001";

absl::StatusOr<RegistryEntries> Load(const std::string& text) {
  std::istringstream in(text);
  auto registry = LoadRegistryCsv(in);
  if (!registry.ok()) return registry.status();
  return registry->entries;
}

TEST(LoadRegistryCsvTest, LoadsPeopleAndTheLastRowOfARepeatedNikWins) {
  auto entries = Load(kHeader +
                      "3201011204780001,3201010101260001,Asep Suryana,1978-04-12,ALIVE\n"
                      "\n"
                      "3201012503690014,3201010101260006,\"Karsim, bin Darma\",,DECEASED\n"
                      "3201011204780001,3201010101260009,Asep Suryana,1978-04-12,ALIVE\n");
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ(entries->at("3201011204780001").kk_number, "3201010101260009");
  EXPECT_FALSE(entries->at("3201011204780001").deceased);
  EXPECT_TRUE(entries->at("3201012503690014").deceased);
}

TEST(LoadRegistryCsvTest, ErrorsNameTheLineAndNeverTheValues) {
  const std::string good = "3201011204780001,3201010101260001,Asep Suryana,1978-04-12,ALIVE\n";
  struct Case {
    std::string text;
    std::string message;
    std::string secret;  // a value of the bad row that must not be echoed
  } cases[] = {
      {"nik,kk,name\n", "line 1: header", ""},
      {"", "line 1: header", ""},
      {kHeader + good + "320101120478000,3201010101260001,Euis,1982-09-03,ALIVE\n",
       "line 3: nik must be 16 digits", "320101120478000"},
      {kHeader + good + "3201014309820002,32010101012600X1,Euis Komariah,,ALIVE\n",
       "line 3: kk_number must be 16 digits", "32010101012600X1"},
      {kHeader + good + "\n3201014309820002,3201010101260001,Euis Komariah,03-09-1982,ALIVE\n",
       "line 4: birth_date", "3201014309820002"},
      {kHeader + "3201014309820002,3201010101260001,Euis Komariah,,MISSING\n",
       "line 2: status must be ALIVE or DECEASED", "Euis Komariah"},
      {kHeader + "3201014309820002,3201010101260001,,,ALIVE\n", "line 2: name is required",
       "3201014309820002"},
      {kHeader + "3201014309820002,3201010101260001,Euis Komariah\n", "line 2: expected 5 fields",
       "Euis Komariah"},
  };
  for (const Case& c : cases) {
    auto entries = Load(c.text);
    ASSERT_EQ(entries.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    std::string message(entries.status().message());
    EXPECT_THAT(message, HasSubstr(c.message));
    if (!c.secret.empty()) {
      EXPECT_THAT(message, Not(HasSubstr(c.secret)));
    }
  }
}

registry::v1::CheckHouseholdRequest Request(const std::vector<std::string>& niks) {
  registry::v1::CheckHouseholdRequest request;
  request.set_kk_number(kKk);
  for (size_t i = 0; i < niks.size(); ++i) {
    auto* member = request.add_members();
    member->set_position(static_cast<int>(i) + 1);
    member->set_nik(niks[i]);
    member->set_name("Warga " + std::to_string(i));
  }
  return request;
}

TEST(CheckHouseholdTest, AnswersEveryMemberByPositionWithTheSharedRule) {
  RegistryEntries entries = {{"3201011204780001", {kKk, false}},
                             {"3201014309820002", {kKk, true}},
                             {"3201012006100003", {"3201010101260002", false}}};
  auto request = Request({"3201012006100003", "3201011204780001", "3201019999999999",
                          "3201014309820002"});
  // Positions need not follow the order of the list.
  request.mutable_members(0)->set_position(7);
  auto response = CheckHousehold(entries, request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_EQ(response->members_size(), 4);
  const std::pair<int, registry::v1::NikStatus> want[] = {
      {7, registry::v1::NIK_STATUS_OTHER_FAMILY},
      {2, registry::v1::NIK_STATUS_MATCHED},
      {3, registry::v1::NIK_STATUS_NOT_FOUND},
      {4, registry::v1::NIK_STATUS_DECEASED},
  };
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(response->members(i).position(), want[i].first);
    EXPECT_EQ(response->members(i).status(), want[i].second) << i;
  }
}

TEST(CheckHouseholdTest, MalformedRequestsNameTheFieldNotTheValue) {
  RegistryEntries entries;
  auto bad_kk = Request({"3201011204780001"});
  bad_kk.set_kk_number("32010101");
  auto no_members = Request({});
  auto bad_nik = Request({"3201011204780001", "32010142"});
  auto zero_position = Request({"3201011204780001"});
  zero_position.mutable_members(0)->set_position(0);
  auto repeated = Request({"3201011204780001", "3201014309820002"});
  repeated.mutable_members(1)->set_position(1);
  const std::pair<registry::v1::CheckHouseholdRequest, std::string> cases[] = {
      {bad_kk, "kk_number must be 16 digits"},
      {no_members, "members must not be empty"},
      {bad_nik, "members[1].nik must be 16 digits"},
      {zero_position, "members[0].position"},
      {repeated, "members[1].position"},
  };
  for (const auto& [request, message] : cases) {
    auto response = CheckHousehold(entries, request);
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument) << message;
    EXPECT_THAT(std::string(response.status().message()), HasSubstr(message));
    EXPECT_THAT(std::string(response.status().message()), Not(HasSubstr("32010")));
  }
}

}  // namespace
}  // namespace usulan::registry_sim
