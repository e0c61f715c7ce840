#include "workflow/death_list.h"
#include "workflow/welfare_ranking.h"

namespace usulan::workflow {

absl::StatusOr<DeathPage> UnconfiguredDeathList::Deaths(std::string_view, std::string_view) {
  return absl::FailedPreconditionError("no death list source configured");
}

bool IsRankingId(std::string_view ranking_id) {
  if (ranking_id.empty() || ranking_id.size() > 32) return false;
  for (char c : ranking_id) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '_' || c == '.';
    if (!allowed) return false;
  }
  return true;
}

absl::StatusOr<RankingPage> UnconfiguredWelfareRanking::Rankings(std::string_view,
                                                                 std::string_view) {
  return absl::FailedPreconditionError("no welfare ranking source configured");
}

}  // namespace usulan::workflow
