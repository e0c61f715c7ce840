#include "auth/forged_tokens.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <limits>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "base/string_view_compat.h"

namespace usulan::auth::testing {
namespace {

std::string Signed(const std::string& private_jwk, const std::string& payload) {
  absl::StatusOr<std::string> token = SignJwt(private_jwk, payload);
  return token.ok() ? *token : "signing failed: " + std::string(token.status().message());
}

std::string Minted(const std::string& private_jwk, const MintRequest& request) {
  return Signed(private_jwk, MintPayload(request));
}

// The valid payload with one claim changed (or removed, for a null value).
std::string PayloadWith(int64_t now, const std::string& claim, const nlohmann::json& value) {
  nlohmann::json payload = nlohmann::json::parse(MintPayload(ValidRequest(now)));
  if (value.is_null()) {
    payload.erase(claim);
  } else {
    payload[claim] = value;
  }
  return payload.dump();
}

std::string Kid(const SigningKeyPair& issuer) {
  return nlohmann::json::parse(issuer.public_jwk).at("kid").get<std::string>();
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// The classic key-confusion attack: HS256 with the issuer's PUBLIC key (which
// anyone can download) as the HMAC secret.
std::string Hs256WithPublicKey(const SigningKeyPair& issuer, int64_t now) {
  const std::string input =
      Base64Url(nlohmann::json{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", Kid(issuer)}}.dump()) +
      "." + Base64Url(MintPayload(ValidRequest(now)));
  return input + "." + Base64Url(HmacSha256(issuer.public_jwk, input));
}

std::string Unsigned(const SigningKeyPair& issuer, int64_t now) {
  return Base64Url(nlohmann::json{{"alg", "none"}, {"kid", Kid(issuer)}}.dump()) + "." +
         Base64Url(MintPayload(ValidRequest(now))) + ".";
}

// A valid token whose payload is replaced by a national reviewer's, signature kept.
std::string EditedPayload(const SigningKeyPair& issuer, int64_t now) {
  std::string token = Minted(issuer.private_jwk, ValidRequest(now));
  MintRequest reviewer = ValidRequest(now);
  reviewer.role = workflow::Role::kCentralReviewer;
  reviewer.region.clear();
  size_t first = token.find('.'), last = token.rfind('.');
  return token.substr(0, first + 1) + Base64Url(MintPayload(reviewer)) + token.substr(last);
}

// A key pair of another kind under the issuer's kid: the token's alg (ES256) is
// not the one the trusted key declares (EdDSA).
std::string AlgNotTheKeys(const SigningKeyPair& issuer, int64_t now) {
  absl::StatusOr<SigningKeyPair> other = GenerateSigningKey("ES256", Kid(issuer));
  return other.ok() ? Minted(other->private_jwk, ValidRequest(now)) : "keygen failed";
}

std::string WithKey(const std::string& alg, const std::string& kid, int64_t now) {
  absl::StatusOr<SigningKeyPair> other = GenerateSigningKey(alg, kid);
  return other.ok() ? Minted(other->private_jwk, ValidRequest(now)) : "keygen failed";
}

}  // namespace

std::string Base64Url(std::string_view raw) {
  std::string out;
  absl::WebSafeBase64Escape(base::AsAbsl(raw), &out);
  return out;
}

MintRequest ValidRequest(int64_t now) {
  MintRequest request;
  request.subject = "operator.3201012001";
  request.role = workflow::Role::kVillageOperator;
  request.region = "3201012001";
  request.issued_at = now;
  request.lifetime_seconds = 600;
  return request;
}

MintRequest ValidCitizenRequest(int64_t now) {
  MintRequest request = ValidRequest(now);
  request.subject = "warga.test";
  request.role = workflow::Role::kCitizen;
  request.nik = kCitizenNik;
  request.kk = kCitizenKk;
  return request;
}

std::vector<ForgedToken> ForgedTokens(const SigningKeyPair& issuer, int64_t now) {
  const std::string& key = issuer.private_jwk;
  auto request = [&](auto change) {
    MintRequest r = ValidRequest(now);
    change(r);
    return Minted(key, r);
  };
  auto citizen = [&](auto change) {
    MintRequest r = ValidCitizenRequest(now);
    change(r);
    return Minted(key, r);
  };
  return {
      {"WrongSigningKey", WithKey("EdDSA", Kid(issuer), now), "bad signature"},
      {"Hs256WithThePublicKeyAsSecret", Hs256WithPublicKey(issuer, now), "algorithm not allowed"},
      {"AlgNone", Unsigned(issuer, now), "algorithm not allowed"},
      {"UnknownKid", WithKey("EdDSA", "a-kid-nobody-published", now), "unknown kid"},
      {"Expired", request([&](MintRequest& r) { r.issued_at = now - 7200; }), "expired"},
      {"NotYetValid", Signed(key, PayloadWith(now, "nbf", now + 600)), "not yet valid"},
      {"IssuedInTheFuture", request([&](MintRequest& r) { r.issued_at = now + 600; }),
       "issued in the future"},
      {"WrongIssuer", request([](MintRequest& r) { r.issuer = "https://evil.example"; }),
       "wrong issuer"},
      {"WrongAudience", request([](MintRequest& r) { r.audience = "another-service"; }),
       "wrong audience"},
      {"LifetimeTooLong", request([](MintRequest& r) { r.lifetime_seconds = 7200; }),
       "lifetime too long"},
      {"EditedPayload", EditedPayload(issuer, now), "bad signature"},
      {"SixteenDigitSubject", request([](MintRequest& r) { r.subject = "3201014107900001"; }),
       "invalid subject"},
      {"AlgNotTheKeys", AlgNotTheKeys(issuer, now), "not the algorithm the key declares"},
      {"MissingRoleClaim", Signed(key, PayloadWith(now, "usulan_role", nullptr)), "role claim"},
      {"UnknownRole", Signed(key, PayloadWith(now, "usulan_role", "SUPERUSER")), "unknown role"},
      {"RegionNotFittingRole", request([](MintRequest& r) { r.region = "32"; }),
       "region does not fit"},
      {"MissingIat", Signed(key, PayloadWith(now, "iat", nullptr)), "iat"},
      // exp - iat would overflow to a negative lifetime if iat were not bounded.
      {"IatAtTheEndOfTime",
       Signed(key, PayloadWith(now, "iat", std::numeric_limits<int64_t>::min() + 1)), "iat"},
      {"AudienceArrayWithoutUs", Signed(key, PayloadWith(now, "aud", {"a", "b"})),
       "wrong audience"},
      // An office account is never also a citizen: NIK or KK claims are refused.
      {"OfficeTokenWithNik", request([](MintRequest& r) { r.nik = kCitizenNik; }),
       "only a citizen's token"},
      {"OfficeTokenWithKk", request([](MintRequest& r) { r.kk = kCitizenKk; }),
       "only a citizen's token"},
      {"CitizenWithoutNik", citizen([](MintRequest& r) { r.nik.clear(); }), "usulan_nik"},
      {"CitizenWithShortNik", citizen([](MintRequest& r) { r.nik = "320101410790001"; }),
       "usulan_nik"},
      {"CitizenWithoutKk", citizen([](MintRequest& r) { r.kk.clear(); }), "usulan_kk"},
      {"CitizenWithLetterInKk", citizen([](MintRequest& r) { r.kk = "32010120020A0001"; }),
       "usulan_kk"},
      {"CitizenOfAKabupaten", citizen([](MintRequest& r) { r.region = "3201"; }),
       "region does not fit"},
      {"CitizenWithoutRegion", citizen([](MintRequest& r) { r.region.clear(); }),
       "region does not fit"},
  };
}

}  // namespace usulan::auth::testing
