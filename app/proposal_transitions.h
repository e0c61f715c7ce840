// The steps every change of a proposal goes through inside its transaction: lock
// the row, honour the caller's expected_version, let the workflow decide, write the
// transition. Shared by every service that moves proposals.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/tx.h"
#include "workflow/machine.h"
#include "workflow/population_registry.h"

namespace usulan::app {

// `status` with "<field>: " in front of its message (OK stays OK).
absl::Status WithField(std::string_view field, const absl::Status& status);

// What the workflow needs to know of a stored proposal.
workflow::ProposalSnapshot SnapshotOf(const storage::ProposalRecord& proposal);

// Decides `event` for `proposal` without writing it: on success `proposal` reflects
// the new state and version, and the answer is the transition to write
// (ProposalRepository::ApplyTransitions). Refusals come back as the workflow's status.
absl::StatusOr<storage::PlannedTransition> DecideEvent(
    storage::ProposalRecord& proposal, workflow::Event event, const workflow::Actor& actor,
    workflow::Payload payload, const std::string& request_id, storage::TimePoint now,
    const std::vector<int>& nik_mismatch_members = {});

// DecideEvent, then writes it. Refusals come back as the workflow's status; for an
// agenda or batch the caller prefixes the item.
absl::Status ApplyEvent(storage::Tx& tx, storage::ProposalRecord& proposal, workflow::Event event,
                        const workflow::Actor& actor, workflow::Payload payload,
                        const std::string& request_id, storage::TimePoint now,
                        const std::vector<int>& nik_mismatch_members = {});

// One step a change asks of the workflow.
struct EventStep {
  workflow::Event event;
  workflow::Actor actor;
  workflow::Payload payload;
  std::vector<int> nik_mismatch_members;
};
// Works out, without I/O, what a change of the locked `proposal` asks for: the
// steps to apply in order, or a refusal of its own.
using EventPlanFn =
    std::function<absl::StatusOr<std::vector<EventStep>>(const storage::ProposalRecord&)>;

// The whole decision of a single-proposal change made of workflow events: the
// checks of change_order.h (scope and state for a change beginning with one of
// `events`, then expected_version), `plan`, and each step decided in turn on
// `proposal` (which ends up as the change leaves it). The transitions to write,
// in order. Pure: the same for a change written alone or in a group.
absl::StatusOr<std::vector<storage::PlannedTransition>> DecideChange(
    storage::ProposalRecord& proposal, const workflow::Actor& actor,
    const std::vector<workflow::Event>& events, std::optional<int64_t> expected_version,
    const EventPlanFn& plan,
    const std::string& request_id, storage::TimePoint now);

// The service itself, as the actor of the civil-registry check.
const workflow::Actor& RegistryActor();

// The nik_checked payload for a registry answer: verdict true when every member
// matched, otherwise a reason naming member positions and statuses (never NIKs).
workflow::Payload NikCheckedPayload(const std::vector<workflow::MemberCheck>& checks);

}  // namespace usulan::app
