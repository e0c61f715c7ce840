#include "services/call_start.h"

#include "services/digest.h"

namespace usulan::services {

absl::StatusOr<workflow::Actor> AuthenticateCall(const auth::Authenticator& authenticator,
                                                 const grpc::ServerContext& context, RpcLog& log) {
  log.EnterCall(CallLimitsOf(context));
  auto actor = authenticator.Authenticate(context);
  if (actor.ok()) log.set_actor(actor->subject, workflow::Name(actor->role));
  // A citizen's token covers their desa, which would let them read their
  // neighbours' households here; citizens see only their own filings, through the
  // citizens' service, which does not start its calls here.
  if (actor.ok() && actor->role == workflow::Role::kCitizen) {
    return workflow::RefusalStatus(
        workflow::Refusal::kRoleNotAllowed,
        "role citizen may not call the office services (citizens file and read through "
        "CitizenService)");
  }
  return actor;
}

absl::StatusOr<workflow::Actor> AuthenticateCall(const auth::Authenticator& authenticator,
                                                 const grpc::ServerContext& context,
                                                 const google::protobuf::Message& request,
                                                 RpcLog& log) {
  auto actor = AuthenticateCall(authenticator, context, log);
  if (!actor.ok()) return actor;
  if (absl::Status valid = ValidateIncomingRequest(request); !valid.ok()) return valid;
  return actor;
}

base::CallLimits CallLimitsOf(const grpc::ServerContext& context) {
  base::CallLimits limits;
  // gRPC reports "no deadline" as the clock's far future; anything beyond a day
  // is treated the same (and would overflow when moved to the steady clock).
  const auto left = context.deadline() - std::chrono::system_clock::now();
  if (left < std::chrono::hours(24)) {
    limits.deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(left);
  }
  limits.cancelled = [&context] { return context.IsCancelled(); };
  return limits;
}

absl::Status AcceptRequestId(std::string_view request_id, RpcLog& log) {
  absl::Status valid = ValidateRequestId(request_id);
  if (valid.ok()) log.set_request_id(request_id);
  return valid;
}

storage::RequestKey MakeRequestKey(std::string_view rpc, const workflow::Actor& actor,
                                   std::string_view request_id,
                                   const google::protobuf::Message& request) {
  return {std::string(request_id), actor.subject, std::string(rpc),
          Sha256Hex(DeterministicBytes(request))};
}

}  // namespace usulan::services
