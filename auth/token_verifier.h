// Verifies a bearer token: a compact JWS (JWT) signed by the identity provider
// with EdDSA (Ed25519), ES256 or RS256, checked against a public key from a
// KeySource, then its claims (claims.h). The strict policy is ours; librhonabwy
// does the JOSE parsing and the signature arithmetic:
//  - the header must name an allowed alg and a kid; `none`, HS* and every other
//    algorithm are refused before any key is looked at;
//  - the kid selects the key, and the token's alg must equal the alg the key
//    declares (a key without "alg" verifies nothing), so a key is never used
//    with an algorithm its owner did not choose;
//  - header key sources (jwk, jku, x5u, x5c) are never followed: rhonabwy parses
//    with R_PARSE_NONE and verifies with our key only;
//  - HS256 only with a development key (TokenVerifierOptions::dev_hs256_key).
// Thread-safe.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "auth/claims.h"
#include "auth/key_source.h"
#include "workflow/machine.h"

namespace usulan::auth {

struct TokenVerifierOptions {
  ClaimPolicy claims;
  // The secret of --dev-hs256-key-file: HS256 tokens verify against it. Empty =
  // HS256 refused like every symmetric algorithm (production).
  std::string dev_hs256_key;
};

class TokenVerifier {
 public:
  TokenVerifier(TokenVerifierOptions options, std::shared_ptr<KeySource> keys)
      : options_(std::move(options)), keys_(std::move(keys)) {}

  static constexpr size_t kMaxTokenBytes = 16 * 1024;

  // The actor the token names. UNAUTHENTICATED with a short reason that never
  // echoes the token: malformed, refused algorithm, unknown kid, algorithm not the
  // key's, bad signature, or a claim check (claims.h).
  absl::StatusOr<workflow::Actor> Verify(std::string_view token, int64_t now_unix_seconds) const;
  // The same checks; the actor with a citizen's NIK and KK (claims.h, Identity).
  absl::StatusOr<Identity> VerifyIdentity(std::string_view token, int64_t now_unix_seconds) const;

 private:
  // The signature check; OK or UNAUTHENTICATED. `alg` is the header's, already
  // allowed.
  absl::Status CheckSignature(std::string_view token, const std::string& alg,
                              const std::string& kid) const;

  const TokenVerifierOptions options_;
  const std::shared_ptr<KeySource> keys_;
};

}  // namespace usulan::auth
