// Turns the `authorization: Bearer <token>` metadata of a call into the acting
// workflow::Actor, through the TokenVerifier at the clock's time. Thread-safe.
#pragma once

#include <memory>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "auth/token_verifier.h"
#include "base/clock.h"
#include "workflow/machine.h"

namespace usulan::auth {

class Authenticator {
 public:
  Authenticator(std::shared_ptr<const TokenVerifier> verifier, const base::Clock& clock)
      : verifier_(std::move(verifier)), clock_(clock) {}

  // UNAUTHENTICATED when the header is missing, not a bearer token, or the token
  // does not verify (see TokenVerifier::Verify).
  absl::StatusOr<workflow::Actor> Authenticate(const grpc::ServerContext& context) const;
  // The same checks; the actor with a citizen's NIK and KK (claims.h, Identity),
  // for the citizen calls only.
  absl::StatusOr<Identity> AuthenticateIdentity(const grpc::ServerContext& context) const;

 private:
  const std::shared_ptr<const TokenVerifier> verifier_;
  const base::Clock& clock_;
};

}  // namespace usulan::auth
