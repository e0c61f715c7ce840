// usulan.v1.DecisionService: Pusdatin decides forwarded batches, and single
// proposals of the routes that climb no batch (CENTRAL, PBI_JK). A batch decision
// is a durable record of its own (one per batch) written in the same transaction
// as every member's outcome; both kinds write through app::ApplyAcceptedDecision.
// Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/decision_service.grpc.pb.h"

namespace usulan::services {

class DecisionServiceImpl final : public v1::DecisionService::Service {
 public:
  explicit DecisionServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status ListIncomingBatches(grpc::ServerContext* context,
                                   const v1::ListIncomingBatchesRequest* request,
                                   v1::ListBatchesResponse* response) override;
  grpc::Status DecideBatch(grpc::ServerContext* context, const v1::DecideBatchRequest* request,
                           v1::BatchDecision* response) override;
  grpc::Status GetDecision(grpc::ServerContext* context, const v1::GetDecisionRequest* request,
                           v1::BatchDecision* response) override;
  grpc::Status DecideProposal(grpc::ServerContext* context,
                              const v1::DecideProposalRequest* request,
                              v1::Proposal* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
