#include "tools/registry_sim/sim_ranking.h"

#include <algorithm>

#include "registry/ranking_csv.h"
#include "registry/welfare_ranking_wire.h"
#include "tools/registry_sim/sim_grpc_status.h"
#include "tools/registry_sim/sim_paging.h"

namespace usulan::registry_sim {

absl::StatusOr<Rankings> LoadRankingCsv(std::istream& in) {
  auto rows = registry::ReadRankingCsv(in);
  if (!rows.ok()) return rows.status();
  Rankings rankings;
  for (registry::RankingCsvRow& row : *rows) {
    rankings[row.ranking_id].push_back(std::move(row.ranking));
  }
  for (auto& [id, households] : rankings) {
    std::sort(households.begin(), households.end(),
              [](const auto& a, const auto& b) { return a.kk_number < b.kk_number; });
  }
  return rankings;
}

size_t HouseholdCount(const Rankings& rankings) {
  size_t count = 0;
  for (const auto& [id, households] : rankings) count += households.size();
  return count;
}

absl::StatusOr<bps::v1::ListRankingsResponse> ListRankings(
    const Rankings& rankings, const bps::v1::ListRankingsRequest& request) {
  if (absl::Status valid = registry::ValidateRequest(request); !valid.ok()) return valid;
  auto found = rankings.find(request.ranking_id());
  if (found == rankings.end()) return absl::NotFoundError("no such ranking");
  const std::vector<workflow::HouseholdRanking>& households = found->second;
  auto span =
      Page(request.ranking_id(), request.page_size(), request.page_token(), households.size());
  if (!span.ok()) return span.status();
  bps::v1::ListRankingsResponse response;
  for (size_t i = span->begin; i < span->end; ++i) {
    *response.add_rankings() = registry::ToWire(households[i]);
  }
  response.set_next_page_token(span->next_page_token);
  return response;
}

grpc::Status SimRankingService::ListRankings(grpc::ServerContext*,
                                             const bps::v1::ListRankingsRequest* request,
                                             bps::v1::ListRankingsResponse* response) {
  return Answer(registry_sim::ListRankings(rankings_, *request), response);
}

}  // namespace usulan::registry_sim
