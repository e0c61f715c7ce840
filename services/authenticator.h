// Turns the `authorization: Bearer <token>` metadata of a call into the acting
// workflow::Actor. Thread-safe.
#pragma once

#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "services/clock.h"
#include "services/request_validation.h"
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

// The edge of every RPC with a request: authenticates the caller, then validates
// (and canonicalises the ids of) the request once, before any rule runs
// (request_validation.h). UNAUTHENTICATED first, so an anonymous caller learns
// nothing about which fields would pass.
absl::StatusOr<workflow::Actor> AuthenticateCall(const Authenticator& authenticator,
                                                 const grpc::ServerContext& context,
                                                 const google::protobuf::Message& request,
                                                 RpcLog& log);

}  // namespace usulan::services
