#include "services/batch_moves.h"

#include <algorithm>

#include "services/convert.h"
#include "services/proposal_change.h"
#include "services/proposal_locks.h"
#include "services/proposal_transitions.h"
#include "services/status_macros.h"
#include "workflow/string_view_compat.h"

namespace usulan::services {
namespace {

v1::BatchStatus ToProto(workflow::BatchStatus status) {
  switch (status) {
    case workflow::BatchStatus::kSealed:
      return v1::BATCH_STATUS_SEALED;
    case workflow::BatchStatus::kRatified:
      return v1::BATCH_STATUS_RATIFIED;
    case workflow::BatchStatus::kSubmitted:
      return v1::BATCH_STATUS_SUBMITTED;
    case workflow::BatchStatus::kForwarded:
      return v1::BATCH_STATUS_FORWARDED;
    case workflow::BatchStatus::kDecided:
      return v1::BATCH_STATUS_DECIDED;
    case workflow::BatchStatus::kReturned:
      return v1::BATCH_STATUS_RETURNED;
  }
  return v1::BATCH_STATUS_UNSPECIFIED;
}

}  // namespace

std::vector<std::string> OpenMemberIds(const storage::BatchRecord& batch) {
  std::vector<std::string> open;
  for (const auto& member : batch.members) {
    if (member.open) open.push_back(member.proposal_id);
  }
  std::sort(open.begin(), open.end());
  return open;
}

absl::Status CheckBatchVersion(const storage::BatchRecord& batch,
                               std::optional<int64_t> expected) {
  if (expected && *expected != batch.version) {
    return absl::AbortedError(workflow::Concat("expected_version ", *expected,
                                               " is stale: batch ", batch.id, " is at version ",
                                               batch.version));
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::TimePoint> MoveMembers(storage::Tx& tx,
                                               const std::vector<std::string>& ids,
                                               const Clock& clock,
                                               const MemberDecisionFn& decide) {
  const auto field_of = [&](size_t i) { return workflow::Concat("member ", ids[i]); };
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::ProposalRecord> locked,
                          LockProposalsInOrder(tx, ids, /*with_members=*/false, field_of));
  const storage::TimePoint now = clock.Now();
  std::vector<storage::PlannedTransition> planned;
  planned.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    auto decided = decide(locked[i], now);
    if (!decided.ok()) return WithField(field_of(i), decided.status());
    planned.push_back(std::move(*decided));
  }
  USULAN_RETURN_IF_ERROR(tx.ApplyTransitions(planned));
  return now;
}

absl::Status MoveBatch(storage::Tx& tx, storage::BatchRecord& batch,
                       const workflow::BatchStep& step, const workflow::Actor& actor,
                       workflow::Payload payload, const std::string& request_id,
                       const Clock& clock) {
  const std::vector<std::string> open = OpenMemberIds(batch);
  if (open.empty()) {
    return absl::FailedPreconditionError(
        workflow::Concat("batch ", batch.id, " has no open member left"));
  }
  payload.attributes["batch_id"] = batch.id;
  USULAN_ASSIGN_OR_RETURN(
      const storage::TimePoint now,
      MoveMembers(tx, open, clock, [&](storage::ProposalRecord& proposal, storage::TimePoint at) {
        return DecideEvent(proposal, step.member_event, actor, payload, request_id, at);
      }));
  if (step.to == workflow::BatchStatus::kReturned) {
    USULAN_RETURN_IF_ERROR(tx.CloseBatchMembers(batch.id, open));
  }
  const int64_t current = batch.version;
  batch.status = step.to;
  batch.status_since = now;
  USULAN_RETURN_IF_ERROR(tx.UpdateBatch(batch, current));
  USULAN_ASSIGN_OR_RETURN(batch, tx.GetBatch(batch.id));
  return absl::OkStatus();
}

void ToProto(const storage::BatchRecord& batch, bool with_members, v1::Batch* out) {
  out->Clear();
  out->set_batch_id(batch.id);
  out->set_kabupaten_code(batch.kabupaten_code);
  out->set_cycle_id(batch.cycle_id);
  out->set_status(ToProto(batch.status));
  out->set_version(batch.version);
  out->set_manifest_sha256(batch.manifest_sha256);
  out->set_created_by(batch.created_by);
  services::ToProto(batch.created_at, out->mutable_created_at());
  out->set_letter_number(batch.letter_number);
  out->set_letter_sha256(batch.letter_sha256);
  out->set_ratified_by(batch.ratified_by);
  services::ToProto(batch.status_since, out->mutable_status_since());
  out->set_return_reason(batch.return_reason);
  if (!with_members) return;
  for (const auto& member : batch.members) {
    v1::BatchMember* m = out->add_members();
    m->set_proposal_id(member.proposal_id);
    m->set_sealed_version(member.sealed_version);
    m->set_state(services::ToProto(member.state));
    m->set_open(member.open);
  }
}

}  // namespace usulan::services
