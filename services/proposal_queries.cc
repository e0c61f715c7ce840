// ProposalService's read-only question beside the work queue: CountProposals
// (how many in each state, per region). It changes nothing, so it takes no
// request_id. (LookupNik, which finds people, is in nik_lookup.cc.)
#include <map>

#include "services/convert.h"
#include "services/proposal_service.h"
#include "services/queue_filters.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "storage/tx.h"
#include "workflow/queues.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {

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

}  // namespace usulan::services
