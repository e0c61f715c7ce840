// Turns the `authorization: Bearer <token>` metadata of a call into the acting
// workflow::Actor. Thread-safe.
#pragma once

#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "services/clock.h"
#include "services/rpc_log.h"
#include "workflow/machine.h"

namespace usulan::services {

class Authenticator {
 public:
  Authenticator(std::string key, const Clock& clock) : key_(std::move(key)), clock_(clock) {}

  // UNAUTHENTICATED when the header is missing, not a bearer token, or the token
  // does not verify (see VerifyToken).
  absl::StatusOr<workflow::Actor> Authenticate(const grpc::ServerContext& context) const;

 private:
  std::string key_;
  const Clock& clock_;
};

// Authenticates the caller of an RPC and names them in the RPC's log line.
absl::StatusOr<workflow::Actor> AuthenticateCall(const Authenticator& authenticator,
                                                 const grpc::ServerContext& context, RpcLog& log);

}  // namespace usulan::services
