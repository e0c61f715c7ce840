// usulan.v1.RegisterService: the register reads (docs/register.md). Entries and
// their history carry no personal data; scope as for proposals (a region prefix
// the caller's region covers; an entry of a desa outside it is
// PERMISSION_DENIED). Read-only: the register changes only with decisions
// (app/register_effects.h). Logs identifiers only. Thread-safe.
#pragma once

#include "services/service_context.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::services {

class RegisterServiceImpl final : public v1::RegisterService::Service {
 public:
  explicit RegisterServiceImpl(ServiceContext context) : ctx_(context) {}

  grpc::Status GetEntry(grpc::ServerContext* context, const v1::GetEntryRequest* request,
                        v1::GetEntryResponse* response) override;
  grpc::Status ListEntries(grpc::ServerContext* context, const v1::ListEntriesRequest* request,
                           v1::ListEntriesResponse* response) override;
  grpc::Status CountEntries(grpc::ServerContext* context, const v1::CountEntriesRequest* request,
                            v1::CountEntriesResponse* response) override;

 private:
  ServiceContext ctx_;
};

}  // namespace usulan::services
