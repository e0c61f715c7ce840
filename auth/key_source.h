// Where the verifier finds the identity provider's public keys: a JWKS file
// (jwks_file_source.h), an OpenID Connect issuer (oidc_key_source.h), or a fixed
// set (tests, and the in-process end-to-end server). Implementations are
// thread-safe: every gRPC call thread asks.
#pragma once

#include <optional>
#include <string>

#include "auth/jwk_key_set.h"

namespace usulan::auth {

class KeySource {
 public:
  virtual ~KeySource() = default;
  // The key with this kid, or nullopt. A source may refresh its keys first (a
  // changed file; an unknown kid at the issuer, rate-limited).
  virtual std::optional<PublicKey> Find(const std::string& kid) = 0;
};

class StaticKeySource final : public KeySource {
 public:
  explicit StaticKeySource(KeySet keys) : keys_(std::move(keys)) {}
  std::optional<PublicKey> Find(const std::string& kid) override {
    const PublicKey* key = keys_.Find(kid);
    return key ? std::optional<PublicKey>(*key) : std::nullopt;
  }

 private:
  const KeySet keys_;
};

}  // namespace usulan::auth
