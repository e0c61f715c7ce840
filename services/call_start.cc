#include "services/call_start.h"

#include "base/string_view_compat.h"
#include "services/digest.h"

namespace usulan::services {

namespace {

absl::StatusOr<auth::Identity> AuthenticateIdentityCall(const auth::Authenticator& authenticator,
                                                        const grpc::ServerContext& context,
                                                        RpcLog& log) {
  log.EnterCall(CallLimitsOf(context));
  auto identity = authenticator.AuthenticateIdentity(context);
  if (identity.ok()) log.set_actor(identity->actor.subject, workflow::Name(identity->actor.role));
  return identity;
}

// Every office RPC refuses a citizen: a citizen's token in their desa would
// otherwise pass the region checks of the reads (GetProposal, ListProposals,
// the trail) and see their neighbours' households. A citizen reads only their
// own filings, through CitizenService (docs/citizens.md).
absl::Status RefuseCitizen(const workflow::Actor& actor) {
  if (actor.role != workflow::Role::kCitizen) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "role citizen may not call the offices' services; a citizen uses CitizenService");
}

}  // namespace

absl::StatusOr<workflow::Actor> AuthenticateCall(const auth::Authenticator& authenticator,
                                                 const grpc::ServerContext& context, RpcLog& log,
                                                 CitizenCaller citizens) {
  auto identity = AuthenticateIdentityCall(authenticator, context, log);
  if (!identity.ok()) return identity.status();
  if (citizens == CitizenCaller::kRefused) {
    if (absl::Status refused = RefuseCitizen(identity->actor); !refused.ok()) return refused;
  }
  return std::move(identity->actor);
}

absl::StatusOr<auth::Identity> AuthenticateCitizenCall(const auth::Authenticator& authenticator,
                                                       const grpc::ServerContext& context,
                                                       const google::protobuf::Message& request,
                                                       RpcLog& log) {
  auto identity = AuthenticateIdentityCall(authenticator, context, log);
  if (!identity.ok()) return identity;
  if (absl::Status valid = ValidateIncomingRequest(request); !valid.ok()) return valid;
  if (identity->actor.role != workflow::Role::kCitizen) {
    return absl::PermissionDeniedError(base::Concat("role ", workflow::Name(identity->actor.role),
                                                    " may not use CitizenService (citizens only)"));
  }
  return identity;
}

absl::StatusOr<workflow::Actor> AuthenticateCall(const auth::Authenticator& authenticator,
                                                 const grpc::ServerContext& context,
                                                 const google::protobuf::Message& request,
                                                 RpcLog& log) {
  auto identity = AuthenticateIdentityCall(authenticator, context, log);
  if (!identity.ok()) return identity.status();
  // The edge step first (the same answer to a bad field whoever calls); every
  // RPC with a request here is an office's.
  if (absl::Status valid = ValidateIncomingRequest(request); !valid.ok()) return valid;
  if (absl::Status refused = RefuseCitizen(identity->actor); !refused.ok()) return refused;
  return std::move(identity->actor);
}

absl::Status BeginAnonymousCall(const grpc::ServerContext& context,
                                const google::protobuf::Message& request, RpcLog& log) {
  log.EnterCall(CallLimitsOf(context));
  log.set_actor("anonymous", "public");
  return ValidateIncomingRequest(request);
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
