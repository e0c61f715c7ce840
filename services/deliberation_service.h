// usulan.v1.DeliberationService: Musdes / Muskel. Outcomes are recorded per agenda
// item while the meeting is open and applied to the proposals all together, in one
// transaction, when it is closed. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/deliberation_service.grpc.pb.h"

namespace usulan::services {

class DeliberationServiceImpl final : public v1::DeliberationService::Service {
 public:
  explicit DeliberationServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status OpenDeliberation(grpc::ServerContext* context,
                                const v1::OpenDeliberationRequest* request,
                                v1::Deliberation* response) override;
  grpc::Status AddToAgenda(grpc::ServerContext* context, const v1::AddToAgendaRequest* request,
                           v1::Deliberation* response) override;
  grpc::Status RecordOutcome(grpc::ServerContext* context,
                             const v1::RecordOutcomeRequest* request,
                             v1::Deliberation* response) override;
  grpc::Status CloseDeliberation(grpc::ServerContext* context,
                                 const v1::CloseDeliberationRequest* request,
                                 v1::Deliberation* response) override;
  grpc::Status GetDeliberation(grpc::ServerContext* context,
                               const v1::GetDeliberationRequest* request,
                               v1::Deliberation* response) override;
  grpc::Status ListDeliberations(grpc::ServerContext* context,
                                 const v1::ListDeliberationsRequest* request,
                                 v1::ListDeliberationsResponse* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
