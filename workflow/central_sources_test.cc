#include <gtest/gtest.h>

#include "workflow/death_list.h"
#include "workflow/welfare_ranking.h"

namespace usulan::workflow {
namespace {

TEST(CentralSourcesTest, RankingIdsAreShortPlainNames) {
  for (std::string_view good : {"2026-Q4", "2026_03", "R.1", "a"}) {
    EXPECT_TRUE(IsRankingId(good)) << good;
  }
  for (std::string_view bad : {"", "2026 Q4", "2026/Q4", "../x", "dësil",
                               "123456789012345678901234567890123"}) {
    EXPECT_FALSE(IsRankingId(bad)) << bad;
  }
}

TEST(CentralSourcesTest, UnconfiguredSourcesSaySo) {
  UnconfiguredDeathList deaths;
  auto page = deaths.Deaths("2026-01-01", "");
  EXPECT_EQ(page.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(page.status().message(), "no death list source configured");
  UnconfiguredWelfareRanking ranking;
  auto rankings = ranking.Rankings("2026-Q4", "");
  EXPECT_EQ(rankings.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(rankings.status().message(), "no welfare ranking source configured");
}

}  // namespace
}  // namespace usulan::workflow
