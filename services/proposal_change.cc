#include "services/proposal_change.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "services/convert.h"
#include "app/group_commit.h"
#include "app/idempotent.h"
#include "app/proposal_transitions.h"
#include "base/status_macros.h"
#include "workflow/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {


absl::Status ChangeProposal(const ServiceContext& ctx, std::string_view rpc,
                            const workflow::Actor& actor,
                            const google::protobuf::Message& request,
                            const std::string& request_id, const std::string& proposal_id,
                            std::optional<int64_t> expected, RpcLog& log,
                            const ProposalChangeFn& change, v1::Proposal* response) {
  auto key = MakeRequestKey(rpc, actor, request_id, request);
  storage::TimePoint now = ctx.clock.Now();
  return app::RunIdempotent(
      ctx.db, key, now,
      [&](storage::Tx& tx) -> absl::Status {
        // The region is checked before the version, so that a stale version is
        // news only to callers who may act here at all.
        USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                                tx.LockProposal(proposal_id));
        USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, proposal.region.desa_code));
        USULAN_RETURN_IF_ERROR(app::CheckExpectedVersion(proposal, expected));
        workflow::State from = proposal.state;
        USULAN_RETURN_IF_ERROR(change(tx, proposal, now));
        log.set_transition(workflow::Name(from), workflow::Name(proposal.state));
        ToProto(proposal, response);
        return absl::OkStatus();
      },
      *response);
}

absl::Status ChangeProposalByEvents(const ServiceContext& ctx, std::string_view rpc,
                                    const workflow::Actor& actor,
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
  const app::EventChange change{MakeRequestKey(rpc, actor, request_id, request), actor,
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
  return absl::OkStatus();
}

absl::Status ChangeProposals(const ServiceContext& ctx, std::string_view rpc,
                             const workflow::Actor& actor,
                             const google::protobuf::Message& request,
                             const std::string& request_id, const std::vector<std::string>& ids,
                             std::string_view field, RpcLog& log, const ProposalChangeFn& change,
                             v1::ProposalsChanged* response) {
  auto key = MakeRequestKey(rpc, actor, request_id, request);
  storage::TimePoint now = ctx.clock.Now();
  log.set_count("items", static_cast<int64_t>(ids.size()));
  return app::RunIdempotent(
      ctx.db, key, now,
      [&](storage::Tx& tx) -> absl::Status {
        // In PostgreSQL's uuid order (the lower-case text order), as every
        // set-based lock takes them, so that mixed-case ids cannot deadlock.
        std::vector<std::string> lower;
        for (const std::string& id : ids) lower.push_back(absl::AsciiStrToLower(id));
        std::vector<size_t> lock_order(ids.size());
        for (size_t i = 0; i < ids.size(); ++i) lock_order[i] = i;
        std::sort(lock_order.begin(), lock_order.end(),
                  [&](size_t a, size_t b) { return lower[a] < lower[b]; });
        std::map<size_t, storage::ProposalRecord> locked;
        for (size_t i : lock_order) {
          auto proposal = tx.LockProposal(ids[i]);
          if (!proposal.ok()) {
            return app::WithField(workflow::Concat(field, "[", i, "]"), proposal.status());
          }
          locked.emplace(i, std::move(*proposal));
        }
        response->Clear();
        for (size_t i = 0; i < ids.size(); ++i) {
          storage::ProposalRecord& proposal = locked.at(i);
          USULAN_RETURN_IF_ERROR(
              app::WithField(workflow::Concat(field, "[", i, "]"), change(tx, proposal, now)));
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
