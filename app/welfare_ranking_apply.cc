#include "app/welfare_ranking_apply.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "base/status_macros.h"
#include "storage/tx.h"
#include "workflow/cycle.h"

namespace usulan::app {
namespace {

// One batch in one transaction; adds its counts to `applied` only once committed.
absl::Status ApplyBatch(storage::Database& db, const base::Clock& clock,
                        const std::string& ranking_id,
                        const std::map<std::string, const workflow::HouseholdRanking*>& batch,
                        RankingApplied& applied) {
  std::vector<std::string> kks;
  kks.reserve(batch.size());
  for (const auto& [kk, ranking] : batch) kks.push_back(kk);
  RankingApplied counts;
  USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    counts = RankingApplied{};  // a retried transaction counts afresh
    const storage::TimePoint now = clock.Now();
    USULAN_ASSIGN_OR_RETURN(auto entries, tx.register_entries().LockActiveEntriesOfKks(kks));
    std::set<std::string> found;
    for (storage::RankedEntry& ranked : entries) {
      found.insert(ranked.kk_number);
      const workflow::HouseholdRanking& rank = *batch.at(ranked.kk_number);
      ++counts.matched;
      if (ranked.entry.desil == rank.desil && ranked.entry.desil_date == rank.ranking_date) {
        ++counts.unchanged;
        continue;
      }
      storage::RegisterChangeRecord change;
      change.change = workflow::RegisterChange::kDesilChanged;
      change.decree_number = ranking_id;  // which ranking set this desil
      change.cycle = workflow::CycleOf(now);
      change.desil = rank.desil;
      change.desil_date = rank.ranking_date;
      change.at = now;
      USULAN_RETURN_IF_ERROR(tx.register_entries().ApplyChange(ranked.entry, change));
      ++counts.changed;
    }
    counts.unknown_kks = static_cast<int64_t>(kks.size() - found.size());
    return absl::OkStatus();
  }));
  applied.matched += counts.matched;
  applied.changed += counts.changed;
  applied.unchanged += counts.unchanged;
  applied.unknown_kks += counts.unknown_kks;
  ++applied.batches;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<RankingApplied> ApplyWelfareRanking(storage::Database& db,
                                                   workflow::WelfareRanking& source,
                                                   const base::Clock& clock,
                                                   const std::string& ranking_id) {
  RankingApplied applied;
  std::string token;
  do {
    USULAN_ASSIGN_OR_RETURN(workflow::RankingPage page, source.Rankings(ranking_id, token));
    applied.households_ranked += static_cast<int64_t>(page.rankings.size());
    // The source's decoder refuses a KK twice in one page; keyed by KK so that a
    // batch looks each locked entry's rank up directly.
    for (size_t start = 0; start < page.rankings.size(); start += kRankingBatchSize) {
      const size_t end = std::min(page.rankings.size(), start + kRankingBatchSize);
      std::map<std::string, const workflow::HouseholdRanking*> batch;
      for (size_t i = start; i < end; ++i) batch[page.rankings[i].kk_number] = &page.rankings[i];
      USULAN_RETURN_IF_ERROR(ApplyBatch(db, clock, ranking_id, batch, applied));
    }
    token = std::move(page.next_page_token);
  } while (!token.empty());
  return applied;
}

}  // namespace usulan::app
