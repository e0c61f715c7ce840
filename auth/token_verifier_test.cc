// The verifier's policy: every forged token refused (each case its own test),
// and the accepted shapes (three algorithms from one JWKS, custom claim names,
// the development HS256 key only when configured).
#include "auth/token_verifier.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "auth/dev_issuer.h"
#include "auth/forged_tokens.h"

namespace usulan::auth {
namespace {

constexpr int64_t kNow = 1'780'000'000;

SigningKeyPair Key(const std::string& alg, const std::string& kid) {
  absl::StatusOr<SigningKeyPair> pair = GenerateSigningKey(alg, kid);
  EXPECT_TRUE(pair.ok()) << pair.status();
  return *pair;
}

// One issuer key per process (RSA generation is slow).
const SigningKeyPair& Issuer() {
  static const SigningKeyPair issuer = Key("EdDSA", "issuer-ed");
  return issuer;
}

std::shared_ptr<KeySource> Keys(const std::vector<std::string>& public_jwks) {
  absl::StatusOr<KeySet> set = KeySet::Parse(MakeJwks(public_jwks));
  EXPECT_TRUE(set.ok()) << set.status();
  return std::make_shared<StaticKeySource>(std::move(*set));
}

TokenVerifier Verifier(TokenVerifierOptions options = {}) {
  return TokenVerifier(std::move(options), Keys({Issuer().public_jwk}));
}

class ForgedTokenTest : public ::testing::TestWithParam<testing::ForgedToken> {};

TEST_P(ForgedTokenTest, IsUnauthenticated) {
  absl::StatusOr<workflow::Actor> actor = Verifier().Verify(GetParam().token, kNow);
  ASSERT_FALSE(actor.ok()) << GetParam().name << " was accepted";
  EXPECT_EQ(actor.status().code(), absl::StatusCode::kUnauthenticated) << actor.status();
  EXPECT_NE(actor.status().message().find(GetParam().reason), std::string::npos)
      << actor.status() << " is not for the reason: " << GetParam().reason;
  // The reason is short and never echoes the token.
  EXPECT_LT(actor.status().message().size(), 120u);
  EXPECT_EQ(actor.status().message().find(GetParam().token.substr(0, 20)), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Verifier, ForgedTokenTest,
                         ::testing::ValuesIn(testing::ForgedTokens(Issuer(), kNow)),
                         [](const ::testing::TestParamInfo<testing::ForgedToken>& info) {
                           return info.param.name;
                         });

// The control: the unforged token from the same request is accepted, so each
// refusal above is the forgery's doing.
TEST(TokenVerifierTest, TheUnforgedTokenIsAccepted) {
  absl::StatusOr<std::string> token = MintToken(Issuer().private_jwk, testing::ValidRequest(kNow));
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<workflow::Actor> actor = Verifier().Verify(*token, kNow);
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->subject, "operator.3201012001");
  EXPECT_EQ(actor->role, workflow::Role::kVillageOperator);
  EXPECT_EQ(actor->region, "3201012001");
}

// A citizen's token carries the NIK and KK beside the actor, never inside it;
// the actor (what is logged, audited and keys requests) holds only the subject.
TEST(TokenVerifierTest, ACitizenTokenCarriesNikAndKkBesideTheActor) {
  absl::StatusOr<std::string> token =
      MintToken(Issuer().private_jwk, testing::ValidCitizenRequest(kNow));
  ASSERT_TRUE(token.ok()) << token.status();
  absl::StatusOr<Identity> identity = Verifier().VerifyIdentity(*token, kNow);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->actor.role, workflow::Role::kCitizen);
  EXPECT_EQ(identity->actor.region, "3201012001");
  EXPECT_EQ(identity->actor.subject, "warga.test");
  EXPECT_EQ(identity->nik, testing::kCitizenNik);
  EXPECT_EQ(identity->kk, testing::kCitizenKk);
  // An office token's identity has neither.
  absl::StatusOr<std::string> office = MintToken(Issuer().private_jwk, testing::ValidRequest(kNow));
  ASSERT_TRUE(office.ok());
  absl::StatusOr<Identity> operator_identity = Verifier().VerifyIdentity(*office, kNow);
  ASSERT_TRUE(operator_identity.ok()) << operator_identity.status();
  EXPECT_TRUE(operator_identity->nik.empty());
  EXPECT_TRUE(operator_identity->kk.empty());
}

// A refused citizen claim is named, its value never echoed.
TEST(TokenVerifierTest, CitizenClaimRefusalsNeverEchoTheValue) {
  MintRequest request = testing::ValidCitizenRequest(kNow);
  request.nik = "32010141079000019";  // 17 digits
  request.kk = "3201010101900001";
  absl::StatusOr<std::string> token = MintToken(Issuer().private_jwk, request);
  ASSERT_TRUE(token.ok());
  absl::Status refused = Verifier().VerifyIdentity(*token, kNow).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(refused.message().find("usulan_nik"), std::string::npos) << refused;
  EXPECT_EQ(refused.message().find("3201014107"), std::string::npos) << refused;
  EXPECT_EQ(refused.message().find("3201010101"), std::string::npos) << refused;
}

TEST(TokenVerifierTest, CitizenClaimNamesAreConfigurable) {
  TokenVerifierOptions options;
  options.claims.nik_claim = "nik";
  options.claims.kk_claim = "no_kk";
  MintRequest request = testing::ValidCitizenRequest(kNow);
  request.nik_claim = "nik";
  request.kk_claim = "no_kk";
  absl::StatusOr<std::string> token = MintToken(Issuer().private_jwk, request);
  ASSERT_TRUE(token.ok());
  absl::StatusOr<Identity> identity = Verifier(options).VerifyIdentity(*token, kNow);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->kk, testing::kCitizenKk);
  // ...and the default names are then not read.
  absl::StatusOr<std::string> plain =
      MintToken(Issuer().private_jwk, testing::ValidCitizenRequest(kNow));
  EXPECT_EQ(Verifier(options).VerifyIdentity(*plain, kNow).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(TokenVerifierTest, EdDsaEs256AndRs256KeysFromOneJwksAreAccepted) {
  const SigningKeyPair es = Key("ES256", "issuer-es"), rs = Key("RS256", "issuer-rs");
  TokenVerifier verifier({}, Keys({Issuer().public_jwk, es.public_jwk, rs.public_jwk}));
  for (const SigningKeyPair* key : {&Issuer(), &es, &rs}) {
    absl::StatusOr<std::string> token = MintToken(key->private_jwk, testing::ValidRequest(kNow));
    ASSERT_TRUE(token.ok()) << token.status();
    EXPECT_TRUE(verifier.Verify(*token, kNow).ok()) << key->public_jwk;
  }
}

TEST(TokenVerifierTest, LeewayAllowsSmallClockSkewOnly) {
  TokenVerifier verifier = Verifier();
  MintRequest request = testing::ValidRequest(kNow + 20);  // issuer's clock 20 s ahead
  EXPECT_TRUE(verifier.Verify(*MintToken(Issuer().private_jwk, request), kNow).ok());
  request.issued_at = kNow - 600 - 20;  // expired 20 s ago
  EXPECT_TRUE(verifier.Verify(*MintToken(Issuer().private_jwk, request), kNow).ok());
  request.issued_at = kNow - 600 - 40;  // expired 40 s ago: beyond 30 s
  EXPECT_FALSE(verifier.Verify(*MintToken(Issuer().private_jwk, request), kNow).ok());
}

TEST(TokenVerifierTest, AudienceMayBeAnArray) {
  nlohmann::json payload = nlohmann::json::parse(MintPayload(testing::ValidRequest(kNow)));
  payload["aud"] = {"console", "usulan"};
  absl::StatusOr<std::string> token = SignJwt(Issuer().private_jwk, payload.dump());
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(Verifier().Verify(*token, kNow).ok());
}

TEST(TokenVerifierTest, CustomClaimNamesAreRead) {
  TokenVerifierOptions options;
  options.claims.role_claim = "kemensos_role";
  options.claims.region_claim = "kode_wilayah";
  MintRequest request = testing::ValidRequest(kNow);
  request.role_claim = "kemensos_role";
  request.region_claim = "kode_wilayah";
  absl::StatusOr<std::string> token = MintToken(Issuer().private_jwk, request);
  ASSERT_TRUE(token.ok());
  absl::StatusOr<workflow::Actor> actor = Verifier(options).Verify(*token, kNow);
  ASSERT_TRUE(actor.ok()) << actor.status();
  EXPECT_EQ(actor->region, "3201012001");
  // ...and the default names are then not read.
  absl::StatusOr<std::string> plain = MintToken(Issuer().private_jwk, testing::ValidRequest(kNow));
  EXPECT_EQ(Verifier(options).Verify(*plain, kNow).status().code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(TokenVerifierTest, Hs256OnlyWithTheDevelopmentKey) {
  const std::string secret(32, 's');
  // HMAC-SHA256 through rhonabwy's own signer, with an oct key.
  const std::string oct =
      nlohmann::json{
          {"kty", "oct"}, {"alg", "HS256"}, {"kid", "dev"}, {"k", testing::Base64Url(secret)}}
          .dump();
  absl::StatusOr<std::string> token = SignJwt(oct, MintPayload(testing::ValidRequest(kNow)));
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(Verifier().Verify(*token, kNow).status().code(), absl::StatusCode::kUnauthenticated);
  TokenVerifierOptions dev;
  dev.dev_hs256_key = secret;
  EXPECT_TRUE(Verifier(dev).Verify(*token, kNow).ok());
  dev.dev_hs256_key = std::string(32, 't');
  EXPECT_EQ(Verifier(dev).Verify(*token, kNow).status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(TokenVerifierTest, MalformedTokensAreUnauthenticated) {
  TokenVerifier verifier = Verifier();
  for (const std::string& token :
       std::vector<std::string>{"", "abc", "a.b", "a.b.c.d", "!!.e30.", "e30.e30.AAAA",
                                std::string(TokenVerifier::kMaxTokenBytes + 1, 'a')}) {
    EXPECT_EQ(verifier.Verify(token, kNow).status().code(), absl::StatusCode::kUnauthenticated)
        << token.substr(0, 40);
  }
}

TEST(SubjectTest, PrintableBoundedAndNeverSixteenDigits) {
  EXPECT_TRUE(ValidSubject("operator.3201012001"));
  EXPECT_TRUE(ValidSubject("f81d4fae-7dec-11d0-a765-00a0c91e6bf6"));
  EXPECT_TRUE(ValidSubject("123456789012345"));  // 15 digits
  EXPECT_FALSE(ValidSubject("1234567890123456"));
  EXPECT_FALSE(ValidSubject("nik-3201014107900001-x"));
  EXPECT_FALSE(ValidSubject(""));
  EXPECT_FALSE(ValidSubject(std::string(129, 'a')));
  EXPECT_TRUE(ValidSubject(std::string(128, 'a')));
  EXPECT_FALSE(ValidSubject("tab\there"));
  EXPECT_FALSE(ValidSubject("caf\xc3\xa9"));
}

}  // namespace
}  // namespace usulan::auth
