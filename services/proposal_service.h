// usulan.v1.ProposalService: village entry of household proposals. Each RPC
// authenticates, validates its input (INVALID_ARGUMENT naming the field), checks
// role and region through the workflow, and changes the database in exactly one
// transaction. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/proposal_service.grpc.pb.h"

namespace usulan::services {

class ProposalServiceImpl final : public v1::ProposalService::Service {
 public:
  explicit ProposalServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status CreateProposal(grpc::ServerContext* context, const v1::CreateProposalRequest* request,
                              v1::Proposal* response) override;
  grpc::Status UpdateDraft(grpc::ServerContext* context, const v1::UpdateDraftRequest* request,
                           v1::Proposal* response) override;
  grpc::Status SubmitProposal(grpc::ServerContext* context, const v1::SubmitProposalRequest* request,
                              v1::Proposal* response) override;
  grpc::Status CorrectProposal(grpc::ServerContext* context,
                               const v1::CorrectProposalRequest* request,
                               v1::Proposal* response) override;
  grpc::Status WithdrawProposal(grpc::ServerContext* context,
                                const v1::WithdrawProposalRequest* request,
                                v1::Proposal* response) override;
  grpc::Status GetProposal(grpc::ServerContext* context, const v1::GetProposalRequest* request,
                           v1::Proposal* response) override;
  grpc::Status ListProposals(grpc::ServerContext* context, const v1::ListProposalsRequest* request,
                             v1::ListProposalsResponse* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
