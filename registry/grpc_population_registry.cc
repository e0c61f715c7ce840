#include "registry/grpc_population_registry.h"

#include "base/log.h"
#include "registry/registry_wire.h"
#include "base/string_view_compat.h"

namespace usulan::registry {
namespace {

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
      // The message of a connection failure is gRPC's own (the registry's text
      // is never passed on either way).
      if (base::IsHandshakeFailure(status.error_message())) {
        base::LogEvent("error", "civil registry",
                       "TLS handshake with the civil registry failed: check --registry-ca-file "
                       "(its CA), --registry-cert-file and --registry-key-file (this server's "
                       "client certificate, which the registry must trust)");
        return absl::UnavailableError(base::Concat(
            "civil registry unavailable: the TLS handshake with it failed", kRetry));
      }
      return absl::UnavailableError(
          base::Concat("civil registry unavailable: cannot reach it", kRetry));
    default:
      return absl::UnavailableError(base::Concat(
          "civil registry unavailable: it answered ", CodeName(status.error_code()), kRetry));
  }
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
