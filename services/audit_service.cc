#include "services/audit_service.h"

#include "services/convert.h"
#include "storage/tx.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "services/status_macros.h"

namespace usulan::services {

grpc::Status AuditServiceImpl::GetHistory(grpc::ServerContext* context,
                                          const v1::GetHistoryRequest* request,
                                          v1::GetHistoryResponse* response) {
  RpcLog log("GetHistory");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    std::vector<storage::TransitionRecord> history;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                              tx.GetProposal(request->proposal_id()));
      USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, proposal.region.desa_code));
      USULAN_ASSIGN_OR_RETURN(history, tx.GetHistory(request->proposal_id()));
      return absl::OkStatus();
    }));
    for (const auto& transition : history) ToProto(transition, response->add_transitions());
    log.set_count("rows", static_cast<int64_t>(history.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
