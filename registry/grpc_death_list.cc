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
  auto request = ToWireDeathsRequest(since_date, page_size_, page_token);
  if (!request.ok()) return request.status();
  grpc::ClientContext context;
  SetDeadline(context, timeout_);
  registry::v1::ListDeathsResponse response;
  grpc::Status status = stub_->ListDeaths(&context, *request, &response);
  if (!status.ok()) return PagedCallFailure(status, timeout_, kDeathList, page_token);
  auto page = FromWireResponse(response, *request);
  if (!page.ok()) return UnusableAnswer(page.status(), kDeathList);
  return page;
}

}  // namespace usulan::registry
