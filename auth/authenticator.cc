#include "auth/authenticator.h"

#include "auth/token.h"

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
  auto claims = VerifyToken(header.substr(kScheme.size()), key_, base::UnixSeconds(clock_.Now()));
  if (!claims.ok()) return claims.status();
  return workflow::Actor{claims->subject, claims->role, claims->region};
}

}  // namespace usulan::auth
