#include "auth/authenticator.h"

namespace usulan::auth {

absl::StatusOr<workflow::Actor> Authenticator::Authenticate(
    const grpc::ServerContext& context) const {
  absl::StatusOr<Identity> identity = AuthenticateIdentity(context);
  if (!identity.ok()) return identity.status();
  return std::move(identity->actor);
}

absl::StatusOr<Identity> Authenticator::AuthenticateIdentity(
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
  return verifier_->VerifyIdentity(header.substr(kScheme.size()), base::UnixSeconds(clock_.Now()));
}

}  // namespace usulan::auth
