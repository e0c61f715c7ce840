#include "auth/jwk_key_set.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "auth/dev_issuer.h"

namespace usulan::auth {
namespace {

TEST(KeySetTest, SelectsByKidAndKeepsTheDeclaredAlg) {
  absl::StatusOr<SigningKeyPair> ed = GenerateSigningKey("EdDSA", "a");
  absl::StatusOr<SigningKeyPair> es = GenerateSigningKey("ES256", "b");
  ASSERT_TRUE(ed.ok() && es.ok());
  absl::StatusOr<KeySet> set = KeySet::Parse(MakeJwks({ed->public_jwk, es->public_jwk}));
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->size(), 2u);
  ASSERT_NE(set->Find("a"), nullptr);
  EXPECT_EQ(set->Find("a")->alg, "EdDSA");
  EXPECT_EQ(set->Find("b")->alg, "ES256");
  EXPECT_EQ(set->Find("c"), nullptr);
}

TEST(KeySetTest, KeysWithoutKidOrAlgOrForEncryptionAreLeftOut) {
  absl::StatusOr<KeySet> set = KeySet::Parse(
      R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},)"
      R"({"kty":"OKP","crv":"Ed25519","kid":"n","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},)"
      R"({"kty":"OKP","crv":"Ed25519","use":"enc","kid":"e","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->size(), 0u);
}

TEST(KeySetTest, RefusesPrivateKeysDuplicatesAndGarbage) {
  absl::StatusOr<SigningKeyPair> ed = GenerateSigningKey("EdDSA", "a");
  ASSERT_TRUE(ed.ok());
  EXPECT_FALSE(KeySet::Parse(MakeJwks({ed->private_jwk})).ok());
  EXPECT_FALSE(KeySet::Parse(MakeJwks({ed->public_jwk, ed->public_jwk})).ok());
  EXPECT_FALSE(KeySet::Parse(R"({"keys":[{"kty":"oct","kid":"h","k":"c2VjcmV0"}]})").ok());
  EXPECT_FALSE(KeySet::Parse(R"({"keys":[{"kty":"RSA","kid":"r","n":"%%","e":"AQAB"}]})").ok());
  EXPECT_FALSE(KeySet::Parse("not json").ok());
  EXPECT_FALSE(KeySet::Parse(R"({"cles":[]})").ok());
  EXPECT_TRUE(KeySet::Parse(R"({"keys":[]})").ok());
}

TEST(KeySetTest, RefusesRsaKeysUnder2048Bits) {
  auto jwks_with_modulus_bits = [](size_t bits) {
    std::string encoded;
    absl::WebSafeBase64Escape(std::string(bits / 8, '\xc3'), &encoded);
    return R"({"keys":[{"kty":"RSA","kid":"k","alg":"RS256","e":"AQAB","n":")" + encoded +
           R"("}]})";
  };
  absl::StatusOr<KeySet> small = KeySet::Parse(jwks_with_modulus_bits(1024));
  ASSERT_FALSE(small.ok());
  EXPECT_NE(small.status().message().find("2048"), std::string::npos) << small.status();
  // The control: the same shape at 2048 bits loads.
  EXPECT_TRUE(KeySet::Parse(jwks_with_modulus_bits(2048)).ok());
}

}  // namespace
}  // namespace usulan::auth
