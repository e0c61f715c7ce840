// The simulator's death list and welfare ranking, without the network (the
// network path: tests/e2e/central_sources_e2e_test.cc).
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tools/registry_sim/sim_paging.h"
#include "tools/registry_sim/sim_ranking.h"
#include "tools/registry_sim/sim_registry.h"

namespace usulan::registry_sim {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kPeople =
    "nik,kk_number,name,birth_date,status,death_date,desa_code\n"
    "3201011204780001,3201010101260001,Asep,1978-04-12,ALIVE,,\n"
    "3201012503690014,3201010101260006,Karsim,1969-03-25,DECEASED,,\n"
    "3201010000000003,3201010201260008,C,,DECEASED,2026-11-14,3201012002\n"
    "3201010000000001,3201010201260009,A,,DECEASED,2026-10-01,3201012002\n"
    "3201010000000002,3201010201260010,B,,DECEASED,2026-11-14,3201012002\n"
    "3201010000000004,3201010101260002,D,,DECEASED,2026-12-01,3201012001\n";

SimRegistry Registry() {
  std::istringstream in(kPeople);
  auto registry = LoadRegistryCsv(in);
  EXPECT_TRUE(registry.ok()) << registry.status();
  return registry.ok() ? *registry : SimRegistry();
}

std::vector<std::string> Niks(const registry::v1::ListDeathsResponse& response) {
  std::vector<std::string> niks;
  for (const auto& death : response.deaths()) niks.push_back(death.nik());
  return niks;
}

TEST(SimDeathListTest, ListsTheDatedDeathsSinceADateInPages) {
  SimRegistry registry = Registry();
  EXPECT_EQ(registry.entries.size(), 6u);
  ASSERT_EQ(registry.deaths.size(), 4u) << "Karsim has no date of death: not on the list";

  registry::v1::ListDeathsRequest request;
  request.set_since_date("2026-11-01");
  request.set_page_size(2);
  auto first = ListDeaths(registry.deaths, request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Niks(*first), ElementsAre("3201010000000002", "3201010000000003"));
  EXPECT_EQ(first->deaths(0).desa_code(), "3201012002");
  EXPECT_EQ(first->deaths(0).kk_number(), "3201010201260010");
  ASSERT_FALSE(first->next_page_token().empty());

  request.set_page_token(first->next_page_token());
  auto second = ListDeaths(registry.deaths, request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_THAT(Niks(*second), ElementsAre("3201010000000004"));
  EXPECT_EQ(second->next_page_token(), "");

  request.set_since_date("2027-01-01");
  request.clear_page_token();
  auto none = ListDeaths(registry.deaths, request);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->deaths_size(), 0);
}

TEST(SimDeathListTest, RefusesMalformedRequestsAndForeignTokens) {
  SimRegistry registry = Registry();
  registry::v1::ListDeathsRequest request;
  request.set_since_date("2026-11-31");
  EXPECT_THAT(ListDeaths(registry.deaths, request).status().message(), HasSubstr("since_date"));
  request.set_since_date("2026-11-01");
  for (std::string token : {"2026-10-01/1", "2026-11-01/", "2026-11-01/x", "2026-11-01/0",
                            "2026-11-01/99", "garbage"}) {
    request.set_page_token(token);
    auto answer = ListDeaths(registry.deaths, request);
    EXPECT_EQ(answer.status().code(), absl::StatusCode::kInvalidArgument) << token;
    EXPECT_THAT(answer.status().message(), HasSubstr("page_token")) << token;
  }
}

TEST(SimPagingTest, PagesCoverTheListOnceInOrder) {
  size_t seen = 0;
  std::string token;
  int pages = 0;
  do {
    auto span = Page("q", 3, token, 7);
    ASSERT_TRUE(span.ok()) << span.status();
    EXPECT_EQ(span->begin, seen);
    seen = span->end;
    token = span->next_page_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(seen, 7u);
  EXPECT_EQ(pages, 3);
  auto all = Page("q", 0, "", 7);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->end, 7u) << "page_size 0 is the default page";
}

const std::string kRankings =
    "ranking_id,kk_number,desil,ranking_date\n"
    "2026-Q4,3201010201260011,4,2026-10-15\n"
    "2026-Q4,3201010201260007,2,2026-10-15\n"
    "2026-Q4,3201010201260010,1,2026-10-15\n"
    "2026-Q3,3201010201260010,2,2026-07-15\n";

TEST(SimRankingTest, AnswersARankingInPagesOrderedByKk) {
  std::istringstream in(kRankings);
  auto rankings = LoadRankingCsv(in);
  ASSERT_TRUE(rankings.ok()) << rankings.status();
  EXPECT_EQ(HouseholdCount(*rankings), 4u);
  bps::v1::ListRankingsRequest request;
  request.set_ranking_id("2026-Q4");
  request.set_page_size(2);
  auto first = ListRankings(*rankings, request);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->rankings_size(), 2);
  EXPECT_EQ(first->rankings(0).kk_number(), "3201010201260007");
  EXPECT_EQ(first->rankings(0).desil(), 2);
  EXPECT_EQ(first->rankings(1).desil(), 1);
  request.set_page_token(first->next_page_token());
  auto second = ListRankings(*rankings, request);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->rankings_size(), 1);
  EXPECT_EQ(second->rankings(0).desil(), 4);
  EXPECT_EQ(second->next_page_token(), "");

  request.set_ranking_id("2026-Q3");
  EXPECT_THAT(ListRankings(*rankings, request).status().message(), HasSubstr("page_token"))
      << "a token of 2026-Q4 does not continue 2026-Q3";
  request.clear_page_token();
  request.set_ranking_id("2025-Q1");
  EXPECT_EQ(ListRankings(*rankings, request).status().code(), absl::StatusCode::kNotFound);
  request.set_ranking_id("2025 Q1");
  EXPECT_EQ(ListRankings(*rankings, request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace usulan::registry_sim
