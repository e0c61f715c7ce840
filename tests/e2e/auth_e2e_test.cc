// Authentication and role/region authorization through the real server.
#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using workflow::Role;

class AuthE2eTest : public E2eTest {
 protected:
  grpc::StatusCode CreateWith(const std::string& token, const std::string& desa = kDesaA) {
    v1::Proposal out;
    return proposals_->CreateProposal(Context(token).get(), NewProposal(desa, ++seed_), &out)
        .error_code();
  }
  int seed_ = 100;
};

TEST_F(AuthE2eTest, MissingTokenIsUnauthenticated) {
  EXPECT_EQ(CreateWith(""), grpc::StatusCode::UNAUTHENTICATED);
  v1::ListProposalsResponse out;
  EXPECT_EQ(proposals_->ListProposals(Context("").get(), {}, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthE2eTest, NonBearerHeaderIsUnauthenticated) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  v1::Proposal out;
  EXPECT_EQ(proposals_->CreateProposal(context.get(), NewProposal(kDesaA, 1), &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// Tokens follow the server's clock: moved two hours on, an hour's token expired.
TEST_F(AuthE2eTest, ExpiredTokenIsUnauthenticated) {
  std::string token = OperatorToken(kDesaA);
  EXPECT_EQ(CreateWith(token), grpc::StatusCode::OK);
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(CreateWith(token), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthE2eTest, TamperedPayloadIsUnauthenticated) {
  std::string token = OperatorToken(kDesaA);
  // Swap the payload for one claiming a national reviewer, keeping the signature.
  std::string other = Token(Role::kCentralReviewer, "");
  size_t a1 = token.find('.'), a2 = token.rfind('.');
  size_t b1 = other.find('.'), b2 = other.rfind('.');
  std::string spliced = token.substr(0, a1) + other.substr(b1, b2 - b1) + token.substr(a2);
  EXPECT_EQ(CreateWith(spliced), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CreateWith("not-a-token"), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthE2eTest, OperatorOfAnotherDesaIsPermissionDenied) {
  EXPECT_EQ(CreateWith(OperatorToken(kDesaB), kDesaA), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CreateWith(OperatorToken(kDesaA), kDesaA), grpc::StatusCode::OK);
}

TEST_F(AuthE2eTest, OtherRolesCannotCreate) {
  EXPECT_EQ(CreateWith(HeadToken(kDesaA)), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CreateWith(Token(Role::kDistrictOfficer, kKabupaten)),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CreateWith(Token(Role::kCentralReviewer, "")), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CreateWith(Token(Role::kAuditor, kKabupaten)), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2eTest, ReadsAreLimitedToTheCallersRegion) {
  v1::Proposal submitted = CreateAndSubmit(kDesaA, 200);
  v1::GetProposalRequest get;
  get.set_proposal_id(submitted.proposal_id());
  v1::Proposal out;
  EXPECT_TRUE(proposals_->GetProposal(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), get, &out).ok());
  EXPECT_TRUE(proposals_->GetProposal(Context(Token(Role::kAuditor, "")).get(), get, &out).ok());
  EXPECT_EQ(proposals_->GetProposal(Context(OperatorToken(kDesaB)).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(proposals_->GetProposal(Context(Token(Role::kDistrictOfficer, "3202")).get(), get, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetHistoryRequest history;
  history.set_proposal_id(submitted.proposal_id());
  v1::GetHistoryResponse trail;
  EXPECT_EQ(audit_->GetHistory(Context(OperatorToken(kDesaB)).get(), history, &trail).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2eTest, VillageHeadCannotSubmitOrWithdraw) {
  v1::Proposal created;
  ASSERT_TRUE(proposals_->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 300), &created).ok());
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(created.proposal_id());
  v1::Proposal out;
  EXPECT_EQ(proposals_->SubmitProposal(Context(HeadToken()).get(), submit, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(created.proposal_id());
  withdraw.set_reason("x");
  EXPECT_EQ(proposals_->WithdrawProposal(Context(HeadToken()).get(), withdraw, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2eTest, UnknownProposalIsNotFound) {
  v1::GetProposalRequest get;
  get.set_proposal_id("00000000-0000-4000-8000-000000000000");
  v1::Proposal out;
  EXPECT_EQ(proposals_->GetProposal(Context(OperatorToken()).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  get.set_proposal_id("not-a-uuid");
  grpc::Status status = proposals_->GetProposal(Context(OperatorToken()).get(), get, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("proposal_id"));
}

}  // namespace
}  // namespace usulan::testing

namespace usulan::testing {
namespace {

using workflow::Role;

// Every service refuses an unauthenticated caller before looking at anything.
TEST_F(AuthE2eTest, EveryServiceRequiresAToken) {
  v1::OpenDeliberationRequest open;
  open.set_request_id("x");
  v1::Deliberation deliberation;
  EXPECT_EQ(deliberations_->OpenDeliberation(Context("").get(), open, &deliberation).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  v1::ListDeliberationsResponse list;
  EXPECT_EQ(deliberations_->ListDeliberations(Context("").get(), {}, &list).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  v1::GetHistoryRequest history;
  history.set_proposal_id("00000000-0000-4000-8000-000000000000");
  v1::GetHistoryResponse trail;
  EXPECT_EQ(audit_->GetHistory(Context("").get(), history, &trail).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  v1::SubmitProposalRequest submit;
  submit.set_request_id("x");
  v1::Proposal out;
  EXPECT_EQ(proposals_->SubmitProposal(Context("").get(), submit, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthE2eTest, DeliberationsAreLimitedToTheirDesa) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 400);
  v1::OpenDeliberationRequest open;
  open.set_request_id(NextRequestId());
  open.set_kind(v1::DELIBERATION_KIND_MUSDES);
  open.set_desa_code(kDesaA);
  open.set_meeting_date("2026-11-20");
  v1::Deliberation d;
  ASSERT_TRUE(deliberations_->OpenDeliberation(Context(HeadToken()).get(), open, &d).ok());

  v1::GetDeliberationRequest get;
  get.set_deliberation_id(d.deliberation_id());
  v1::Deliberation out;
  EXPECT_EQ(deliberations_->GetDeliberation(Context(HeadToken(kDesaB)).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(deliberations_->GetDeliberation(Context(Token(Role::kDistrictOfficer, "3202")).get(), get, &out)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(deliberations_->GetDeliberation(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), get, &out)
                  .ok());

  v1::AddToAgendaRequest add;
  add.set_request_id(NextRequestId());
  add.set_deliberation_id(d.deliberation_id());
  add.add_proposal_ids(a.proposal_id());
  EXPECT_EQ(deliberations_->AddToAgenda(Context(HeadToken(kDesaB)).get(), add, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(deliberations_->AddToAgenda(Context(HeadToken()).get(), add, &out).ok());

  v1::RecordOutcomeRequest record;
  record.set_request_id(NextRequestId());
  record.set_deliberation_id(d.deliberation_id());
  record.set_proposal_id(a.proposal_id());
  record.set_outcome(v1::AGENDA_OUTCOME_AGREED);
  EXPECT_EQ(deliberations_->RecordOutcome(Context(HeadToken(kDesaB)).get(), record, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(deliberations_->RecordOutcome(Context(OperatorToken()).get(), record, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::ListDeliberationsRequest list;
  list.set_region_prefix("3202");
  v1::ListDeliberationsResponse listed;
  EXPECT_EQ(deliberations_->ListDeliberations(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), list, &listed)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(AuthE2eTest, RolesThatNeverSubmitAreRefusedBeforeTheRegistryIsAsked) {
  v1::Proposal created;
  ASSERT_TRUE(proposals_->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 500), &created).ok());
  // The registry rows are gone: were the registry asked, the answer would differ.
  database_->ExecAsSuperuser("DELETE FROM registry_people");
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(created.proposal_id());
  v1::Proposal out;
  for (const std::string& token :
       {Token(Role::kDistrictOfficer, kKabupaten), Token(Role::kAuditor, kKabupaten), HeadToken()}) {
    EXPECT_EQ(proposals_->SubmitProposal(Context(token).get(), submit, &out).error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(CountRows("transitions"), 1);
}

}  // namespace
}  // namespace usulan::testing
