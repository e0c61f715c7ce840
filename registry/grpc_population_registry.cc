#include "registry/grpc_population_registry.h"

#include "registry/registry_wire.h"

namespace usulan::registry {

const Source kCivilRegistryCheck = {
    .name = "civil registry", .flag_prefix = "--registry-", .nothing_done = "nothing was checked"};

absl::Status RegistryCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout) {
  return SourceCallFailure(status, timeout, kCivilRegistryCheck);
}

absl::StatusOr<std::unique_ptr<GrpcPopulationRegistry>> GrpcPopulationRegistry::Connect(
    const std::string& address, const base::ClientTls& tls, std::chrono::milliseconds timeout) {
  auto channel = base::MakeClientChannel(address, tls);
  if (!channel.ok()) return channel.status();
  return std::make_unique<GrpcPopulationRegistry>(std::move(*channel), timeout);
}

GrpcPopulationRegistry::GrpcPopulationRegistry(std::shared_ptr<grpc::Channel> channel,
                                               std::chrono::milliseconds timeout)
    : timeout_(timeout),
      channel_(std::move(channel)),
      stub_(registry::v1::PopulationRegistryService::NewStub(channel_)),
      keeper_(channel_) {}

absl::StatusOr<std::vector<workflow::MemberCheck>> GrpcPopulationRegistry::Check(
    const workflow::Household& household) {
  grpc::ClientContext context;
  SetDeadline(context, timeout_);
  registry::v1::CheckHouseholdResponse response;
  grpc::Status status = stub_->CheckHousehold(&context, ToWireRequest(household), &response);
  if (!status.ok()) return RegistryCallFailure(status, timeout_);
  auto checks = FromWireResponse(response, household.members.size());
  if (!checks.ok()) return UnusableAnswer(checks.status(), kCivilRegistryCheck);
  return checks;
}

}  // namespace usulan::registry
