// BPS's welfare ranking as it arrives on the wire, through the decoder the
// client adapter uses (registry/welfare_ranking_wire.h, FromWireResponse): a
// source that is broken or not ours must not crash the server, loop its paging
// or slip a desil outside 1..10 into the register.
//
// Input: fuzz/paged_answer.h's framing around a ListRankingsResponse; the
// request asks for ranking 2026-Q4.
//
// Properties, each an abort when broken: those of fuzz/paged_answer.h, and on
// OK every household exactly as sent with a 16-digit KK number no other
// household of the page has, a desil 1..10 and a real date.
#include <set>

#include "fuzz/paged_answer.h"
#include "registry/welfare_ranking_wire.h"
#include "workflow/formats.h"
#include "workflow/household.h"

namespace {

constexpr char kTarget[] = "welfare_ranking_wire";
void Fail(const char* what) { usulan::fuzz::Fail(kTarget, what); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  usulan::bps::v1::ListRankingsRequest request;
  request.set_ranking_id("2026-Q4");
  usulan::bps::v1::ListRankingsResponse response;
  if (!usulan::fuzz::ParsePagedInput(data, size, "2026-Q4/100", request, response)) return 0;

  auto page = usulan::registry::FromWireResponse(response, request);
  if (!usulan::fuzz::AcceptedPage(kTarget, page, request,
                                  page.ok() ? page->rankings.size() : 0,
                                  response.rankings_size())) {
    return 0;
  }
  std::set<std::string> households;
  for (size_t i = 0; i < page->rankings.size(); ++i) {
    const auto& ranking = page->rankings[i];
    const auto& sent = response.rankings(static_cast<int>(i));
    if (ranking.kk_number != sent.kk_number() || ranking.desil != sent.desil() ||
        ranking.ranking_date != sent.ranking_date()) {
      Fail("a household differs from the one BPS sent");
    }
    if (!usulan::workflow::IsSixteenDigits(ranking.kk_number)) Fail("accepted a malformed KK");
    if (!households.insert(ranking.kk_number).second) Fail("accepted a household twice");
    if (ranking.desil < 1 || ranking.desil > 10) Fail("accepted a desil outside 1..10");
    if (!usulan::workflow::IsIsoDate(ranking.ranking_date)) Fail("accepted a malformed date");
  }
  return 0;
}
