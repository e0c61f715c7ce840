#include "services/queue_filters.h"

#include <algorithm>

#include "workflow/queues.h"
#include "base/string_view_compat.h"

namespace usulan::services {

std::optional<std::vector<workflow::State>> ListedStates(
    const std::vector<workflow::State>& requested, bool waiting_for_me, workflow::Role role) {
  if (!waiting_for_me) return requested;
  std::vector<workflow::State> out;
  for (workflow::State state : workflow::QueueStates(role)) {
    if (requested.empty() ||
        std::find(requested.begin(), requested.end(), state) != requested.end()) {
      out.push_back(state);
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

absl::StatusOr<std::optional<storage::TimePoint>> OverdueCutoff(int32_t overdue_days,
                                                                storage::TimePoint now) {
  if (overdue_days == 0) return std::optional<storage::TimePoint>();
  if (overdue_days < 1 || overdue_days > kMaxOverdueDays) {
    return absl::InvalidArgumentError(base::Concat(
        "overdue_days must be between 1 and ", kMaxOverdueDays, " (0: no filter)"));
  }
  return std::optional<storage::TimePoint>(now - std::chrono::hours(24) * overdue_days);
}

std::string AssignmentsOf(const workflow::Actor& actor) {
  return workflow::SeesOnlyAssignments(actor.role) ? actor.subject : std::string();
}

}  // namespace usulan::services
