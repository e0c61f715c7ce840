// Bearer tokens: compact JWS (JWT) signed with HMAC-SHA256, so stock JWT tools can
// read them. The payload names the subject, role and region code of the caller.
// Thread-safe (pure functions).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "base/key_file.h"
#include "workflow/vocabulary.h"

namespace usulan::auth {

struct TokenClaims {
  std::string subject;
  workflow::Role role = workflow::Role::kAuditor;
  std::string region;       // region code; "" = national
  int64_t issued_at = 0;    // unix seconds
  int64_t expires_at = 0;   // unix seconds
};

std::string MintToken(const TokenClaims& claims, std::string_view key);

// UNAUTHENTICATED with a short reason (malformed, bad signature, expired, unknown
// role, region not fitting the role) on any failure. The signature is compared in
// constant time.
absl::StatusOr<TokenClaims> VerifyToken(std::string_view token, std::string_view key,
                                        int64_t now_unix_seconds);

}  // namespace usulan::auth
