#include "auth/token_verifier.h"

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "auth/rhonabwy_handles.h"
#include "base/string_view_compat.h"

namespace usulan::auth {
namespace {

absl::Status Refused(std::string_view why) {
  return absl::UnauthenticatedError(base::Concat("invalid token: ", why));
}

// The algorithms an identity provider's key may sign with, and rhonabwy's name
// for each (cross-checked against its own reading of the header).
jwa_alg AsymmetricAlg(const std::string& alg) {
  if (alg == "EdDSA") return R_JWA_ALG_EDDSA;
  if (alg == "ES256") return R_JWA_ALG_ES256;
  if (alg == "RS256") return R_JWA_ALG_RS256;
  return R_JWA_ALG_UNKNOWN;
}

struct Header {
  std::string alg;
  std::string kid;
};

absl::StatusOr<Header> ReadHeader(std::string_view encoded) {
  std::string text;
  if (!absl::WebSafeBase64Unescape(base::AsAbsl(encoded), &text)) {
    return Refused("malformed header");
  }
  nlohmann::json header = nlohmann::json::parse(text, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return Refused("header is not a JSON object");
  // RFC 7515 section 4.1.11: an extension we do not understand must be refused.
  if (header.contains("crit")) return Refused("critical header extensions are not supported");
  auto alg = header.find("alg");
  if (alg == header.end() || !alg->is_string()) return Refused("header has no alg");
  Header out{alg->get<std::string>(), ""};
  if (auto kid = header.find("kid"); kid != header.end()) {
    if (!kid->is_string()) return Refused("header kid is not a string");
    out.kid = kid->get<std::string>();
  }
  return out;
}

}  // namespace

absl::Status TokenVerifier::CheckSignature(std::string_view token, const std::string& alg,
                                           const std::string& kid) const {
  rhn::Jwk key;
  jwa_alg expected = R_JWA_ALG_HS256;
  if (alg == "HS256") {
    key = rhn::NewJwk();
    const auto* secret = reinterpret_cast<const unsigned char*>(options_.dev_hs256_key.data());
    if (!key || r_jwk_import_from_symmetric_key(key.get(), secret,
                                                options_.dev_hs256_key.size()) != RHN_OK) {
      return absl::UnavailableError("token verification unavailable");
    }
  } else {
    if (kid.empty()) return Refused("header has no kid");
    std::optional<PublicKey> found = keys_->Find(kid);
    if (!found) return Refused("unknown kid");
    if (found->alg != alg) return Refused("alg is not the algorithm the key declares");
    key = rhn::ImportJwk(found->jwk_json);
    if (!key) return absl::UnavailableError("token verification unavailable");
    expected = AsymmetricAlg(alg);
  }
  rhn::Jws jws = rhn::NewJws();
  if (!jws) return absl::UnavailableError("token verification unavailable");
  // R_PARSE_NONE: no key from the header (jwk, jku, x5u, x5c), no unsigned token.
  if (r_jws_advanced_parsen(jws.get(), token.data(), token.size(), R_PARSE_NONE, 0) != RHN_OK) {
    return Refused("malformed JWS");
  }
  if (r_jws_get_alg(jws.get()) != expected) return Refused("header alg mismatch");
  if (r_jws_verify_signature(jws.get(), key.get(), 0) != RHN_OK) return Refused("bad signature");
  return absl::OkStatus();
}

absl::StatusOr<workflow::Actor> TokenVerifier::Verify(std::string_view token,
                                                      int64_t now_unix_seconds) const {
  absl::StatusOr<Identity> identity = VerifyIdentity(token, now_unix_seconds);
  if (!identity.ok()) return identity.status();
  return std::move(identity->actor);
}

absl::StatusOr<Identity> TokenVerifier::VerifyIdentity(std::string_view token,
                                                       int64_t now_unix_seconds) const {
  if (token.size() > kMaxTokenBytes) return Refused("too long");
  size_t first = token.find('.');
  size_t last = token.rfind('.');
  if (first == std::string_view::npos || first == last ||
      token.find('.', first + 1) != last) {
    return Refused("not a JWS compact token");
  }
  absl::StatusOr<Header> header = ReadHeader(token.substr(0, first));
  if (!header.ok()) return header.status();
  const bool dev_hs256 = header->alg == "HS256" && !options_.dev_hs256_key.empty();
  if (AsymmetricAlg(header->alg) == R_JWA_ALG_UNKNOWN && !dev_hs256) {
    return Refused("algorithm not allowed (EdDSA, ES256 or RS256)");
  }
  if (absl::Status signed_ok = CheckSignature(token, header->alg, header->kid); !signed_ok.ok()) {
    return signed_ok;
  }
  std::string payload;
  if (!absl::WebSafeBase64Unescape(base::AsAbsl(token.substr(first + 1, last - first - 1)),
                                   &payload)) {
    return Refused("malformed payload");
  }
  return CheckIdentity(payload, options_.claims, now_unix_seconds);
}

}  // namespace usulan::auth
