// The death list's wire mapping: requests checked before they leave, answers
// refused unless every record is usable, messages naming fields, never values.
#include "registry/death_list_wire.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/paging.h"

namespace usulan::registry {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const workflow::DeathRecord kKarsim = {.nik = "3201012503690014",
                                       .kk_number = "3201010101260006",
                                       .death_date = "2026-11-14",
                                       .desa_code = "3201012001"};

registry::v1::ListDeathsRequest Request(std::string since = "2026-11-01", int page_size = 2,
                                        std::string token = "") {
  auto request = ToWireDeathsRequest(since, page_size, token);
  EXPECT_TRUE(request.ok()) << request.status();
  return request.ok() ? *request : registry::v1::ListDeathsRequest();
}

TEST(DeathListWireTest, RequestCarriesDatePageSizeAndToken) {
  registry::v1::ListDeathsRequest request = Request("2026-11-01", 50, "2026-11-01/50");
  EXPECT_EQ(request.since_date(), "2026-11-01");
  EXPECT_EQ(request.page_size(), 50);
  EXPECT_EQ(request.page_token(), "2026-11-01/50");
}

TEST(DeathListWireTest, MalformedRequestsAreRefusedNamingTheField) {
  const std::pair<absl::StatusOr<registry::v1::ListDeathsRequest>, std::string> cases[] = {
      {ToWireDeathsRequest("2026-02-30", 10, ""), "since_date"},
      {ToWireDeathsRequest("01-11-2026", 10, ""), "since_date"},
      {ToWireDeathsRequest("", 10, ""), "since_date"},
      {ToWireDeathsRequest("2026-11-01", 0, ""), "page_size"},
      {ToWireDeathsRequest("2026-11-01", kMaxPageSize + 1, ""), "page_size"},
      {ToWireDeathsRequest("2026-11-01", 10, "with space"), "page_token"},
      {ToWireDeathsRequest("2026-11-01", 10, std::string(kMaxPageTokenBytes + 1, 'a')), "page_token"},
  };
  for (const auto& [request, field] : cases) {
    EXPECT_EQ(request.status().code(), absl::StatusCode::kInvalidArgument) << field;
    EXPECT_THAT(request.status().message(), HasSubstr(field));
  }
  registry::v1::ListDeathsRequest arriving;
  arriving.set_since_date("2026-11-01");
  EXPECT_TRUE(ValidateRequest(arriving).ok()) << "page_size 0 is the source's default";
  arriving.set_page_size(-1);
  EXPECT_THAT(ValidateRequest(arriving).message(), HasSubstr("page_size"));
}

TEST(DeathListWireTest, AnswerRoundTripsWithItsNextPageToken) {
  registry::v1::ListDeathsResponse response;
  *response.add_deaths() = ToWire(kKarsim);
  response.set_next_page_token("2026-11-01/1");
  auto page = FromWireResponse(response, Request());
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->deaths.size(), 1u);
  EXPECT_EQ(page->deaths[0].nik, kKarsim.nik);
  EXPECT_EQ(page->deaths[0].kk_number, kKarsim.kk_number);
  EXPECT_EQ(page->deaths[0].death_date, kKarsim.death_date);
  EXPECT_EQ(page->deaths[0].desa_code, kKarsim.desa_code);
  EXPECT_EQ(page->next_page_token, "2026-11-01/1");
}

TEST(DeathListWireTest, UnusableAnswersAreRefusedNamingTheFieldNeverTheValue) {
  struct Case {
    std::function<void(registry::v1::ListDeathsResponse&)> spoil;
    std::string message;
  };
  const Case cases[] = {
      {[](auto& r) { r.mutable_deaths(1)->set_nik("320101250369001"); },
       "deaths[1].nik must be 16 digits"},
      {[](auto& r) { r.mutable_deaths(0)->set_kk_number("32010101012600x6"); },
       "deaths[0].kk_number must be 16 digits"},
      {[](auto& r) { r.mutable_deaths(1)->set_death_date("2026-13-01"); },
       "deaths[1].death_date must be YYYY-MM-DD"},
      {[](auto& r) { r.mutable_deaths(1)->set_death_date("2026-10-31"); },
       "deaths[1].death_date is before since_date"},
      {[](auto& r) { r.mutable_deaths(0)->set_desa_code("320101"); },
       "deaths[0].desa_code must be 10 digits"},
      {[](auto& r) { *r.add_deaths() = ToWire(kKarsim); }, "deaths holds 3 items for a page of 2"},
      {[](auto& r) { r.set_next_page_token("2026-11-01/2"); },
       "next_page_token repeats the page asked for"},
      {[](auto& r) { r.set_next_page_token("line\nbreak"); }, "next_page_token must be"},
  };
  for (const Case& c : cases) {
    registry::v1::ListDeathsResponse response;
    *response.add_deaths() = ToWire(kKarsim);
    *response.add_deaths() = ToWire(kKarsim);
    c.spoil(response);
    auto page = FromWireResponse(response, Request("2026-11-01", 2, "2026-11-01/2"));
    EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << c.message;
    EXPECT_THAT(page.status().message(), HasSubstr(c.message));
    for (const std::string& value : {kKarsim.nik, kKarsim.kk_number}) {
      EXPECT_THAT(page.status().message(), Not(HasSubstr(value)));
    }
  }
}

TEST(DeathListWireTest, AnEmptyLastPageIsAnAnswer) {
  auto page = FromWireResponse(registry::v1::ListDeathsResponse(), Request());
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->deaths.empty());
  EXPECT_TRUE(page->next_page_token.empty());
}

}  // namespace
}  // namespace usulan::registry
