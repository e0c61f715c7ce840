#include "registry/source_call.h"

#include "base/log.h"
#include "base/string_view_compat.h"
#include "base/tls.h"

namespace usulan::registry {
namespace {

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string Retry(const Source& source) {
  return base::Concat("; ", source.nothing_done, ", retry later");
}

}  // namespace

absl::Status SourceCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout,
                               const Source& source) {
  switch (status.error_code()) {
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return absl::UnavailableError(base::Concat(source.name, " unavailable: no answer within ",
                                                 timeout.count(), " ms", Retry(source)));
    case grpc::StatusCode::UNAVAILABLE:
      // The message of a connection failure is gRPC's own (the source's text
      // is never passed on either way).
      if (base::IsHandshakeFailure(status.error_message())) {
        const std::string_view p = source.flag_prefix;
        base::LogEvent("error", source.name,
                       base::Concat("TLS handshake with the ", source.name, " failed: check ", p,
                                    "ca-file (its CA), ", p, "cert-file and ", p,
                                    "key-file (this server's client certificate, which it must trust)"));
        return absl::UnavailableError(base::Concat(
            source.name, " unavailable: the TLS handshake with it failed", Retry(source)));
      }
      return absl::UnavailableError(
          base::Concat(source.name, " unavailable: cannot reach it", Retry(source)));
    default:
      return absl::UnavailableError(base::Concat(source.name, " unavailable: it answered ",
                                                 CodeName(status.error_code()), Retry(source)));
  }
}

absl::Status PagedCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout,
                              const Source& source, std::string_view page_token) {
  if (status.error_code() == grpc::StatusCode::NOT_FOUND && !source.not_found.empty()) {
    return absl::NotFoundError(base::Concat(source.not_found));
  }
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && !page_token.empty()) {
    return absl::InvalidArgumentError(base::Concat(
        "page_token was not accepted by the ", source.name, "; start again without one"));
  }
  return SourceCallFailure(status, timeout, source);
}

absl::Status UnusableAnswer(const absl::Status& decoded, const Source& source) {
  return absl::UnavailableError(base::Concat(source.name, " unavailable: unusable answer (",
                                             decoded.message(), ")", Retry(source)));
}

void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
  context.set_deadline(std::chrono::system_clock::now() + timeout);
}

}  // namespace usulan::registry
