// ProposalService's read-only questions beside the work queue: CountProposals
// (how many in each state, per region) and LookupNik (which proposals concern a
// person). Neither changes anything, so neither takes a request_id.
#include <map>

#include "services/convert.h"
#include "services/proposal_service.h"
#include "services/queue_filters.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "storage/tx.h"
#include "workflow/household.h"
#include "workflow/masking.h"
#include "workflow/queues.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

v1::Relationship RelationshipToProto(workflow::Relationship relationship) {
  v1::Relationship out = v1::RELATIONSHIP_UNSPECIFIED;
  v1::Relationship_Parse(base::Concat("RELATIONSHIP_", workflow::Name(relationship)), &out);
  return out;
}

// One hit of the lookup as the caller may see it: in full inside the caller's
// read access (region, and for a verifier their assignment), masked elsewhere.
void FillNikProposal(const storage::NikHitRecord& hit, bool full, v1::NikProposal* out) {
  out->set_proposal_id(hit.proposal_id);
  out->set_kind(ToProto(hit.kind));
  out->set_state(ToProto(hit.state));
  out->set_desa_code(hit.desa_code);
  ToProto(hit.state_since, out->mutable_state_since());
  out->set_position(hit.position);
  out->set_masked(!full);
  out->set_kk_number(full ? hit.kk_number : workflow::MaskNumber(hit.kk_number));
  for (const storage::NikHitRecord::Member& member : hit.members) {
    const std::string name = full ? member.name : workflow::MaskName(member.name);
    if (member.position == hit.position) {
      out->set_name(name);
      continue;
    }
    v1::MemberView* view = out->add_other_members();
    view->set_position(member.position);
    view->set_nik(full ? member.nik : workflow::MaskNumber(member.nik));
    view->set_name(name);
    view->set_relationship(RelationshipToProto(member.relationship));
  }
}

}  // namespace

grpc::Status ProposalServiceImpl::CountProposals(grpc::ServerContext* context,
                                                 const v1::CountProposalsRequest* request,
                                                 v1::CountProposalsResponse* response) {
  RpcLog log("CountProposals");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    storage::ProposalCountFilter filter;
    USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    const storage::TimePoint now = ctx_.clock.Now();
    USULAN_ASSIGN_OR_RETURN(filter.state_since_before,
                            OverdueCutoff(request->overdue_days(), now));
    filter.assigned_verifier = AssignmentsOf(actor);

    std::vector<storage::ProposalCountRecord> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.queues().CountProposals(filter));
      return absl::OkStatus();
    }));
    // Lifecycle order, then kind order: the answer reads like the state machine.
    std::map<std::pair<workflow::State, workflow::Kind>, int64_t> counts;
    std::map<workflow::State, int64_t> by_state;
    int64_t total = 0;
    for (const auto& row : rows) {
      counts[{row.state, row.kind}] += row.count;
      by_state[row.state] += row.count;
      total += row.count;
    }
    response->set_region_prefix(filter.region_prefix);
    for (workflow::State state : workflow::kAllStates) {
      auto found = by_state.find(state);
      if (found == by_state.end()) continue;
      v1::StateCount* count = response->add_by_state();
      count->set_state(ToProto(state));
      count->set_count(found->second);
      for (workflow::Kind kind : workflow::kAllKinds) {
        auto per_kind = counts.find({state, kind});
        if (per_kind == counts.end()) continue;
        v1::StateKindCount* entry = response->add_by_state_and_kind();
        entry->set_state(ToProto(state));
        entry->set_kind(ToProto(kind));
        entry->set_count(per_kind->second);
      }
    }
    response->set_total(total);
    ToProto(now, response->mutable_as_of());
    log.set_count("total", total);
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status ProposalServiceImpl::LookupNik(grpc::ServerContext* context,
                                            const v1::LookupNikRequest* request,
                                            v1::LookupNikResponse* response) {
  // The NIK is personal data: it is checked and used, never logged or echoed.
  RpcLog log("LookupNik");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(
        workflow::ValidateNik(request->nik(), "", workflow::Sex::kUnspecified, "nik"));
    std::vector<storage::NikHitRecord> hits;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(hits, tx.queues().FindProposalsByNik(request->nik()));
      return absl::OkStatus();
    }));
    for (const storage::NikHitRecord& hit : hits) {
      const bool full =
          workflow::CheckReadAccess(actor, hit.desa_code, hit.assigned_verifier).ok();
      FillNikProposal(hit, full, response->add_proposals());
    }
    log.set_count("proposals", static_cast<int64_t>(hits.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
