// Keys from an OpenID Connect issuer (--oidc-issuer): the discovery document at
// ISSUER/.well-known/openid-configuration (whose "issuer" must equal ISSUER,
// OpenID Connect Discovery 1.0 section 4.3) names the jwks_uri; its keys are
// cached. A token whose kid is not cached triggers one refetch of the jwks_uri,
// at most once a minute (kRefetchInterval), so forged kids cannot make the server
// hammer the identity provider; and keys older than kMaxKeyAge are refetched at
// the next lookup, so a key the provider withdrew stops verifying within that
// time. A failed refetch keeps the cached keys and logs an error. Thread-safe; a refetch runs outside the lock, so lookups of known
// keys never wait for the network.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/base/thread_annotations.h"
#include "auth/key_source.h"
#include "base/clock.h"

namespace usulan::auth {

class OidcKeySource final : public KeySource {
 public:
  using Fetch = std::function<absl::StatusOr<std::string>(const std::string& url)>;
  static constexpr std::chrono::seconds kRefetchInterval{60};
  static constexpr std::chrono::minutes kMaxKeyAge{10};

  // Discovery and the first JWKS fetch, now. INVALID_ARGUMENT for an issuer URL
  // that is not https (CheckFetchUrl), a discovery document that is not JSON,
  // names another issuer, has no jwks_uri, or a JWKS that does not parse;
  // UNAVAILABLE when a fetch fails. `fetch` is HttpGet in production.
  static absl::StatusOr<std::unique_ptr<OidcKeySource>> Discover(const std::string& issuer,
                                                                 const base::Clock& clock,
                                                                 Fetch fetch);

  std::optional<PublicKey> Find(const std::string& kid) override;

 private:
  OidcKeySource(std::string jwks_uri, const base::Clock& clock, Fetch fetch)
      : jwks_uri_(std::move(jwks_uri)), clock_(clock), fetch_(std::move(fetch)) {}
  absl::StatusOr<KeySet> FetchKeys() const;

  const std::string jwks_uri_;
  const base::Clock& clock_;
  const Fetch fetch_;
  // std::mutex, not absl::Mutex: ThreadSanitizer sees only the former (Debian's
  // Abseil is not instrumented; docs/sanitizers.md).
  std::mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  base::TimePoint last_fetch_ ABSL_GUARDED_BY(mu_);
};

}  // namespace usulan::auth
