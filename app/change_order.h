// The one order in which every change refuses, whatever it changes (DESIGN.md
// section 4, README "Errors"), after the caller is authenticated:
//   1. scope: the caller's role and region may act on this item at all
//      (PERMISSION_DENIED);
//   2. state: the item's current state allows the change (FAILED_PRECONDITION);
//   3. version: the caller's expected_version is current (ABORTED).
// Each refusal is news only to a caller who passed the ones before it: someone
// outside the scope learns neither a state nor a version, and a stale version is
// reported only for a change the state would allow. Every RPC that changes a
// proposal, a deliberation or a batch goes through CheckInOrder (directly or via
// the helpers below), so the order cannot drift between them.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "storage/records.h"
#include "workflow/batch.h"
#include "workflow/deliberation.h"
#include "workflow/machine.h"

namespace usulan::app {

// The checks of one change, each worked out already (they are cheap and pure).
struct ChangeChecks {
  absl::Status scope;
  absl::Status state;
  absl::Status version;
};

// The first failure of scope, state, version, in that order; OK when none fails.
absl::Status CheckInOrder(const ChangeChecks& checks);

// The events a change of one proposal may begin with: one, or a few when the
// state picks (correct from NIK_MISMATCH, rework from RETURNED).
using ChangeEvents = std::vector<workflow::Event>;

// Scope of a change of `proposal` that begins with one of `events`: the actor's
// region covers its desa, the role takes one of the events somewhere in the
// table, and a verifier acts only on their own assignments (workflow::CheckScope,
// CheckActor, CheckReadAccess refusals).
absl::Status ProposalScope(const workflow::Actor& actor, const ChangeEvents& events,
                           const storage::ProposalRecord& proposal);

// State of such a change: one of `events` leaves the proposal's state for this role,
// by the rows of its machine version and route.
// FAILED_PRECONDITION naming state and event (the workflow's kTerminalState or
// kEventNotAllowedInState refusal) when no event may happen in the state at all;
// PERMISSION_DENIED (kRoleNotAllowed) when it may, but not by this role.
absl::Status ProposalState(const workflow::Actor& actor, const ChangeEvents& events,
                           const storage::ProposalRecord& proposal);

// CheckInOrder of ProposalScope, ProposalState and the expected version.
absl::Status CheckProposalChange(const workflow::Actor& actor, const ChangeEvents& events,
                                 const storage::ProposalRecord& proposal,
                                 std::optional<int64_t> expected_version);

// The same for several proposals changed all-or-nothing (no versions): every
// proposal's scope first, then every state, so that the refusal of one listed
// proposal never tells the state of another. `field_of(i)` names position i in
// the refusal ("proposal_ids[2]: ...").
absl::Status CheckProposalsChange(const workflow::Actor& actor, const ChangeEvents& events,
                                  const std::vector<const storage::ProposalRecord*>& proposals,
                                  const std::function<std::string(size_t)>& field_of);

// A change to a deliberation: the village head of its desa (scope), still open
// (state), then the version.
absl::Status CheckDeliberationChange(const workflow::Actor& actor,
                                     const storage::DeliberationRecord& deliberation,
                                     std::optional<int64_t> expected_version);

// A step of a batch: `step` is the workflow's answer (DecideBatchStep checks
// role, region and status in this same order), then the version.
absl::Status CheckBatchChange(const absl::Status& step, const storage::BatchRecord& batch,
                              std::optional<int64_t> expected_version);

}  // namespace usulan::app
