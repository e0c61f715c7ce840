#include "app/batch_moves.h"

#include <algorithm>

#include "app/proposal_transitions.h"
#include "base/status_macros.h"
#include "app/proposal_locks.h"
#include "base/string_view_compat.h"

namespace usulan::app {

std::vector<std::string> OpenMemberIds(const storage::BatchRecord& batch) {
  std::vector<std::string> open;
  for (const auto& member : batch.members) {
    if (member.open) open.push_back(member.proposal_id);
  }
  std::sort(open.begin(), open.end());
  return open;
}

absl::StatusOr<storage::TimePoint> MoveMembers(storage::Tx& tx,
                                               const std::vector<std::string>& ids,
                                               const base::Clock& clock,
                                               const MemberDecisionFn& decide,
                                               const MemberWriteFn& write) {
  const auto field_of = [&](size_t i) { return base::Concat("member ", ids[i]); };
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
  if (write) {
    USULAN_RETURN_IF_ERROR(write(tx, planned, locked));
  } else {
    USULAN_RETURN_IF_ERROR(tx.proposals().ApplyTransitions(planned));
  }
  return now;
}

absl::Status MoveBatch(storage::Tx& tx, storage::BatchRecord& batch,
                       const workflow::BatchStep& step, const workflow::Actor& actor,
                       workflow::Payload payload, const std::string& request_id,
                       const base::Clock& clock) {
  const std::vector<std::string> open = OpenMemberIds(batch);
  if (open.empty()) {
    return absl::FailedPreconditionError(
        base::Concat("batch ", batch.id, " has no open member left"));
  }
  payload.attributes["batch_id"] = batch.id;
  USULAN_ASSIGN_OR_RETURN(
      const storage::TimePoint now,
      MoveMembers(tx, open, clock, [&](storage::ProposalRecord& proposal, storage::TimePoint at) {
        return DecideEvent(proposal, step.member_event, actor, payload, request_id, at);
      }));
  if (step.to == workflow::BatchStatus::kReturned) {
    USULAN_RETURN_IF_ERROR(tx.batches().CloseBatchMembers(batch.id, open));
  }
  const int64_t current = batch.version;
  batch.status = step.to;
  batch.status_since = now;
  USULAN_RETURN_IF_ERROR(tx.batches().UpdateBatch(batch, current));
  USULAN_ASSIGN_OR_RETURN(batch, tx.batches().GetBatch(batch.id));
  return absl::OkStatus();
}

}  // namespace usulan::app
