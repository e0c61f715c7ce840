// usulan.v1.ReviewService: Dinsos kabupaten/kota review, batches, the
// Bupati/Walikota's ratification and the provincial review. Lists are
// all-or-nothing; a batch moves as one transaction. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/review_service.grpc.pb.h"

namespace usulan::services {

class ReviewServiceImpl final : public v1::ReviewService::Service {
 public:
  explicit ReviewServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status OpenReview(grpc::ServerContext* context, const v1::OpenReviewRequest* request,
                          v1::ProposalsChanged* response) override;
  grpc::Status ApproveProposals(grpc::ServerContext* context,
                                const v1::ApproveProposalsRequest* request,
                                v1::ProposalsChanged* response) override;
  grpc::Status ReturnProposal(grpc::ServerContext* context,
                              const v1::ReturnProposalRequest* request,
                              v1::Proposal* response) override;
  grpc::Status CreateBatch(grpc::ServerContext* context, const v1::CreateBatchRequest* request,
                           v1::Batch* response) override;
  grpc::Status RatifyBatch(grpc::ServerContext* context, const v1::RatifyBatchRequest* request,
                           v1::Batch* response) override;
  grpc::Status SubmitBatch(grpc::ServerContext* context, const v1::SubmitBatchRequest* request,
                           v1::Batch* response) override;
  grpc::Status ForwardBatch(grpc::ServerContext* context, const v1::ForwardBatchRequest* request,
                            v1::Batch* response) override;
  grpc::Status ReturnBatch(grpc::ServerContext* context, const v1::ReturnBatchRequest* request,
                           v1::Batch* response) override;
  grpc::Status GetBatch(grpc::ServerContext* context, const v1::GetBatchRequest* request,
                        v1::Batch* response) override;
  grpc::Status ListBatches(grpc::ServerContext* context, const v1::ListBatchesRequest* request,
                           v1::ListBatchesResponse* response) override;
  grpc::Status ConfirmCentralChange(grpc::ServerContext* context,
                                    const v1::ConfirmCentralChangeRequest* request,
                                    v1::Proposal* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
