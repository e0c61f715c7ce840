#include "audit/signing.h"

#include "audit/digest.h"
#include "gtest/gtest.h"

namespace usulan::audit {
namespace {

// RFC 8032 section 7.1, TEST 1: the secret key as PKCS#8 PEM (the DER prefix
// 302e020100300506032b657004220420 followed by the 32-byte seed), as
// `openssl genpkey -algorithm ed25519` writes keys.
constexpr char kRfc8032Key[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g\n"
    "-----END PRIVATE KEY-----\n";
constexpr char kRfc8032PublicKey[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n"
    "-----END PUBLIC KEY-----\n";
constexpr char kRfc8032Signature[] =
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b"
    "46bd25bf5f0595bbe24655141438e7a100b";

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

TEST(SigningTest, Rfc8032Vector) {
  auto key = SigningKey::FromPem(kRfc8032Key);
  ASSERT_TRUE(key.ok()) << key.status();
  auto signature = key->Sign("");
  ASSERT_TRUE(signature.ok()) << signature.status();
  EXPECT_EQ(ToHex(*signature), kRfc8032Signature);
  EXPECT_EQ(key->verifying_key().pem(), kRfc8032PublicKey);
  // `openssl pkey -pubin -in pub.pem -outform DER | sha256sum`
  EXPECT_EQ(key->verifying_key().key_id(),
            "06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9");
  auto verifying = VerifyingKey::FromPem(kRfc8032PublicKey);
  ASSERT_TRUE(verifying.ok()) << verifying.status();
  EXPECT_TRUE(verifying->Verify("", Unhex(kRfc8032Signature)));
  EXPECT_EQ(verifying->key_id(), key->verifying_key().key_id());
}

TEST(SigningTest, SignVerifyAndRefusals) {
  auto pem = SigningKey::GeneratePem();
  ASSERT_TRUE(pem.ok()) << pem.status();
  EXPECT_NE(pem->find("BEGIN PRIVATE KEY"), std::string::npos);
  auto key = SigningKey::FromPem(*pem);
  ASSERT_TRUE(key.ok()) << key.status();
  auto other = SigningKey::FromPem(*SigningKey::GeneratePem());
  ASSERT_TRUE(other.ok());
  EXPECT_NE(key->verifying_key().key_id(), other->verifying_key().key_id());

  const std::string message = "20:usulan-checkpoint-v1,1:1,";
  auto signature = key->Sign(message);
  ASSERT_TRUE(signature.ok());
  ASSERT_EQ(signature->size(), 64u);
  const VerifyingKey& verifying = key->verifying_key();
  EXPECT_TRUE(verifying.Verify(message, *signature));
  EXPECT_FALSE(verifying.Verify(message + " ", *signature));
  std::string flipped = *signature;
  flipped[10] = static_cast<char>(flipped[10] ^ 1);
  EXPECT_FALSE(verifying.Verify(message, flipped));
  EXPECT_FALSE(verifying.Verify(message, signature->substr(1)));
  EXPECT_FALSE(other->verifying_key().Verify(message, *signature));
  // The public key read back from its PEM verifies too; a private PEM gives its
  // public half.
  EXPECT_TRUE(VerifyingKey::FromPem(verifying.pem())->Verify(message, *signature));
  EXPECT_EQ(VerifyingKey::FromPem(*pem)->key_id(), verifying.key_id());
}

TEST(SigningTest, RefusesWhatIsNotAnEd25519Key) {
  EXPECT_EQ(SigningKey::FromPem("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SigningKey::FromPem("not a key").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SigningKey::FromPem(kRfc8032PublicKey).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(VerifyingKey::FromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  // An EC (P-256) key is a valid PEM key of another algorithm.
  constexpr char kP256[] =
      "-----BEGIN PUBLIC KEY-----\n"
      "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqQBZLMzM5kMJlg8Nh3kuomsDS4ND\n"
      "py/DlNjBvETDfQnl2CwlCAdeT4cVX1lL5cGWnKLRD+x9xLbAycdlUsBFdw==\n"
      "-----END PUBLIC KEY-----\n";
  EXPECT_EQ(VerifyingKey::FromPem(kP256).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace usulan::audit
