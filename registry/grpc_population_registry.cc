#include "registry/grpc_population_registry.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include "registry/registry_wire.h"
#include "base/string_view_compat.h"

namespace usulan::registry {
namespace {

// After an outage the channel retries the connection with exponential backoff;
// gRPC's default ceiling (two minutes) would keep failing calls long after the
// registry is back.
constexpr int kMaxReconnectBackoffMs = 5000;

constexpr std::string_view kRetry = "; nothing was checked, retry later";

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

}  // namespace

absl::Status RegistryCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout) {
  switch (status.error_code()) {
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::UnavailableError(base::Concat(
          "civil registry unavailable: no answer within ", timeout.count(), " ms", kRetry));
    case grpc::StatusCode::UNAVAILABLE:
      return absl::UnavailableError(
          base::Concat("civil registry unavailable: cannot reach it", kRetry));
    default:
      return absl::UnavailableError(base::Concat(
          "civil registry unavailable: it answered ", CodeName(status.error_code()), kRetry));
  }
}

GrpcPopulationRegistry::GrpcPopulationRegistry(const std::string& address,
                                               std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  grpc::ChannelArguments arguments;
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
  channel_ = grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), arguments);
  stub_ = registry::v1::PopulationRegistryService::NewStub(channel_);
}

absl::StatusOr<std::vector<workflow::MemberCheck>> GrpcPopulationRegistry::Check(
    const workflow::Household& household) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  registry::v1::CheckHouseholdResponse response;
  grpc::Status status = stub_->CheckHousehold(&context, ToWireRequest(household), &response);
  if (!status.ok()) return RegistryCallFailure(status, timeout_);
  auto checks = FromWireResponse(response, household.members.size());
  if (!checks.ok()) {
    return absl::UnavailableError(base::Concat(
        "civil registry unavailable: unusable answer (", checks.status().message(), ")", kRetry));
  }
  return checks;
}

}  // namespace usulan::registry
