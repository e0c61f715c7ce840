// BPS's welfare ranking (desil, the household's tenth of the national welfare
// distribution, 1 = poorest) as the workflow sees it: a port answering one
// ranking's desil per KK number, page by page. Pusdatin applies a ranking to the
// register directly, audited per entry, because it changes nobody's membership
// (docs/central-sources.md). Implementations do I/O; this header does not.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::workflow {

constexpr int kMinDesil = 1;
constexpr int kMaxDesil = 10;

// One household's place in a ranking. The KK number is personal data: never
// logged, never in the audit trail.
struct HouseholdRanking {
  std::string kk_number;     // 16 digits
  int desil = 0;             // kMinDesil..kMaxDesil
  std::string ranking_date;  // YYYY-MM-DD: when BPS fixed the ranking
};

struct RankingPage {
  std::vector<HouseholdRanking> rankings;
  // Empty on the last page; otherwise what to pass as page_token for the next.
  std::string next_page_token;
};

// True for a well-formed ranking id: 1..32 characters of letters, digits, '-',
// '_' and '.' (BPS names them like "2026-Q4").
bool IsRankingId(std::string_view ranking_id);

class WelfareRanking {
 public:
  virtual ~WelfareRanking() = default;
  // One page of ranking `ranking_id`; `page_token` is empty for the first page,
  // else the previous page's next_page_token (for the same ranking).
  // INVALID_ARGUMENT naming the field for a malformed ranking_id or a page_token
  // the source does not accept; NOT_FOUND when BPS knows no such ranking;
  // UNAVAILABLE when the source cannot answer usably (nothing was read: retry);
  // FAILED_PRECONDITION when no source is configured. Must be thread-safe.
  virtual absl::StatusOr<RankingPage> Rankings(std::string_view ranking_id,
                                               std::string_view page_token) = 0;
};

// The welfare ranking of a server configured without one (no --bps-address):
// every call answers FAILED_PRECONDITION "no welfare ranking source configured".
class UnconfiguredWelfareRanking final : public WelfareRanking {
 public:
  absl::StatusOr<RankingPage> Rankings(std::string_view ranking_id,
                                       std::string_view page_token) override;
};

}  // namespace usulan::workflow
