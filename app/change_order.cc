#include "app/change_order.h"

#include <algorithm>

#include "app/proposal_transitions.h"
#include "workflow/queues.h"
#include "base/string_view_compat.h"

namespace usulan::app {
namespace {

// ABORTED when the caller expected another version of the item: one wording for
// proposals, deliberations and batches.
absl::Status VersionCheck(std::string_view kind, const std::string& id, int64_t version,
                          std::optional<int64_t> expected) {
  if (expected && *expected != version) {
    return absl::AbortedError(base::Concat("expected_version ", *expected, " is stale: ",
                                               kind, " ", id, " is at version ", version));
  }
  return absl::OkStatus();
}

bool HasRole(const workflow::TransitionRule& rule, workflow::Role role) {
  return std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end();
}

}  // namespace

absl::Status CheckInOrder(const ChangeChecks& checks) {
  if (!checks.scope.ok()) return checks.scope;
  if (!checks.state.ok()) return checks.state;
  return checks.version;
}

absl::Status ProposalScope(const workflow::Actor& actor, const ChangeEvents& events,
                           const storage::ProposalRecord& proposal) {
  const std::string& desa = proposal.region.desa_code;
  absl::Status role = absl::OkStatus();
  for (size_t i = 0; i < events.size(); ++i) {
    role = workflow::CheckActor(actor, events[i], desa);
    if (role.ok()) break;
  }
  if (!role.ok()) return role;
  // As for reading it: a verifier sees only their assignments.
  return workflow::CheckReadAccess(actor, desa, proposal.assigned_verifier);
}

absl::Status ProposalState(const workflow::Actor& actor, const ChangeEvents& events,
                           const storage::ProposalRecord& proposal) {
  const workflow::State state = proposal.state;
  bool happens_here = false;
  for (workflow::Event event : events) {
    for (const workflow::TransitionRule& rule :
         workflow::TransitionTable(proposal.machine_version)) {
      if (rule.from != state || rule.event != event ||
          !workflow::AppliesTo(rule, proposal.route)) {
        continue;
      }
      if (HasRole(rule, actor.role)) return absl::OkStatus();
      happens_here = true;
    }
  }
  const workflow::Event event = events.front();
  if (happens_here) {
    return workflow::RefusalStatus(
        workflow::Refusal::kRoleNotAllowed,
        base::Concat("role ", workflow::Name(actor.role), " may not ", workflow::Name(event),
                         " in state ", workflow::Name(state)));
  }
  if (workflow::IsTerminal(state)) {
    return workflow::RefusalStatus(
        workflow::Refusal::kTerminalState,
        base::Concat("event ", workflow::Name(event), " is not allowed in state ",
                         workflow::Name(state), ": the state is terminal"));
  }
  return workflow::RefusalStatus(
      workflow::Refusal::kEventNotAllowedInState,
      base::Concat("event ", workflow::Name(event), " is not allowed in state ",
                       workflow::Name(state)));
}

absl::Status CheckProposalChange(const workflow::Actor& actor, const ChangeEvents& events,
                                 const storage::ProposalRecord& proposal,
                                 std::optional<int64_t> expected_version) {
  return CheckInOrder({.scope = ProposalScope(actor, events, proposal),
                       .state = ProposalState(actor, events, proposal),
                       .version = VersionCheck("proposal", proposal.id, proposal.version, expected_version)});
}

absl::Status CheckProposalsChange(const workflow::Actor& actor, const ChangeEvents& events,
                                  const std::vector<const storage::ProposalRecord*>& proposals,
                                  const std::function<std::string(size_t)>& field_of) {
  for (size_t i = 0; i < proposals.size(); ++i) {
    absl::Status scope = ProposalScope(actor, events, *proposals[i]);
    if (!scope.ok()) return WithField(field_of(i), scope);
  }
  for (size_t i = 0; i < proposals.size(); ++i) {
    absl::Status state = ProposalState(actor, events, *proposals[i]);
    if (!state.ok()) return WithField(field_of(i), state);
  }
  return absl::OkStatus();
}

absl::Status CheckDeliberationChange(const workflow::Actor& actor,
                                     const storage::DeliberationRecord& deliberation,
                                     std::optional<int64_t> expected_version) {
  const absl::Status version =
      VersionCheck("deliberation", deliberation.id, deliberation.version, expected_version);
  // CheckChange refuses by role and region before the status; asked as if the
  // deliberation were open it answers the scope alone.
  return CheckInOrder(
      {.scope = workflow::CheckChange(actor, deliberation.desa_code,
                                      workflow::DeliberationStatus::kOpen),
       .state = workflow::CheckChange(actor, deliberation.desa_code, deliberation.status),
       .version = version});
}

absl::Status CheckBatchChange(const absl::Status& step, const storage::BatchRecord& batch,
                              std::optional<int64_t> expected_version) {
  // DecideBatchStep's refusal is a scope refusal when it is PERMISSION_DENIED,
  // else a state one; it never gives a state refusal before a scope one.
  const bool scope_refusal = step.code() == absl::StatusCode::kPermissionDenied;
  return CheckInOrder({.scope = scope_refusal ? step : absl::OkStatus(),
                       .state = scope_refusal ? absl::OkStatus() : step,
                       .version = VersionCheck("batch", batch.id, batch.version, expected_version)});
}

}  // namespace usulan::app
