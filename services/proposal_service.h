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
  // proposal_queries.cc
  grpc::Status CountProposals(grpc::ServerContext* context,
                              const v1::CountProposalsRequest* request,
                              v1::CountProposalsResponse* response) override;
  grpc::Status LookupNik(grpc::ServerContext* context, const v1::LookupNikRequest* request,
                         v1::LookupNikResponse* response) override;
  // proposal_import.cc
  grpc::Status ImportProposals(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<v1::ImportRowResult, v1::ImportProposalsRequest>* stream) override;
  grpc::Status TakeUpProposal(grpc::ServerContext* context,
                              const v1::TakeUpProposalRequest* request,
                              v1::Proposal* response) override;
  grpc::Status DeclineProposal(grpc::ServerContext* context,
                               const v1::DeclineProposalRequest* request,
                               v1::Proposal* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
