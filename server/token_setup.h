// Wiring of bearer-token verification from the configuration (docs/tokens.md):
// the key source (--jwks-file or --oidc-issuer), the claim policy, and the
// development HS256 key, which is warned about in the log.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "auth/token_verifier.h"
#include "base/clock.h"
#include "server/config.h"

namespace usulan::server {

// The verifier `config` describes. The key source is read now: NOT_FOUND or
// INVALID_ARGUMENT for an unreadable or invalid JWKS file or dev key file,
// INVALID_ARGUMENT or UNAVAILABLE when OIDC discovery fails; each names the flag.
absl::StatusOr<std::shared_ptr<const auth::TokenVerifier>> MakeTokenVerifier(
    const Config& config, const base::Clock& clock);

}  // namespace usulan::server
