#include "auth/oidc_key_source.h"

#include <nlohmann/json.hpp>

#include "auth/http_fetch.h"
#include "base/log.h"
#include "base/string_view_compat.h"

namespace usulan::auth {

absl::StatusOr<KeySet> OidcKeySource::FetchKeys() const {
  absl::StatusOr<std::string> text = fetch_(jwks_uri_);
  if (!text.ok()) return text.status();
  absl::StatusOr<KeySet> keys = KeySet::Parse(*text);
  if (!keys.ok()) {
    return absl::InvalidArgumentError(base::Concat(jwks_uri_, ": ", keys.status().message()));
  }
  return keys;
}

absl::StatusOr<std::unique_ptr<OidcKeySource>> OidcKeySource::Discover(const std::string& issuer,
                                                                       const base::Clock& clock,
                                                                       Fetch fetch) {
  if (absl::Status allowed = CheckFetchUrl(issuer); !allowed.ok()) return allowed;
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  const std::string discovery_url = base + "/.well-known/openid-configuration";
  absl::StatusOr<std::string> text = fetch(discovery_url);
  if (!text.ok()) return text.status();
  nlohmann::json document = nlohmann::json::parse(*text, nullptr, false);
  if (document.is_discarded() || !document.is_object()) {
    return absl::InvalidArgumentError(base::Concat(discovery_url, " is not a JSON object"));
  }
  auto named = document.find("issuer");
  if (named == document.end() || !named->is_string() || named->get<std::string>() != issuer) {
    return absl::InvalidArgumentError(
        base::Concat(discovery_url, " names another issuer than ", issuer));
  }
  auto jwks_uri = document.find("jwks_uri");
  if (jwks_uri == document.end() || !jwks_uri->is_string()) {
    return absl::InvalidArgumentError(base::Concat(discovery_url, " has no jwks_uri"));
  }
  const std::string uri = jwks_uri->get<std::string>();
  if (absl::Status allowed = CheckFetchUrl(uri); !allowed.ok()) return allowed;
  std::unique_ptr<OidcKeySource> source(new OidcKeySource(uri, clock, std::move(fetch)));
  absl::StatusOr<KeySet> keys = source->FetchKeys();
  if (!keys.ok()) return keys.status();
  std::lock_guard lock(source->mu_);
  source->keys_ = std::make_shared<const KeySet>(std::move(*keys));
  source->last_fetch_ = clock.Now();
  return source;
}

std::optional<PublicKey> OidcKeySource::Find(const std::string& kid) {
  {
    std::lock_guard lock(mu_);
    const base::TimePoint now = clock_.Now();
    const PublicKey* key = keys_->Find(kid);
    const bool stale = now - last_fetch_ >= kMaxKeyAge;
    if (key != nullptr && !stale) return *key;
    if (key == nullptr && now - last_fetch_ < kRefetchInterval) return std::nullopt;
    last_fetch_ = now;  // claims this refetch before fetching: one caller fetches
  }
  absl::StatusOr<KeySet> keys = FetchKeys();
  std::lock_guard lock(mu_);
  if (!keys.ok()) {
    base::LogEvent("error", "jwks refetch",
                   base::Concat(keys.status().message(), "; keeping the cached keys"));
  } else {
    base::LogEvent("info", "jwks refetch", base::Concat(jwks_uri_, ": ", keys->size(), " keys"));
    keys_ = std::make_shared<const KeySet>(std::move(*keys));
  }
  const PublicKey* key = keys_->Find(kid);
  return key ? std::optional<PublicKey>(*key) : std::nullopt;
}

}  // namespace usulan::auth
