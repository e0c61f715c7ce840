// The welfare ranking's wire mapping: requests checked before they leave,
// answers refused unless every household is usable, messages naming fields,
// never values.
#include "registry/welfare_ranking_wire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/paging.h"

namespace usulan::registry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const workflow::HouseholdRanking kOdah = {
    .kk_number = "3201010201260010", .desil = 1, .ranking_date = "2026-10-15"};
const workflow::HouseholdRanking kUsep = {
    .kk_number = "3201010201260011", .desil = 4, .ranking_date = "2026-10-15"};

bps::v1::ListRankingsRequest Request(std::string token = "") {
  auto request = ToWireRankingsRequest("2026-Q4", 2, token);
  EXPECT_TRUE(request.ok()) << request.status();
  return request.ok() ? *request : bps::v1::ListRankingsRequest();
}

TEST(WelfareRankingWireTest, MalformedRequestsAreRefusedNamingTheField) {
  const std::pair<absl::StatusOr<bps::v1::ListRankingsRequest>, std::string> cases[] = {
      {ToWireRankingsRequest("", 10, ""), "ranking_id"},
      {ToWireRankingsRequest("2026 Q4", 10, ""), "ranking_id"},
      {ToWireRankingsRequest(std::string(33, 'Q'), 10, ""), "ranking_id"},
      {ToWireRankingsRequest("2026-Q4", 0, ""), "page_size"},
      {ToWireRankingsRequest("2026-Q4", kMaxPageSize + 1, ""), "page_size"},
      {ToWireRankingsRequest("2026-Q4", 10, "tab\there"), "page_token"},
  };
  for (const auto& [request, field] : cases) {
    EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_THAT(request.status().message(), HasSubstr(field));
  }
  EXPECT_EQ(Request("2026-Q4/2").page_token(), "2026-Q4/2");
}

TEST(WelfareRankingWireTest, AnswerRoundTripsWithItsNextPageToken) {
  bps::v1::ListRankingsResponse response;
  *response.add_rankings() = ToWire(kOdah);
  *response.add_rankings() = ToWire(kUsep);
  response.set_next_page_token("2026-Q4/2");
  auto page = FromWireResponse(response, Request());
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->rankings.size(), 2u);
  EXPECT_EQ(page->rankings[0].kk_number, kOdah.kk_number);
  EXPECT_EQ(page->rankings[0].desil, 1);
  EXPECT_EQ(page->rankings[1].desil, 4);
  EXPECT_EQ(page->rankings[1].ranking_date, "2026-10-15");
  EXPECT_EQ(page->next_page_token, "2026-Q4/2");
}

TEST(WelfareRankingWireTest, UnusableAnswersAreRefusedNamingTheFieldNeverTheValue) {
  struct Case {
    std::function<void(bps::v1::ListRankingsResponse&)> spoil;
    std::string message;
  };
  const Case cases[] = {
      {[](auto& r) { r.mutable_rankings(1)->set_desil(0); }, "rankings[1].desil must be 1..10"},
      {[](auto& r) { r.mutable_rankings(0)->set_desil(11); }, "rankings[0].desil must be 1..10"},
      {[](auto& r) { r.mutable_rankings(0)->set_kk_number("3201"); },
       "rankings[0].kk_number must be 16 digits"},
      {[](auto& r) { r.mutable_rankings(1)->set_ranking_date("2026-02-29"); },
       "rankings[1].ranking_date must be YYYY-MM-DD"},
      {[](auto& r) { r.mutable_rankings(1)->set_kk_number(kOdah.kk_number); },
       "rankings[1].kk_number repeats a household of this page"},
      {[](auto& r) { *r.add_rankings() = ToWire(kOdah); }, "rankings holds 3 items for a page of 2"},
      {[](auto& r) { r.set_next_page_token("2026-Q4/2"); },
       "next_page_token repeats the page asked for"},
  };
  for (const Case& c : cases) {
    bps::v1::ListRankingsResponse response;
    *response.add_rankings() = ToWire(kOdah);
    *response.add_rankings() = ToWire(kUsep);
    c.spoil(response);
    auto page = FromWireResponse(response, Request("2026-Q4/2"));
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(page.status().message(), HasSubstr(c.message));
    for (const std::string& value : {kOdah.kk_number, kUsep.kk_number}) {
      EXPECT_THAT(page.status().message(), Not(HasSubstr(value)));
    }
  }
}

}  // namespace
}  // namespace usulan::registry
