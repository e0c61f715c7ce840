#include "services/proposal_transitions.h"

#include "workflow/string_view_compat.h"
#include "absl/strings/str_join.h"

namespace usulan::services {

absl::Status CheckExpectedVersion(const storage::ProposalRecord& proposal,
                                  std::optional<int64_t> expected_version) {
  if (expected_version && *expected_version != proposal.version) {
    return absl::AbortedError(workflow::Concat("expected_version ", *expected_version,
                                               " is stale: proposal ", proposal.id,
                                               " is at version ", proposal.version));
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::ProposalRecord> LockForChange(storage::Tx& tx, const std::string& id,
                                                      std::optional<int64_t> expected_version) {
  auto proposal = tx.LockProposal(id);
  if (!proposal.ok()) return proposal.status();
  absl::Status version = CheckExpectedVersion(*proposal, expected_version);
  if (!version.ok()) return version;
  return proposal;
}

absl::Status ApplyEvent(storage::Tx& tx, storage::ProposalRecord& proposal, workflow::Event event,
                        const workflow::Actor& actor, workflow::Payload payload,
                        const std::string& request_id, storage::TimePoint now,
                        const std::vector<int>& nik_mismatch_members) {
  workflow::TransitionRequest request{
      .proposal = {.state = proposal.state,
                   .version = proposal.version,
                   .kind = proposal.kind,
                   .desa_code = proposal.region.desa_code,
                   .assigned_verifier = proposal.assigned_verifier,
                   .last_approver = proposal.last_approver,
                   .cycle_id = proposal.cycle_id},
      .event = event,
      .actor = actor,
      .payload = std::move(payload)};
  auto decision = workflow::Decide(request);
  if (!decision.ok()) return decision.status();
  absl::Status written = tx.ApplyTransition(proposal.id, proposal.version, *decision, request_id,
                                            now, nik_mismatch_members);
  if (!written.ok()) return written;
  if (decision->next_state != proposal.state) proposal.state_since = now;
  proposal.state = decision->next_state;
  proposal.version = decision->next_version;
  proposal.assigned_verifier = decision->assigned_verifier;
  proposal.last_approver = decision->last_approver;
  proposal.cycle_id = decision->cycle_id;
  proposal.nik_mismatch_members = nik_mismatch_members;
  return absl::OkStatus();
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
      failures.push_back(workflow::Concat(check.position, " (", workflow::Name(check.status), ")"));
    }
  }
  payload.verdict = failures.empty();
  payload.attributes["checked_members"] = std::to_string(checks.size());
  payload.reason = failures.empty()
                       ? workflow::Concat("civil registry confirmed all ", checks.size(),
                                          " members")
                       : workflow::Concat("civil registry did not confirm member ",
                                          absl::StrJoin(failures, ", "));
  return payload;
}

}  // namespace usulan::services
