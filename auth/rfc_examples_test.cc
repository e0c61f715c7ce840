// librhonabwy, as this server calls it (rhonabwy_handles.h; R_PARSE_NONE, our
// key), verifies the signature examples of the RFCs: RFC 8037 A.4/A.5 (Ed25519),
// RFC 7515 A.2 (RS256) and A.3 (ES256). Each also fails with one signature byte
// changed, so the check can fail.
#include <gtest/gtest.h>

#include <string>

#include "auth/rhonabwy_handles.h"

namespace usulan::auth {
namespace {

bool Verifies(const std::string& jwk_json, const std::string& token) {
  rhn::Jwk key = rhn::ImportJwk(jwk_json);
  rhn::Jws jws = rhn::NewJws();
  if (!key || !jws) return false;
  if (r_jws_advanced_parsen(jws.get(), token.data(), token.size(), R_PARSE_NONE, 0) != RHN_OK) {
    return false;
  }
  return r_jws_verify_signature(jws.get(), key.get(), 0) == RHN_OK;
}

// The token with its last signature character changed (still valid base64url).
std::string Tampered(std::string token) {
  token.back() = token.back() == 'A' ? 'B' : 'A';
  return token;
}

// RFC 8037 appendix A.2 (public key) and A.4 (the signed "Example of Ed25519
// signing"); A.5 verifies it.
constexpr char kEd25519Key[] =
    R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
constexpr char kEd25519Jws[] =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
    "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

// RFC 7515 appendix A.2: RSASSA-PKCS1-v1_5 with SHA-256.
constexpr char kRsaKey[] =
    R"({"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddx)"
    R"(HmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZ)"
    R"(o9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY)"
    R"(4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9)"
    R"(gb54h4FRWyuXpoQ"})";
constexpr char kRsaJws[] =
    "eyJhbGciOiJSUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5"
    "jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb"
    "1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QO"
    "YEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// RFC 7515 appendix A.3: ECDSA P-256 with SHA-256 (raw R || S signature).
constexpr char kEcKey[] =
    R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",)"
    R"("y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";
constexpr char kEcJws[] =
    "eyJhbGciOiJFUzI1NiJ9."
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ."
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

TEST(RfcExamplesTest, Rfc8037Ed25519) {
  EXPECT_TRUE(Verifies(kEd25519Key, kEd25519Jws));
  EXPECT_FALSE(Verifies(kEd25519Key, Tampered(kEd25519Jws)));
}

TEST(RfcExamplesTest, Rfc7515A2Rs256) {
  EXPECT_TRUE(Verifies(kRsaKey, kRsaJws));
  EXPECT_FALSE(Verifies(kRsaKey, Tampered(kRsaJws)));
}

TEST(RfcExamplesTest, Rfc7515A3Es256) {
  EXPECT_TRUE(Verifies(kEcKey, kEcJws));
  EXPECT_FALSE(Verifies(kEcKey, Tampered(kEcJws)));
}

// A key of one type never verifies another type's example.
TEST(RfcExamplesTest, KeysDoNotCrossAlgorithms) {
  EXPECT_FALSE(Verifies(kEcKey, kRsaJws));
  EXPECT_FALSE(Verifies(kRsaKey, kEd25519Jws));
  EXPECT_FALSE(Verifies(kEd25519Key, kEcJws));
}

}  // namespace
}  // namespace usulan::auth
