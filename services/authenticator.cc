#include "services/authenticator.h"

#include "services/token.h"

namespace usulan::services {

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
  auto claims = VerifyToken(header.substr(kScheme.size()), key_, UnixSeconds(clock_.Now()));
  if (!claims.ok()) return claims.status();
  return workflow::Actor{claims->subject, claims->role, claims->region};
}

absl::StatusOr<workflow::Actor> AuthenticateCall(const Authenticator& authenticator,
                                                 const grpc::ServerContext& context, RpcLog& log) {
  auto actor = authenticator.Authenticate(context);
  if (actor.ok()) log.set_actor(actor->subject, workflow::Name(actor->role));
  return actor;
}

absl::StatusOr<workflow::Actor> AuthenticateCall(const Authenticator& authenticator,
                                                 const grpc::ServerContext& context,
                                                 const google::protobuf::Message& request,
                                                 RpcLog& log) {
  auto actor = AuthenticateCall(authenticator, context, log);
  if (!actor.ok()) return actor;
  if (absl::Status valid = ValidateIncomingRequest(request); !valid.ok()) return valid;
  return actor;
}

}  // namespace usulan::services
