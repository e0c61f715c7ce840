// Reads a development welfare-ranking file (what usulan-registry-sim serves as
// BPS with --ranking-csv): a CSV with the header
//   ranking_id,kk_number,desil,ranking_date
// one row per household of a ranking, fields optionally double-quoted.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/welfare_ranking.h"

namespace usulan::registry {

struct RankingCsvRow {
  std::string ranking_id;
  workflow::HouseholdRanking ranking;
};

// The rows in file order. INVALID_ARGUMENT naming the line and column of the
// first bad row, never its values (KK numbers are personal data): a malformed
// ranking id (workflow::IsRankingId), KK number or date, a desil outside 1..10,
// or a KK number twice in one ranking.
absl::StatusOr<std::vector<RankingCsvRow>> ReadRankingCsv(std::istream& in);

}  // namespace usulan::registry
