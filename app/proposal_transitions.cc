#include "app/proposal_transitions.h"

#include "base/string_view_compat.h"
#include "absl/strings/str_join.h"
#include "app/change_order.h"

namespace usulan::app {

absl::Status WithField(std::string_view field, const absl::Status& status) {
  if (status.ok()) return status;
  absl::Status prefixed(status.code(), base::Concat(field, ": ", status.message()));
  // Keep the workflow's refusal payload so callers can still tell the rule.
  status.ForEachPayload([&](auto type_url, const absl::Cord& payload) {
    prefixed.SetPayload(type_url, payload);
  });
  return prefixed;
}


workflow::ProposalSnapshot SnapshotOf(const storage::ProposalRecord& proposal) {
  return {.state = proposal.state,
          .version = proposal.version,
          .kind = proposal.kind,
          .desa_code = proposal.region.desa_code,
          .assigned_verifier = proposal.assigned_verifier,
          .last_approver = proposal.last_approver,
          .cycle_id = proposal.cycle_id,
          .machine_version = proposal.machine_version,
          .route = proposal.route};
}

absl::StatusOr<storage::PlannedTransition> DecideEvent(
    storage::ProposalRecord& proposal, workflow::Event event, const workflow::Actor& actor,
    workflow::Payload payload, const std::string& request_id, storage::TimePoint now,
    const std::vector<int>& nik_mismatch_members) {
  workflow::TransitionRequest request{
      .proposal = SnapshotOf(proposal),
      .event = event,
      .actor = actor,
      .payload = std::move(payload)};
  auto decision = workflow::Decide(request);
  if (!decision.ok()) return decision.status();
  storage::PlannedTransition planned{.proposal_id = proposal.id,
                                     .current_version = proposal.version,
                                     .decision = *decision,
                                     .request_id = request_id,
                                     .at = now,
                                     .nik_mismatch_members = nik_mismatch_members};
  if (decision->next_state != proposal.state) proposal.state_since = now;
  proposal.state = decision->next_state;
  proposal.version = decision->next_version;
  proposal.assigned_verifier = decision->assigned_verifier;
  proposal.last_approver = decision->last_approver;
  proposal.cycle_id = decision->cycle_id;
  proposal.nik_mismatch_members = nik_mismatch_members;
  return planned;
}

absl::Status ApplyEvent(storage::Tx& tx, storage::ProposalRecord& proposal, workflow::Event event,
                        const workflow::Actor& actor, workflow::Payload payload,
                        const std::string& request_id, storage::TimePoint now,
                        const std::vector<int>& nik_mismatch_members) {
  auto planned = DecideEvent(proposal, event, actor, std::move(payload), request_id, now,
                             nik_mismatch_members);
  if (!planned.ok()) return planned.status();
  return tx.proposals().ApplyTransitions({*planned});
}

absl::StatusOr<std::vector<storage::PlannedTransition>> DecideChange(
    storage::ProposalRecord& proposal, const workflow::Actor& actor,
    const std::vector<workflow::Event>& events, std::optional<int64_t> expected_version,
    const EventPlanFn& plan, const std::string& request_id, storage::TimePoint now) {
  if (absl::Status checked = CheckProposalChange(actor, events, proposal, expected_version);
      !checked.ok()) {
    return checked;
  }
  auto steps = plan(proposal);
  if (!steps.ok()) return steps.status();
  std::vector<storage::PlannedTransition> planned;
  for (EventStep& step : *steps) {
    auto decided = DecideEvent(proposal, step.event, step.actor, std::move(step.payload),
                               request_id, now, step.nik_mismatch_members);
    if (!decided.ok()) return decided.status();
    planned.push_back(std::move(*decided));
  }
  return planned;
}

const workflow::Actor& RegistryActor() {
  static const workflow::Actor actor{"system:population-registry", workflow::Role::kSystem, ""};
  return actor;
}

workflow::Payload NikCheckedPayload(const std::vector<workflow::MemberCheck>& checks) {
  workflow::Payload payload;
  std::vector<std::string> failures;
  for (const workflow::MemberCheck& check : checks) {
    if (check.status != workflow::NikStatus::kMatched) {
      failures.push_back(base::Concat(check.position, " (", workflow::Name(check.status), ")"));
    }
  }
  payload.verdict = failures.empty();
  payload.attributes["checked_members"] = std::to_string(checks.size());
  payload.reason = failures.empty()
                       ? base::Concat("civil registry confirmed all ", checks.size(),
                                          " members")
                       : base::Concat("civil registry did not confirm member ",
                                          absl::StrJoin(failures, ", "));
  return payload;
}

}  // namespace usulan::app
