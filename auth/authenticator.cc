#include "auth/authenticator.h"

namespace usulan::auth {

absl::StatusOr<workflow::Actor> Authenticator::Authenticate(
    const grpc::ServerContext& context) const {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find("authorization");
  if (found == metadata.end()) {
    return absl::UnauthenticatedError("missing authorization metadata (Bearer token)");
  }
  std::string_view header(found->second.data(), found->second.size());
  constexpr std::string_view kScheme = "Bearer ";
  if (header.substr(0, kScheme.size()) != kScheme) {
    return absl::UnauthenticatedError("authorization metadata must be 'Bearer <token>'");
  }
  return verifier_->Verify(header.substr(kScheme.size()), base::UnixSeconds(clock_.Now()));
}

}  // namespace usulan::auth
