// One HTTPS GET of a small JSON document (the OpenID Connect discovery document,
// the JWKS) with libcurl: TLS certificates checked against the system CA store,
// no redirects, bounded time and size. Plain http is allowed only to the
// loopback host (127.0.0.1, localhost), for tests. Thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace usulan::auth {

inline constexpr size_t kMaxFetchBytes = 1 << 20;

// OK when `url` is https://..., or http:// to 127.0.0.1 or localhost; else
// INVALID_ARGUMENT naming the rule.
absl::Status CheckFetchUrl(const std::string& url);

// The body of a 200 answer. INVALID_ARGUMENT for a URL CheckFetchUrl refuses;
// UNAVAILABLE for a failed transfer, another status code, or a body over
// kMaxFetchBytes (the message names the URL, never the body).
absl::StatusOr<std::string> HttpGet(const std::string& url);

}  // namespace usulan::auth
