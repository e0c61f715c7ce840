#include "registry/welfare_ranking_wire.h"

#include <set>

#include "base/string_view_compat.h"
#include "registry/paging.h"
#include "workflow/formats.h"
#include "workflow/household.h"

namespace usulan::registry {
namespace {

absl::Status CheckRanking(const bps::v1::HouseholdRanking& ranking, int i) {
  auto bad = [i](std::string_view what) {
    return absl::InvalidArgumentError(base::Concat("rankings[", i, "].", what));
  };
  if (!workflow::IsSixteenDigits(ranking.kk_number())) return bad("kk_number must be 16 digits");
  if (ranking.desil() < workflow::kMinDesil || ranking.desil() > workflow::kMaxDesil) {
    return bad(base::Concat("desil must be ", workflow::kMinDesil, "..", workflow::kMaxDesil));
  }
  if (!workflow::IsIsoDate(ranking.ranking_date())) return bad("ranking_date must be YYYY-MM-DD");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<bps::v1::ListRankingsRequest> ToWireRankingsRequest(std::string_view ranking_id,
                                                           int page_size,
                                                           std::string_view page_token) {
  bps::v1::ListRankingsRequest request;
  request.set_ranking_id(std::string(ranking_id));
  request.set_page_size(page_size);
  request.set_page_token(std::string(page_token));
  return OutgoingRequest(request, ValidateRequest(request));
}

absl::Status ValidateRequest(const bps::v1::ListRankingsRequest& request) {
  if (!workflow::IsRankingId(request.ranking_id())) {
    return absl::InvalidArgumentError(
        "ranking_id must be 1..32 letters, digits, '-', '_' or '.' (e.g. 2026-Q4)");
  }
  return CheckPageRequest(request.page_size(), request.page_token());
}

absl::StatusOr<workflow::RankingPage> FromWireResponse(
    const bps::v1::ListRankingsResponse& response, const bps::v1::ListRankingsRequest& request) {
  if (request.page_size() > 0) {
    absl::Status count =
        CheckPageCount(response.rankings_size(), request.page_size(), "rankings");
    if (!count.ok()) return count;
  }
  workflow::RankingPage page;
  page.rankings.reserve(response.rankings_size());
  std::set<std::string_view> households;
  for (int i = 0; i < response.rankings_size(); ++i) {
    const bps::v1::HouseholdRanking& ranking = response.rankings(i);
    if (absl::Status valid = CheckRanking(ranking, i); !valid.ok()) return valid;
    if (!households.insert(ranking.kk_number()).second) {
      return absl::InvalidArgumentError(
          base::Concat("rankings[", i, "].kk_number repeats a household of this page"));
    }
    page.rankings.push_back({.kk_number = ranking.kk_number(),
                             .desil = ranking.desil(),
                             .ranking_date = ranking.ranking_date()});
  }
  absl::Status token = CheckNextPageToken(response.next_page_token(), request.page_token());
  if (!token.ok()) return token;
  page.next_page_token = response.next_page_token();
  return page;
}

bps::v1::HouseholdRanking ToWire(const workflow::HouseholdRanking& ranking) {
  bps::v1::HouseholdRanking wire;
  wire.set_kk_number(ranking.kk_number);
  wire.set_desil(ranking.desil);
  wire.set_ranking_date(ranking.ranking_date);
  return wire;
}

}  // namespace usulan::registry
