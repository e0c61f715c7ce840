#include "auth/token.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "base/string_view_compat.h"
#include "absl/strings/str_split.h"
#include "workflow/machine.h"

namespace usulan::auth {
namespace {

std::string Base64Url(std::string_view raw) {
  std::string out;
  absl::WebSafeBase64Escape(base::AsAbsl(raw), &out);  // unpadded, as JWS requires
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

absl::Status Unauthenticated(std::string_view why) {
  return absl::UnauthenticatedError(base::Concat("invalid token: ", why));
}

const std::string& Header() {
  static const std::string header = Base64Url(R"({"alg":"HS256","typ":"JWT"})");
  return header;
}

}  // namespace

std::string MintToken(const TokenClaims& claims, std::string_view key) {
  nlohmann::json payload = {{"sub", claims.subject},
                            {"role", std::string(workflow::Name(claims.role))},
                            {"region", claims.region},
                            {"iat", claims.issued_at},
                            {"exp", claims.expires_at}};
  std::string signing_input = Header() + "." + Base64Url(payload.dump());
  return signing_input + "." + Base64Url(HmacSha256(key, signing_input));
}

absl::StatusOr<TokenClaims> VerifyToken(std::string_view token, std::string_view key,
                                        int64_t now_unix_seconds) {
  std::vector<std::string> parts = absl::StrSplit(base::AsAbsl(token), '.');
  if (parts.size() != 3) return Unauthenticated("not a JWS compact token");
  if (parts[0] != Header()) return Unauthenticated("unsupported header (HS256 expected)");

  std::string signature;
  if (!absl::WebSafeBase64Unescape(parts[2], &signature)) {
    return Unauthenticated("malformed signature");
  }
  std::string signing_input = parts[0] + "." + parts[1];
  std::string expected = HmacSha256(key, signing_input);
  if (signature.size() != expected.size() ||
      CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return Unauthenticated("bad signature");
  }

  std::string payload_text;
  if (!absl::WebSafeBase64Unescape(parts[1], &payload_text)) {
    return Unauthenticated("malformed payload");
  }
  nlohmann::json payload = nlohmann::json::parse(payload_text, nullptr, false);
  if (payload.is_discarded() || !payload.is_object()) {
    return Unauthenticated("payload is not JSON");
  }
  TokenClaims claims;
  try {
    claims.subject = payload.at("sub").get<std::string>();
    claims.region = payload.at("region").get<std::string>();
    claims.issued_at = payload.value("iat", int64_t{0});
    claims.expires_at = payload.at("exp").get<int64_t>();
    auto role = workflow::ParseRole(payload.at("role").get<std::string>());
    if (!role) return Unauthenticated("unknown role");
    claims.role = *role;
  } catch (const nlohmann::json::exception&) {
    return Unauthenticated("missing or mistyped claim");
  }
  if (claims.subject.empty()) return Unauthenticated("empty subject");
  if (claims.expires_at <= now_unix_seconds) return Unauthenticated("expired");
  if (!workflow::RoleFitsRegionLevel(claims.role, claims.region)) {
    return Unauthenticated("region does not fit the role");
  }
  return claims;
}

}  // namespace usulan::auth
