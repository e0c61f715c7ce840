#include "auth/dev_issuer.h"

#include <nlohmann/json.hpp>

#include "auth/rhonabwy_handles.h"
#include "base/string_view_compat.h"

namespace usulan::auth {

absl::StatusOr<SigningKeyPair> GenerateSigningKey(const std::string& alg, const std::string& kid) {
  int type = 0;
  unsigned int bits = 0;
  if (alg == "EdDSA") {
    type = R_KEY_TYPE_EDDSA, bits = 256;
  } else if (alg == "ES256") {
    type = R_KEY_TYPE_EC, bits = 256;
  } else if (alg == "RS256") {
    type = R_KEY_TYPE_RSA, bits = 2048;
  } else {
    return absl::InvalidArgumentError(base::Concat("cannot generate a key for alg ", alg));
  }
  rhn::Jwk private_key = rhn::NewJwk(), public_key = rhn::NewJwk();
  if (!private_key || !public_key ||
      r_jwk_generate_key_pair(private_key.get(), public_key.get(), type, bits, kid.c_str()) !=
          RHN_OK ||
      r_jwk_set_property_str(private_key.get(), "alg", alg.c_str()) != RHN_OK ||
      r_jwk_set_property_str(public_key.get(), "alg", alg.c_str()) != RHN_OK ||
      r_jwk_set_property_str(public_key.get(), "use", "sig") != RHN_OK) {
    return absl::InternalError(base::Concat("generating an ", alg, " key failed"));
  }
  return SigningKeyPair{rhn::ExportJwk(private_key.get()), rhn::ExportJwk(public_key.get())};
}

std::string MintPayload(const MintRequest& request) {
  nlohmann::json payload = {{"iss", request.issuer},
                            {"aud", request.audience},
                            {"sub", request.subject},
                            {"iat", request.issued_at},
                            {"exp", request.issued_at + request.lifetime_seconds},
                            {request.role_claim, std::string(workflow::Name(request.role))}};
  if (!request.region.empty()) payload[request.region_claim] = request.region;
  if (!request.nik.empty()) payload[request.nik_claim] = request.nik;
  if (!request.kk.empty()) payload[request.kk_claim] = request.kk;
  return payload.dump();
}

absl::StatusOr<std::string> SignJwt(const std::string& private_jwk,
                                    const std::string& payload_json) {
  rhn::Jwk key = rhn::ImportJwk(private_jwk);
  // Private, or symmetric for the development HS256 tests.
  if (!key ||
      !(r_jwk_key_type(key.get(), nullptr, 0) & (R_KEY_TYPE_PRIVATE | R_KEY_TYPE_SYMMETRIC))) {
    return absl::InvalidArgumentError("the signing key is not a private JWK");
  }
  const char* alg = r_jwk_get_property_str(key.get(), "alg");
  const char* kid = r_jwk_get_property_str(key.get(), "kid");
  if (alg == nullptr || kid == nullptr) {
    return absl::InvalidArgumentError("the signing key has no alg or kid");
  }
  rhn::Jws jws = rhn::NewJws();
  const auto* payload = reinterpret_cast<const unsigned char*>(payload_json.data());
  if (!jws || r_jws_set_alg(jws.get(), r_str_to_jwa_alg(alg)) != RHN_OK ||
      r_jws_set_header_str_value(jws.get(), "kid", kid) != RHN_OK ||
      r_jws_set_header_str_value(jws.get(), "typ", "JWT") != RHN_OK ||
      r_jws_set_payload(jws.get(), payload, payload_json.size()) != RHN_OK) {
    return absl::InternalError("preparing the token failed");
  }
  rhn::Text token(r_jws_serialize(jws.get(), key.get(), 0));
  if (!token) return absl::InternalError("signing the token failed");
  return std::string(token.get());
}

absl::StatusOr<std::string> MintToken(const std::string& private_jwk, const MintRequest& request) {
  return SignJwt(private_jwk, MintPayload(request));
}

}  // namespace usulan::auth
