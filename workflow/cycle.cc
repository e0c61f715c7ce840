#include "workflow/cycle.h"

#include <cstdio>

#include "workflow/formats.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

using std::chrono::days;
using std::chrono::floor;

constexpr std::chrono::hours kWibOffset{7};

// Local (WIB) calendar day of a moment.
std::chrono::year_month_day WibDay(Micros at) {
  return std::chrono::year_month_day{floor<days>(at + kWibOffset)};
}

std::string FormatCycle(std::chrono::year_month ym) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ym.year()),
                static_cast<unsigned>(ym.month()));
  return text;
}

std::chrono::year_month ParseCycle(std::string_view cycle_id) {
  const int year = std::stoi(std::string(cycle_id.substr(0, 4)));
  const unsigned month = static_cast<unsigned>(std::stoi(std::string(cycle_id.substr(5, 2))));
  return std::chrono::year{year} / std::chrono::month{month};
}

}  // namespace

absl::Status ValidateCyclePolicy(const CyclePolicy& policy) {
  if (policy.cutoff_day < 1 || policy.cutoff_day > 28) {
    return absl::InvalidArgumentError(
        base::Concat("cutoff_day must be 1..28 (every month has it), not ", policy.cutoff_day));
  }
  return absl::OkStatus();
}

std::string CycleOf(Micros at) {
  const auto day = WibDay(at);
  return FormatCycle(day.year() / day.month());
}

absl::Status ValidateCycleId(std::string_view cycle_id, std::string_view field) {
  const bool shaped = cycle_id.size() == 7 && cycle_id[4] == '-' &&
                      IsAllDigits(cycle_id.substr(0, 4)) && IsAllDigits(cycle_id.substr(5, 2));
  if (!shaped || !ParseCycle(cycle_id).ok()) {
    return absl::InvalidArgumentError(base::Concat(field, " must be a cycle YYYY-MM"));
  }
  return absl::OkStatus();
}

std::string NextCycle(std::string_view cycle_id) {
  return FormatCycle(ParseCycle(cycle_id) + std::chrono::months{1});
}

Micros CutoffOf(std::string_view cycle_id, const CyclePolicy& policy) {
  const std::chrono::year_month ym = ParseCycle(cycle_id);
  const std::chrono::sys_days next_day =
      std::chrono::sys_days{ym / std::chrono::day{static_cast<unsigned>(policy.cutoff_day)}} +
      days{1};
  return Micros{next_day - kWibOffset};
}

std::optional<CycleStep> DueCycleStep(State state, Micros state_since,
                                      std::string_view deferred_to_cycle, Micros now,
                                      const CyclePolicy& policy) {
  const std::string current = CycleOf(now);
  if (state == State::kVillageFinal) {
    // The cycle whose cut-off passed last. A cut-off on the last day of a month
    // falls at the next month's first moment, and the job may have been down over
    // a cut-off: both are caught up here rather than a month late.
    const std::string closed = now >= CutoffOf(current, policy)
                                   ? current
                                   : FormatCycle(ParseCycle(current) - std::chrono::months{1});
    const Micros cutoff = CutoffOf(closed, policy);
    if (state_since < cutoff) return CycleStep{Event::kOpenReview, closed};
    // Released after that cut-off but still in its month: too late for it.
    if (CycleOf(state_since) == closed) return CycleStep{Event::kMissCutoff, NextCycle(closed)};
    return std::nullopt;  // released in a later cycle: waits for that cycle's cut-off
  }
  if (state == State::kDeferred) {
    // Cycle ids of equal length order as text; an unreadable one is reopened now
    // rather than left deferred forever.
    if (!ValidateCycleId(deferred_to_cycle, "cycle").ok() || deferred_to_cycle <= current) {
      return CycleStep{Event::kOpenReview, current};
    }
  }
  return std::nullopt;
}

Micros ObjectionDeadline(Micros filed_at) { return filed_at + kObjectionDeadline; }

std::string FormatRfc3339(Micros at) {
  const auto day_start = floor<days>(at);
  const std::chrono::year_month_day ymd{day_start};
  const std::chrono::hh_mm_ss time{at - day_start};
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()), static_cast<int>(time.seconds().count()),
                static_cast<int>(time.subseconds().count()));
  return text;
}

}  // namespace usulan::workflow
