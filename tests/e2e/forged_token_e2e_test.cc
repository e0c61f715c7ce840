// The forged-token suite (auth/forged_tokens.h) through gRPC against the real
// server: each forgery is its own test and answers UNAUTHENTICATED, with a short
// message that does not echo the token, and writes nothing. The control (the
// unforged token) is accepted, so the refusals are the forgeries' doing.
#include "auth/forged_tokens.h"
#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

class ForgedTokenE2eTest : public E2eTest, public ::testing::WithParamInterface<std::string> {
 protected:
  grpc::Status CreateWith(const std::string& token) {
    v1::Proposal out;
    return proposals_->CreateProposal(Context(token).get(), NewProposal(kDesaA, 1), &out);
  }
  // The forged token named by the test's parameter, made at the server clock's time.
  std::string Forged() {
    for (auto& forged :
         auth::testing::ForgedTokens(TestIssuer(), base::UnixSeconds(clock_.Now()))) {
      if (forged.name == GetParam()) return forged.token;
    }
    ADD_FAILURE() << "no forged case " << GetParam();
    return "";
  }
};

TEST_P(ForgedTokenE2eTest, IsUnauthenticatedAndWritesNothing) {
  const std::string token = Forged();
  grpc::Status status = CreateWith(token);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("invalid token: "));
  EXPECT_THAT(status.error_message(), ::testing::Not(::testing::HasSubstr(token.substr(0, 16))));
  EXPECT_EQ(CountRows("proposals"), 0);
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (auto& forged : auth::testing::ForgedTokens(TestIssuer(), 0)) names.push_back(forged.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(ThroughGrpc, ForgedTokenE2eTest, ::testing::ValuesIn(CaseNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

TEST_F(E2eTest, TheUnforgedDevelopmentTokenIsAccepted) {
  auto token = auth::MintToken(TestIssuer().private_jwk,
                               auth::testing::ValidRequest(base::UnixSeconds(clock_.Now())));
  ASSERT_TRUE(token.ok()) << token.status();
  v1::Proposal out;
  grpc::Status status =
      proposals_->CreateProposal(Context(*token).get(), NewProposal(kDesaA, 2), &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace usulan::testing
