// Translation between BPS's welfare ranking on the wire (usulan.bps.v1) and
// workflow::RankingPage; shared by the client (GrpcWelfareRanking) and the
// simulator (tools/registry_sim). Pure: no I/O. Messages of the statuses
// returned here name fields and indexes, never values (KK numbers are personal
// data).
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "usulan/bps/v1/welfare_ranking.pb.h"
#include "workflow/welfare_ranking.h"

namespace usulan::registry {

// The request for one page: INVALID_ARGUMENT naming ranking_id (not
// workflow::IsRankingId), page_size (not 1..kMaxPageSize) or page_token
// (CheckPageToken).
absl::StatusOr<bps::v1::ListRankingsRequest> ToWireRankingsRequest(std::string_view ranking_id,
                                                           int page_size,
                                                           std::string_view page_token);

// The same checks on a request as it arrives (the simulator), page_size 0
// meaning the source's default.
absl::Status ValidateRequest(const bps::v1::ListRankingsRequest& request);

// BPS's answer to `request`. INVALID_ARGUMENT naming what is wrong (e.g.
// "rankings[2].desil must be 1..10") unless every household has a 16-digit KK
// number that no other household of the page repeats, a desil 1..10 and a real
// ranking date, the page holds at most page_size households, and
// next_page_token passes CheckNextPageToken.
absl::StatusOr<workflow::RankingPage> FromWireResponse(
    const bps::v1::ListRankingsResponse& response, const bps::v1::ListRankingsRequest& request);

// The wire form of one household's ranking (the simulator's answer).
bps::v1::HouseholdRanking ToWire(const workflow::HouseholdRanking& ranking);

}  // namespace usulan::registry
