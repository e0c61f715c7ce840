// Turns the `authorization: Bearer <token>` metadata of a call into the acting
// workflow::Actor. Thread-safe.
#pragma once

#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "workflow/machine.h"

namespace usulan::auth {

class Authenticator {
 public:
  Authenticator(std::string key, const base::Clock& clock) : key_(std::move(key)), clock_(clock) {}

  // UNAUTHENTICATED when the header is missing, not a bearer token, or the token
  // does not verify (see VerifyToken).
  absl::StatusOr<workflow::Actor> Authenticate(const grpc::ServerContext& context) const;

 private:
  std::string key_;
  const base::Clock& clock_;
};

}  // namespace usulan::auth
