#include "server/token_setup.h"

#include "auth/http_fetch.h"
#include "auth/jwks_file_source.h"
#include "auth/oidc_key_source.h"
#include "base/key_file.h"
#include "base/log.h"
#include "base/string_view_compat.h"

namespace usulan::server {

absl::StatusOr<std::shared_ptr<const auth::TokenVerifier>> MakeTokenVerifier(
    const Config& config, const base::Clock& clock) {
  auth::TokenVerifierOptions options;
  options.claims.audience = config.token_audience;
  options.claims.leeway_seconds = config.token_leeway_seconds;
  options.claims.max_lifetime_seconds = config.token_max_lifetime_seconds;
  options.claims.role_claim = config.role_claim;
  options.claims.region_claim = config.region_claim;
  options.claims.nik_claim = config.nik_claim;
  options.claims.kk_claim = config.kk_claim;
  std::shared_ptr<auth::KeySource> keys;
  if (!config.oidc_issuer.empty()) {
    options.claims.issuer = config.oidc_issuer;
    auto source = auth::OidcKeySource::Discover(config.oidc_issuer, clock, &auth::HttpGet);
    if (!source.ok()) {
      return absl::Status(source.status().code(),
                          base::Concat("--oidc-issuer: ", source.status().message()));
    }
    keys = std::move(*source);
  } else {
    if (!config.token_issuer.empty()) options.claims.issuer = config.token_issuer;
    auto source = auth::JwksFileSource::Open(config.jwks_file, clock);
    if (!source.ok()) return source.status();
    keys = std::move(*source);
  }
  if (!config.dev_hs256_key_file.empty()) {
    auto secret = base::ReadSecretKeyFile("--dev-hs256-key-file", config.dev_hs256_key_file);
    if (!secret.ok()) return secret.status();
    options.dev_hs256_key = std::move(*secret);
    base::LogEvent("warn", "tokens",
                   "--dev-hs256-key-file: HS256 tokens signed with a shared secret are accepted. "
                   "This is for development only: whoever holds the file can act as any role.");
  }
  base::LogEvent("info", "tokens",
                 base::Concat("issuer ", options.claims.issuer, ", audience ",
                              options.claims.audience, ", keys from ",
                              config.oidc_issuer.empty() ? config.jwks_file : config.oidc_issuer));
  return std::make_shared<const auth::TokenVerifier>(std::move(options), std::move(keys));
}

}  // namespace usulan::server
