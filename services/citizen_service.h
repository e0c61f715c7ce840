// usulan.v1.CitizenService: a citizen's usul mandiri and usul sanggah, the
// filings they can follow and their household's register entry (docs/citizens.md). Role citizen only; the desa, NIK and KK come from
// the token (auth::Identity) and never enter a log line, the audit trail or an
// idempotency key. Thread-safe (no state beyond the shared context).
#pragma once

#include "services/service_context.h"
#include "usulan/v1/citizen_service.grpc.pb.h"

namespace usulan::services {

class CitizenServiceImpl final : public v1::CitizenService::Service {
 public:
  explicit CitizenServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status FileProposal(grpc::ServerContext* context, const v1::FileProposalRequest* request,
                            v1::Filing* response) override;
  grpc::Status ListMyFilings(grpc::ServerContext* context,
                             const v1::ListMyFilingsRequest* request,
                             v1::ListMyFilingsResponse* response) override;
  grpc::Status GetMyFiling(grpc::ServerContext* context, const v1::GetMyFilingRequest* request,
                           v1::Filing* response) override;
  // services/citizen_objection.cc
  grpc::Status FileObjection(grpc::ServerContext* context,
                             const v1::FileObjectionRequest* request,
                             v1::Filing* response) override;
  // services/citizen_household.cc
  grpc::Status GetMyHousehold(grpc::ServerContext* context,
                              const v1::GetMyHouseholdRequest* request,
                              v1::MyHousehold* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
