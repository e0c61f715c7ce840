// usulan.v1.VerificationService: field verification (verval). Assignments and the
// village's release are all-or-nothing over their lists; a visit changes one
// proposal. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/verification_service.grpc.pb.h"

namespace usulan::services {

class VerificationServiceImpl final : public v1::VerificationService::Service {
 public:
  explicit VerificationServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status AssignVerifier(grpc::ServerContext* context,
                              const v1::AssignVerifierRequest* request,
                              v1::ProposalsChanged* response) override;
  grpc::Status RecordVisit(grpc::ServerContext* context, const v1::RecordVisitRequest* request,
                           v1::Proposal* response) override;
  grpc::Status FinalizeVillage(grpc::ServerContext* context,
                               const v1::FinalizeVillageRequest* request,
                               v1::ProposalsChanged* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
