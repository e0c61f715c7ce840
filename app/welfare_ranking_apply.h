// Applying one of BPS's welfare rankings to the register (docs/central-sources.md,
// "Applying a ranking"): the desil of every ACTIVE entry whose household's KK is
// ranked, with a DESIL_CHANGED row in the entry's own hash-chained history. Not a
// proposal: a ranking changes nobody's membership.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "storage/database.h"
#include "workflow/welfare_ranking.h"

namespace usulan::app {

// Entries changed per transaction: a national ranking (~94 million KK numbers)
// never holds one giant transaction or its locks, and a batch is small enough to
// retry.
inline constexpr int kRankingBatchSize = 500;

struct RankingApplied {
  int64_t households_ranked = 0;  // KK numbers read from the ranking
  int64_t matched = 0;            // ACTIVE entries of those KK numbers
  int64_t changed = 0;            // entries given this ranking's desil or date
  int64_t unchanged = 0;          // entries that had both already
  int64_t unknown_kks = 0;        // ranked KK numbers of no ACTIVE entry
  int64_t batches = 0;            // transactions committed
};

// Reads ranking `ranking_id` page by page from `source` and applies each page in
// batches of kRankingBatchSize KK numbers, one transaction each: the entries are
// locked in id order, and an entry whose desil or desil_date differs from the
// ranking's gets both, with a DESIL_CHANGED row (decree_number = the ranking id,
// cycle of `clock`'s now). An entry that already has them records nothing, so
// applying the same ranking again changes nothing, and a run cut short (the
// source's UNAVAILABLE between pages, a failed batch) is finished by running it
// again: committed batches stay. Errors: the source's (INVALID_ARGUMENT,
// NOT_FOUND, UNAVAILABLE, FAILED_PRECONDITION unconfigured), storage's. Never
// logs a KK number. Thread-safe if `source` and `db` are.
absl::StatusOr<RankingApplied> ApplyWelfareRanking(storage::Database& db,
                                                   workflow::WelfareRanking& source,
                                                   const base::Clock& clock,
                                                   const std::string& ranking_id);

}  // namespace usulan::app
