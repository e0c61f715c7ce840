// usulan-registry-sim's BPS: the rankings of a development welfare-ranking CSV
// (registry/ranking_csv.h) held in memory, answering
// usulan.bps.v1.WelfareRankingService.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "usulan/bps/v1/welfare_ranking.grpc.pb.h"
#include "workflow/welfare_ranking.h"

namespace usulan::registry_sim {

// The households of each ranking, by ranking id, each ordered by KK number.
using Rankings = std::map<std::string, std::vector<workflow::HouseholdRanking>>;

// Reads the CSV. INVALID_ARGUMENT naming the line and column of the first bad
// row, never its values.
absl::StatusOr<Rankings> LoadRankingCsv(std::istream& in);

// How many households all rankings hold together.
size_t HouseholdCount(const Rankings& rankings);

// One page of a ranking: INVALID_ARGUMENT naming the field for a malformed
// request (registry::ValidateRequest) or a page_token not issued for this
// ranking; NOT_FOUND "no such ranking" for an unknown ranking id.
absl::StatusOr<bps::v1::ListRankingsResponse> ListRankings(
    const Rankings& rankings, const bps::v1::ListRankingsRequest& request);

// The gRPC service over fixed rankings (none when the simulator has no
// --ranking-csv: every ranking is then NOT_FOUND). Thread-safe (read-only).
class SimRankingService final : public bps::v1::WelfareRankingService::Service {
 public:
  explicit SimRankingService(Rankings rankings) : rankings_(std::move(rankings)) {}

  grpc::Status ListRankings(grpc::ServerContext* context,
                            const bps::v1::ListRankingsRequest* request,
                            bps::v1::ListRankingsResponse* response) override;

 private:
  const Rankings rankings_;
};

}  // namespace usulan::registry_sim
