// Monthly update cycles and deadlines, as pure functions of a given time: which
// cycle a moment belongs to, when its cut-off falls, what the periodic cycle job
// must do with a proposal, and when an objection lapses. The caller supplies "now"
// (from an injectable clock); nothing here reads a clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {

using Micros = std::chrono::sys_time<std::chrono::microseconds>;

// Cycles are calendar months in Western Indonesian Time (WIB, UTC+7), the zone of
// the Ministry's national deadlines, named "YYYY-MM". A cycle's cut-off is the end
// of its cut-off day (the next day's 00:00 WIB).
struct CyclePolicy {
  int cutoff_day = 20;  // 1..28, so every month has it
};

// INVALID_ARGUMENT "cutoff_day ..." outside 1..28.
absl::Status ValidateCyclePolicy(const CyclePolicy& policy);

// The cycle `at` falls in ("2026-11").
std::string CycleOf(Micros at);
// INVALID_ARGUMENT naming `field` unless YYYY-MM with a month 01..12.
absl::Status ValidateCycleId(std::string_view cycle_id, std::string_view field);
// The month after `cycle_id` (a valid id).
std::string NextCycle(std::string_view cycle_id);
// The cut-off moment of `cycle_id` (a valid id).
Micros CutoffOf(std::string_view cycle_id, const CyclePolicy& policy);

// What the cycle job does with a proposal now.
struct CycleStep {
  Event event;           // kOpenReview or kMissCutoff
  std::string cycle_id;  // open_review: the cycle reviewed in; miss_cutoff: the cycle deferred to
};
// - VILLAGE_FINAL: against the cycle whose cut-off passed last, a proposal released
//   before that cut-off -> open_review in that cycle; released after it but in the
//   same month -> miss_cutoff, deferred to the next cycle; released in a later month
//   -> nothing yet (it waits for its own cycle's cut-off; Dinsos may open the
//   review earlier).
// - DEFERRED to a cycle that has begun -> open_review in the current cycle: deferred
//   proposals are reopened, never dropped.
// nullopt when nothing is due.
std::optional<CycleStep> DueCycleStep(State state, Micros state_since,
                                      std::string_view deferred_to_cycle, Micros now,
                                      const CyclePolicy& policy);

// An objection (sanggah) must be verified within 14 days of being filed.
inline constexpr std::chrono::days kObjectionDeadline{14};
// The moment an objection filed at `filed_at` lapses if not yet verified.
Micros ObjectionDeadline(Micros filed_at);
// RFC 3339 UTC with microseconds ("2026-11-22T03:04:05.000006Z").
std::string FormatRfc3339(Micros at);

}  // namespace usulan::workflow
