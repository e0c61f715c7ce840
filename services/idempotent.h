// Runs a mutating call as one transaction that is idempotent by request id: the
// request id is claimed first, the change and the serialized answer are committed
// together, and a repeat returns the stored answer without changing anything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "services/authenticator.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "storage/database.h"
#include "storage/tx.h"
#include "workflow/machine.h"

namespace usulan::services {

// INVALID_ARGUMENT "request_id ..." unless 1..128 characters of [A-Za-z0-9._:-].
absl::Status ValidateRequestId(std::string_view request_id);

// ValidateRequestId, then names the id in the RPC's log line.
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
absl::StatusOr<Change> BeginChange(const Authenticator& authenticator,
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

// The same inside a transaction (or savepoint) the caller runs, e.g. one per row
// of a bulk change. `replayed`, when given, tells whether the answer is a stored
// one.
absl::Status RunIdempotentIn(storage::Tx& tx, const storage::RequestKey& key,
                             storage::TimePoint now,
                             const std::function<absl::Status(storage::Tx&)>& work,
                             google::protobuf::Message& response, bool* replayed = nullptr);

// `work` fills `response`; on OK its serialization is stored with the change.
absl::Status RunIdempotent(storage::Database& db, const storage::RequestKey& key,
                           storage::TimePoint now,
                           const std::function<absl::Status(storage::Tx&)>& work,
                           google::protobuf::Message& response);

}  // namespace usulan::services
