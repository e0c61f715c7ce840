// A development token issuer: makes a signing key pair and mints JWT access
// tokens shaped like the identity provider's (iss, aud, sub, iat, exp and the
// role and region claims), for `usulanctl token`, usulan-bench, the demo and the
// tests. Production tokens come from the ministry's identity provider; the
// server never holds a private key. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "auth/claims.h"
#include "workflow/machine.h"

namespace usulan::auth {

struct SigningKeyPair {
  std::string private_jwk;  // JSON with kid, alg and the private part: keep it secret
  std::string public_jwk;   // JSON with kid and alg: goes into the server's JWKS
};

// A fresh key pair for `alg` (EdDSA = Ed25519, ES256 = P-256, RS256 = RSA 2048).
// INVALID_ARGUMENT for another alg; INTERNAL if key generation fails.
absl::StatusOr<SigningKeyPair> GenerateSigningKey(const std::string& alg, const std::string& kid);

struct MintRequest {
  std::string subject;
  workflow::Role role = workflow::Role::kAuditor;
  std::string region;  // "" = national
  std::string issuer = ClaimPolicy().issuer;
  std::string audience = ClaimPolicy().audience;
  int64_t issued_at = 0;  // unix seconds
  int64_t lifetime_seconds = 3600;
  std::string role_claim = ClaimPolicy().role_claim;
  std::string region_claim = ClaimPolicy().region_claim;
  // A citizen's NIK and KK number; each goes into the token when not empty.
  std::string nik;
  std::string kk;
  std::string nik_claim = ClaimPolicy().nik_claim;
  std::string kk_claim = ClaimPolicy().kk_claim;
};

// The claims of `request` as a JSON object (text).
std::string MintPayload(const MintRequest& request);

// A compact JWS of `payload_json` signed with the private JWK (its alg and kid go
// into the header). INVALID_ARGUMENT when the key is not a private (or, for
// development HS256, symmetric) key with alg and kid.
absl::StatusOr<std::string> SignJwt(const std::string& private_jwk,
                                    const std::string& payload_json);

// SignJwt(private_jwk, MintPayload(request)).
absl::StatusOr<std::string> MintToken(const std::string& private_jwk, const MintRequest& request);

}  // namespace usulan::auth
