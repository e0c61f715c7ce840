#include "registry/ranking_csv.h"

#include <map>
#include <utility>

#include "base/string_view_compat.h"
#include "registry/csv_line.h"
#include "workflow/formats.h"
#include "workflow/household.h"

namespace usulan::registry {

absl::StatusOr<std::vector<RankingCsvRow>> ReadRankingCsv(std::istream& in) {
  std::vector<RankingCsvRow> rows;
  // (ranking_id, kk_number) -> the line that ranked it first.
  std::map<std::pair<std::string, std::string>, int> seen;
  absl::Status read = ReadCsv(
      in, {"ranking_id", "kk_number", "desil", "ranking_date"}, {},
      [&](int number, const std::vector<std::string>& f) {
        auto bad = [&](std::string_view what) {
          return absl::InvalidArgumentError(base::Concat("line ", number, ": ", what));
        };
        if (!workflow::IsRankingId(f[0])) {
          return bad("ranking_id must be 1..32 letters, digits, '-', '_' or '.'");
        }
        if (!workflow::IsSixteenDigits(f[1])) return bad("kk_number must be 16 digits");
        const bool desil_ok = (f[2].size() == 1 && f[2][0] >= '1' && f[2][0] <= '9') || f[2] == "10";
        if (!desil_ok) return bad("desil must be 1..10");
        if (!workflow::IsIsoDate(f[3])) return bad("ranking_date must be YYYY-MM-DD");
        auto [first, inserted] = seen.emplace(std::make_pair(f[0], f[1]), number);
        if (!inserted) {
          return bad(base::Concat("kk_number is already ranked in this ranking (line ",
                                  first->second, ")"));
        }
        rows.push_back({.ranking_id = f[0],
                        .ranking = {.kk_number = f[1], .desil = std::stoi(f[2]),
                                    .ranking_date = f[3]}});
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  return rows;
}

}  // namespace usulan::registry
