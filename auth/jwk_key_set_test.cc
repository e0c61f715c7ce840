#include "auth/jwk_key_set.h"

#include <gtest/gtest.h>

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

TEST(KeySetTest, KeysWithoutKidOrForEncryptionAreLeftOut) {
  absl::StatusOr<KeySet> set = KeySet::Parse(
      R"({"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},)"
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

}  // namespace
}  // namespace usulan::auth
