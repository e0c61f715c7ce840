// usulan.v1.CitizenService: a citizen's usul mandiri and usul sanggah, the
// filings they can follow and their household's register entry (docs/citizens.md). Role citizen only; the desa, NIK and KK come from
// the token (auth::Identity) and never enter a log line, the audit trail or an
// idempotency key. Thread-safe (no state beyond the shared context).
#pragma once

#include "absl/status/status.h"
#include "services/service_context.h"
#include "usulan/v1/citizen_service.grpc.pb.h"
#include "workflow/machine.h"

namespace usulan::services {

class CitizenServiceImpl final : public v1::CitizenService::Service {
 public:
  // `filings` bounds FileProposal and FileObjection per citizen (the token's
  // subject; --citizen-filing-rate-per-minute), owned by the server; null: no
  // limit.
  explicit CitizenServiceImpl(ServiceContext context, app::RateLimiter* filings = nullptr)
      : ctx_(context), filings_(filings) {}

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
  // Takes one of `citizen`'s filing tokens: RESOURCE_EXHAUSTED naming the flag
  // when they have none left. Called once a filing's fields are checked and
  // before its transaction, so that a flood costs the database nothing.
  absl::Status TakeFilingToken(const workflow::Actor& citizen) const;

  ServiceContext ctx_;
  app::RateLimiter* filings_;
};

}  // namespace usulan::services
