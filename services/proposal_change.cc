#include "services/proposal_change.h"

#include "services/convert.h"
#include "app/group_commit.h"
#include "app/idempotent.h"
#include "app/proposal_locks.h"
#include "app/proposal_transitions.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/filer_privacy.h"

namespace usulan::services {


absl::Status ChangeProposal(const ServiceContext& ctx, std::string_view rpc,
                            const workflow::Actor& actor, const app::ChangeEvents& events,
                            const google::protobuf::Message& request,
                            const std::string& request_id, const std::string& proposal_id,
                            std::optional<int64_t> expected, RpcLog& log,
                            const ProposalChangeFn& change, v1::Proposal* response) {
  auto key = MakeRequestKey(rpc, actor, request_id, request);
  // The claim's own time (it only dates the idempotency record).
  const storage::TimePoint claimed_at = ctx.clock.Now();
  USULAN_RETURN_IF_ERROR(app::RunIdempotent(
      ctx.db, key, claimed_at,
      [&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                                tx.proposals().LockProposal(proposal_id));
        USULAN_RETURN_IF_ERROR(app::CheckProposalChange(actor, events, proposal, expected));
        // Read under the lock: every earlier row of this proposal is older.
        const storage::TimePoint now = ctx.clock.Now();
        workflow::State from = proposal.state;
        USULAN_RETURN_IF_ERROR(change(tx, proposal, now));
        log.set_transition(workflow::Name(from), workflow::Name(proposal.state));
        ToProto(proposal, response);
        return absl::OkStatus();
      },
      *response));
  // After the replay too: the stored answer is the same for every reader.
  WithholdFromReader(actor.role, response);
  return absl::OkStatus();
}

absl::Status ChangeProposalByEvents(const ServiceContext& ctx, std::string_view rpc,
                                    const workflow::Actor& actor, const app::ChangeEvents& events,
                                    const google::protobuf::Message& request,
                                    const std::string& request_id,
                                    const std::string& proposal_id,
                                    std::optional<int64_t> expected, RpcLog& log,
                                    const app::EventPlanFn& plan, v1::Proposal* response) {
  auto render = [](const storage::ProposalRecord& proposal) {
    v1::Proposal answer;
    ToProto(proposal, &answer);
    return answer.SerializeAsString();
  };
  const app::EventChange change{MakeRequestKey(rpc, actor, request_id, request), actor, events,
                                proposal_id, expected, plan, render};
  const app::ChangeOutcome outcome = ctx.group_commit != nullptr
                                         ? ctx.group_commit->Commit(change)
                                         : app::CommitAlone(ctx.db, ctx.clock, change);
  if (!outcome.status.ok()) return outcome.status;
  if (outcome.from && outcome.to) {
    log.set_transition(workflow::Name(*outcome.from), workflow::Name(*outcome.to));
  }
  if (!response->ParseFromString(outcome.answer)) {
    return absl::InternalError("stored response of a repeated request is unreadable");
  }
  WithholdFromReader(actor.role, response);
  return absl::OkStatus();
}

absl::Status ChangeProposals(const ServiceContext& ctx, std::string_view rpc,
                             const workflow::Actor& actor, const app::ChangeEvents& events,
                             const google::protobuf::Message& request,
                             const std::string& request_id, const std::vector<std::string>& ids,
                             std::string_view field, RpcLog& log, const ProposalChangeFn& change,
                             v1::ProposalsChanged* response) {
  auto key = MakeRequestKey(rpc, actor, request_id, request);
  const storage::TimePoint claimed_at = ctx.clock.Now();
  log.set_count("items", static_cast<int64_t>(ids.size()));
  const auto field_of = [&](size_t i) { return base::Concat(field, "[", i, "]"); };
  return app::RunIdempotent(
      ctx.db, key, claimed_at,
      [&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(
            std::vector<storage::ProposalRecord> locked,
            app::LockProposalsInOrder(tx, ids, /*with_members=*/false, field_of));
        std::vector<const storage::ProposalRecord*> checked;
        for (const storage::ProposalRecord& proposal : locked) checked.push_back(&proposal);
        USULAN_RETURN_IF_ERROR(app::CheckProposalsChange(actor, events, checked, field_of));
        const storage::TimePoint now = ctx.clock.Now();  // under the locks
        response->Clear();
        for (size_t i = 0; i < ids.size(); ++i) {
          storage::ProposalRecord& proposal = locked[i];
          USULAN_RETURN_IF_ERROR(app::WithField(field_of(i), change(tx, proposal, now)));
          v1::ChangedProposal* changed = response->add_proposals();
          changed->set_proposal_id(proposal.id);
          changed->set_state(ToProto(proposal.state));
          changed->set_version(proposal.version);
        }
        return absl::OkStatus();
      },
      *response);
}

}  // namespace usulan::services
