// What a failed call to a central data source (the civil registry, BPS's
// welfare ranking) becomes, shared by their gRPC clients so that every source
// fails alike: UNAVAILABLE naming the cause and the gRPC code, never the
// remote message (it could quote the request, which carries personal data).
#pragma once

#include <chrono>
#include <string_view>
#include <utility>

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace usulan::registry {

struct Source {
  std::string_view name;         // "civil registry": how messages call it
  std::string_view flag_prefix;  // "--registry-": its TLS flags, named in the log
  std::string_view nothing_done;  // "nothing was checked": what the caller may rely on
  // When not empty: a NOT_FOUND of the source is NOT_FOUND with this message
  // (the caller asked for something the source does not have).
  std::string_view not_found = {};
};

// The UNAVAILABLE status of a failed call: "<name> unavailable: <cause>;
// <nothing_done>, retry later". A failed TLS handshake says so, and is logged
// once per call naming the <flag_prefix>ca-file, cert-file and key-file flags.
absl::Status SourceCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout,
                               const Source& source);

// The status of a failed paged call (ListDeaths, ListRankings): as
// SourceCallFailure, except that a source refusing a request that carried a
// page token is INVALID_ARGUMENT naming page_token (the caller's to fix: start
// again without one), since that is the one part of such a request a caller
// passes through unchecked by us; and NOT_FOUND as Source::not_found says.
absl::Status PagedCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout,
                              const Source& source, std::string_view page_token);

// The UNAVAILABLE status of an answer the wire decoder refused: "<name>
// unavailable: unusable answer (<decoder message>); <nothing_done>, retry later".
absl::Status UnusableAnswer(const absl::Status& decoded, const Source& source);

// Sets the deadline of one call `timeout` from now.
void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout);

// One page from a source: `request` as the wire's ToWire*Request made it (its
// error returned as is), `call(context, request, response)` under the
// deadline, a failure mapped by PagedCallFailure, the answer decoded by
// `decode(response, request)` and refused by UnusableAnswer.
template <typename Response, typename Request, typename Call, typename Decode>
auto PagedCall(const absl::StatusOr<Request>& request, std::chrono::milliseconds timeout,
               const Source& source, Call call, Decode decode)
    -> decltype(decode(std::declval<const Response&>(), *request)) {
  if (!request.ok()) return request.status();
  grpc::ClientContext context;
  SetDeadline(context, timeout);
  Response response;
  grpc::Status status = call(&context, *request, &response);
  if (!status.ok()) return PagedCallFailure(status, timeout, source, request->page_token());
  auto page = decode(response, *request);
  if (!page.ok()) return UnusableAnswer(page.status(), source);
  return page;
}

}  // namespace usulan::registry
