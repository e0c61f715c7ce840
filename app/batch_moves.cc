#include "app/batch_moves.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"

#include "app/proposal_transitions.h"
#include "base/status_macros.h"
#include "workflow/string_view_compat.h"

namespace usulan::app {
namespace {


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

absl::Status MoveMembers(storage::Tx& tx, const std::vector<std::string>& ids,
                         const MemberDecisionFn& decide) {
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::ProposalRecord> locked,
                          tx.LockProposals(ids, /*with_members=*/false));
  std::map<std::string, storage::ProposalRecord*> by_id;
  for (storage::ProposalRecord& proposal : locked) by_id[proposal.id] = &proposal;
  std::vector<storage::PlannedTransition> planned;
  planned.reserve(ids.size());
  for (const std::string& id : ids) {
    const std::string field = workflow::Concat("member ", id);
    auto found = by_id.find(absl::AsciiStrToLower(id));
    if (found == by_id.end()) {
      return WithField(field, ProposalNotFound(id));
    }
    auto decided = decide(*found->second);
    if (!decided.ok()) return WithField(field, decided.status());
    planned.push_back(std::move(*decided));
  }
  return tx.ApplyTransitions(planned);
}

absl::Status MoveBatch(storage::Tx& tx, storage::BatchRecord& batch,
                       const workflow::BatchStep& step, const workflow::Actor& actor,
                       workflow::Payload payload, const std::string& request_id,
                       storage::TimePoint now) {
  const std::vector<std::string> open = OpenMemberIds(batch);
  if (open.empty()) {
    return absl::FailedPreconditionError(
        workflow::Concat("batch ", batch.id, " has no open member left"));
  }
  payload.attributes["batch_id"] = batch.id;
  USULAN_RETURN_IF_ERROR(MoveMembers(tx, open, [&](storage::ProposalRecord& proposal) {
    return DecideEvent(proposal, step.member_event, actor, payload, request_id, now);
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

}  // namespace usulan::app
