// usulan.v1.AuditService: read access to the audit trail, for anyone whose region
// covers the proposal. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/audit_service.grpc.pb.h"

namespace usulan::services {

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  explicit AuditServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status GetHistory(grpc::ServerContext* context, const v1::GetHistoryRequest* request,
                          v1::GetHistoryResponse* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
