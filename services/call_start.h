// What every RPC does first, in one order: authenticate the caller (naming them in
// the RPC's log line), accept the request id, read expected_version. The
// idempotency key of a mutating call is made here too, from the request as sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <grpcpp/server_context.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "auth/authenticator.h"
#include "services/request_checks.h"
#include "services/request_validation.h"
#include "services/rpc_log.h"
#include "storage/records.h"
#include "workflow/machine.h"

namespace usulan::services {

// Whether an RPC without a request message (a client stream) serves citizens
// too. Only DocumentService.UploadDocument does (the house photo of a filing);
// the opt-in is named at its call so that no other stream gains it by default.
enum class CitizenCaller { kRefused, kAllowed };

// Authenticates the caller of an RPC whose request is a client stream (read
// after this), names them in the RPC's log line and, unless `citizens` is
// kAllowed, refuses a citizen (PERMISSION_DENIED) before a message is read:
// these are the offices' services. First, makes the caller's deadline and
// cancellation bound every transaction this handler runs (CallLimitsOf,
// base/call_limits.h), so that no work starts or commits for a caller that has
// gone.
absl::StatusOr<workflow::Actor> AuthenticateCall(const auth::Authenticator& authenticator,
                                                 const grpc::ServerContext& context, RpcLog& log,
                                                 CitizenCaller citizens = CitizenCaller::kRefused);

// The edge of every RPC with a request: authenticates the caller, then validates
// (and canonicalises the ids of) the request once, before any rule runs
// (request_validation.h). UNAUTHENTICATED first, so an anonymous caller learns
// nothing about which fields would pass. Then PERMISSION_DENIED for a citizen: these
// are the offices' RPCs (a citizen uses AuthenticateCitizenCall's CitizenService).
absl::StatusOr<workflow::Actor> AuthenticateCall(const auth::Authenticator& authenticator,
                                                 const grpc::ServerContext& context,
                                                 const google::protobuf::Message& request,
                                                 RpcLog& log);

// AuthenticateCall for the citizen calls: the identity with the citizen's NIK
// and KK (auth::Identity), which never enters the log line (only the subject and
// role do). Validates the request at the edge like every RPC, then
// PERMISSION_DENIED for every role but citizen.
absl::StatusOr<auth::Identity> AuthenticateCitizenCall(const auth::Authenticator& authenticator,
                                                       const grpc::ServerContext& context,
                                                       const google::protobuf::Message& request,
                                                       RpcLog& log);

// The start of the one RPC served without a bearer token,
// PublicStatusService.CheckStatus (docs/public-status.md): no authenticator is
// asked and a token, if sent, is not read; the log line names the caller as
// "anonymous". Binds the call's deadline and validates the request at the edge
// like every RPC. Every other RPC starts with an AuthenticateCall above, and
// tests/e2e/public_status_e2e_test.cc calls each without a token to hold it so.
absl::Status BeginAnonymousCall(const grpc::ServerContext& context,
                                const google::protobuf::Message& request, RpcLog& log);

// The gRPC call's deadline (none when the client set none) and cancellation.
base::CallLimits CallLimitsOf(const grpc::ServerContext& context);

// ValidateRequestId (request_validation.h), then names the id in the RPC's log line.
absl::Status AcceptRequestId(std::string_view request_id, RpcLog& log);

// Who makes a mutating call and which version they expect: authenticates the
// caller, validates the request at the edge (request_validation.h: every field,
// ids canonicalised), accepts the request id, and reads expected_version where the
// request has one, in that order, so every mutating RPC refuses bad calls the same
// way.
struct Change {
  workflow::Actor actor;
  std::optional<int64_t> expected_version;
};
template <typename Request>
absl::StatusOr<Change> BeginChange(const auth::Authenticator& authenticator,
                                   const grpc::ServerContext& context, const Request& request,
                                   RpcLog& log) {
  auto actor = AuthenticateCall(authenticator, context, request, log);
  if (!actor.ok()) return actor.status();
  absl::Status id = AcceptRequestId(request.request_id(), log);
  if (!id.ok()) return id;
  Change change{std::move(*actor), std::nullopt};
  if constexpr (requires { request.has_expected_version(); }) {
    auto expected = ExpectedVersion(request);
    if (!expected.ok()) return expected.status();
    change.expected_version = *expected;
  }
  return change;
}

// The idempotency key: the request id, the caller, the rpc and a SHA-256 of the
// request's deterministic encoding (so a reused id with another body is refused).
storage::RequestKey MakeRequestKey(std::string_view rpc, const workflow::Actor& actor,
                                   std::string_view request_id,
                                   const google::protobuf::Message& request);

}  // namespace usulan::services
