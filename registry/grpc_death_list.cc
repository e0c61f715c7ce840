#include "registry/grpc_death_list.h"

#include "registry/death_list_wire.h"
#include "registry/source_call.h"

namespace usulan::registry {
namespace {

const Source kDeathList = {
    .name = "civil registry", .flag_prefix = "--registry-", .nothing_done = "nothing was read"};

}  // namespace

GrpcDeathList::GrpcDeathList(std::shared_ptr<grpc::Channel> channel,
                             std::chrono::milliseconds timeout, int page_size)
    : timeout_(timeout),
      page_size_(page_size),
      stub_(registry::v1::PopulationRegistryService::NewStub(std::move(channel))) {}

absl::StatusOr<workflow::DeathPage> GrpcDeathList::Deaths(std::string_view since_date,
                                                          std::string_view page_token) {
  return PagedCall<registry::v1::ListDeathsResponse>(
      ToWireDeathsRequest(since_date, page_size_, page_token), timeout_, kDeathList,
      [this](grpc::ClientContext* context, const registry::v1::ListDeathsRequest& request,
             registry::v1::ListDeathsResponse* response) {
        return stub_->ListDeaths(context, request, response);
      },
      [](const registry::v1::ListDeathsResponse& response,
         const registry::v1::ListDeathsRequest& request) {
        return FromWireResponse(response, request);
      });
}

}  // namespace usulan::registry
