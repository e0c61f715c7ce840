// A JSON Web Key Set (RFC 7517) of the identity provider's PUBLIC signing keys,
// selected by `kid`. Parsed once (librhonabwy imports every key, so a malformed
// key fails here, not at the first token) and then immutable: thread-safe to read.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::auth {

struct PublicKey {
  std::string kid;
  // The algorithm the key declares ("alg"); "" when it declares none. A token is
  // verified with a key only when the token's alg equals this (token_verifier.h).
  std::string alg;
  std::string jwk_json;  // the key as JSON, re-imported for each verification
};

class KeySet {
 public:
  // INVALID_ARGUMENT naming the problem when `jwks_json` is not {"keys":[...]},
  // holds more than kMaxKeys keys, two keys with one kid, a private or symmetric
  // key (this server holds public keys only: a "d" member or kty "oct" means a
  // secret was published by mistake), an RSA key under kMinRsaBits, or a key
  // rhonabwy cannot import. Keys
  // without a kid or meant for encryption ("use":"enc") are left out: no token
  // can select them.
  static absl::StatusOr<KeySet> Parse(std::string_view jwks_json);

  static constexpr size_t kMaxKeys = 64;
  static constexpr size_t kMaxBytes = 1 << 20;
  static constexpr unsigned int kMinRsaBits = 2048;

  // nullptr when no key has this kid.
  const PublicKey* Find(const std::string& kid) const;
  size_t size() const { return keys_.size(); }

 private:
  std::map<std::string, PublicKey> keys_;
};

// {"keys":[...]} of the given JWK JSON texts (for the development issuer).
std::string MakeJwks(const std::vector<std::string>& jwk_jsons);

}  // namespace usulan::auth
