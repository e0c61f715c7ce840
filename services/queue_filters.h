// The work-queue options of ListProposals and CountProposals, turned into storage
// filters: waiting_for_me, overdue_days and a verifier's own assignments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/records.h"
#include "workflow/machine.h"

namespace usulan::services {

inline constexpr int32_t kMaxOverdueDays = 3650;

// The states to list: `requested` (empty = every state), narrowed to the caller's
// queue (workflow::QueueStates) when `waiting_for_me`. nullopt when no state can
// match (an auditor's queue, or requested states the caller never acts in).
std::optional<std::vector<workflow::State>> ListedStates(
    const std::vector<workflow::State>& requested, bool waiting_for_me, workflow::Role role);

// overdue_days 0: no filter; 1..kMaxOverdueDays: proposals in their state since
// before now - days. INVALID_ARGUMENT "overdue_days ..." otherwise.
absl::StatusOr<std::optional<storage::TimePoint>> OverdueCutoff(int32_t overdue_days,
                                                                storage::TimePoint now);

// The verifier subject a listing is restricted to: the caller's own subject for
// roles that see only their assignments, "" for everyone else.
std::string AssignmentsOf(const workflow::Actor& actor);

}  // namespace usulan::services
