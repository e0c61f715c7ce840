// The order in which a change refuses (DESIGN.md section 4, README "Errors"):
// authenticate, then scope (role and region: PERMISSION_DENIED), then state
// (FAILED_PRECONDITION), then expected_version (ABORTED). A caller outside the
// scope must learn neither a state nor a version, nor that a listed proposal
// belongs elsewhere; a stale version is news only for a change the state allows.
// Each test puts two refusals on one call and checks which one wins.
#include "tests/e2e/lifecycle_driver.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kMinutes[] = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";
constexpr int64_t kStale = 99;

class ScopeFirstE2eTest : public LifecycleTest {
 protected:
  grpc::Status AddToAgenda(const std::string& token, const std::string& deliberation,
                           const std::vector<std::string>& ids,
                           std::optional<int64_t> expected = std::nullopt) {
    v1::AddToAgendaRequest add;
    add.set_request_id(NextRequestId());
    add.set_deliberation_id(deliberation);
    for (const auto& id : ids) add.add_proposal_ids(id);
    if (expected) add.set_expected_version(*expected);
    v1::Deliberation out;
    return deliberations_->AddToAgenda(Context(token).get(), add, &out);
  }

  grpc::Status RecordOutcome(const std::string& token, const std::string& deliberation,
                             const std::string& id, std::optional<int64_t> expected) {
    v1::RecordOutcomeRequest outcome;
    outcome.set_request_id(NextRequestId());
    outcome.set_deliberation_id(deliberation);
    outcome.set_proposal_id(id);
    outcome.set_outcome(v1::AGENDA_OUTCOME_AGREED);
    if (expected) outcome.set_expected_version(*expected);
    v1::Deliberation out;
    return deliberations_->RecordOutcome(Context(token).get(), outcome, &out);
  }

  grpc::Status Close(const std::string& token, const std::string& deliberation,
                     std::optional<int64_t> expected) {
    v1::CloseDeliberationRequest close;
    close.set_request_id(NextRequestId());
    close.set_deliberation_id(deliberation);
    close.set_attendance(40);
    close.set_quorum(30);
    close.set_minutes_sha256(kMinutes);
    if (expected) close.set_expected_version(*expected);
    v1::Deliberation out;
    return deliberations_->CloseDeliberation(Context(token).get(), close, &out);
  }

  grpc::Status Withdraw(const std::string& id, std::optional<int64_t> expected,
                        const std::string& token) {
    v1::WithdrawProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason("the household moved away");
    if (expected) request.set_expected_version(*expected);
    v1::Proposal out;
    return proposals_->WithdrawProposal(Context(token).get(), request, &out);
  }
};

TEST_F(ScopeFirstE2eTest, BatchMemberOfAnotherKabupatenIsDeniedWithoutSayingWhere) {
  const std::vector<std::string> ids = ToDistrictApproved(1, 1);
  const std::string other_kabupaten = std::string(kOtherKabupatenDesa).substr(0, 4);
  v1::CreateBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_kabupaten_code(other_kabupaten);
  request.add_proposal_ids(ids[0]);
  v1::Batch out;
  grpc::Status status =
      review_->CreateBatch(Context(DinsosToken(other_kabupaten)).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("proposal_ids[0]"));
  // Neither where the proposal lives nor that it belongs to another kabupaten.
  EXPECT_THAT(status.error_message(), Not(HasSubstr(kDesaA)));
  EXPECT_THAT(status.error_message(), Not(HasSubstr("another kabupaten")));
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_DISTRICT_APPROVED);
}

TEST_F(ScopeFirstE2eTest, BatchMembersAreAllInScopeBeforeAnyStateIsTold) {
  // Member 0 is the caller's own kabupaten's but not approved (PRELIST); member 1
  // is another kabupaten's: the scope refusal of member 1 comes first.
  const std::vector<std::string> foreign = ToDistrictApproved(2, 1);
  const v1::Proposal own = CreateAndSubmit(kOtherKabupatenDesa, 3);
  v1::CreateBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_kabupaten_code("3202");
  request.add_proposal_ids(own.proposal_id());
  request.add_proposal_ids(foreign[0]);
  v1::Batch out;
  grpc::Status status = review_->CreateBatch(Context(DinsosToken("3202")).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("proposal_ids[1]"));
}

TEST_F(ScopeFirstE2eTest, DeliberationChangesByAnotherDesaAreDeniedBeforeTheVersion) {
  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 1);
  const v1::Deliberation d = OpenDeliberation();
  const std::string outsider = HeadToken(kDesaB);

  grpc::Status add = AddToAgenda(outsider, d.deliberation_id(), ids, kStale);
  EXPECT_EQ(add.error_code(), grpc::StatusCode::PERMISSION_DENIED) << add.error_message();
  grpc::Status outcome = RecordOutcome(outsider, d.deliberation_id(), ids[0], kStale);
  EXPECT_EQ(outcome.error_code(), grpc::StatusCode::PERMISSION_DENIED) << outcome.error_message();
  grpc::Status close = Close(outsider, d.deliberation_id(), kStale);
  EXPECT_EQ(close.error_code(), grpc::StatusCode::PERMISSION_DENIED) << close.error_message();
  for (const grpc::Status& status : {add, outcome, close}) {
    EXPECT_THAT(status.error_message(), Not(HasSubstr("version")));
  }
}

TEST_F(ScopeFirstE2eTest, ClosedDeliberationTellsItsStateBeforeAStaleVersion) {
  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 1);
  const v1::Deliberation d = OpenDeliberation();
  ASSERT_TRUE(AddToAgenda(HeadToken(), d.deliberation_id(), ids).ok());
  ASSERT_TRUE(RecordOutcome(HeadToken(), d.deliberation_id(), ids[0], std::nullopt).ok());
  ASSERT_TRUE(Close(HeadToken(), d.deliberation_id(), std::nullopt).ok());

  grpc::Status again = Close(HeadToken(), d.deliberation_id(), /*expected=*/1);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << again.error_message();
  EXPECT_THAT(again.error_message(), HasSubstr("CLOSED"));
}

TEST_F(ScopeFirstE2eTest, AgendaItemOfAnotherDesaIsDenied) {
  const std::vector<std::string> other_desa = Prelisted(kDesaB, 1, 1);
  const v1::Deliberation d = OpenDeliberation();
  grpc::Status status = AddToAgenda(HeadToken(), d.deliberation_id(), other_desa);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("proposal_ids[0]"));
}

TEST_F(ScopeFirstE2eTest, ProposalStateIsToldBeforeAStaleVersion) {
  v1::Proposal created;
  ASSERT_TRUE(proposals_
                  ->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 1), &created)
                  .ok());
  ASSERT_TRUE(Withdraw(created.proposal_id(), std::nullopt, OperatorToken()).ok());
  // WITHDRAWN is terminal: withdrawing again is refused by the state, whatever
  // version the caller still holds.
  grpc::Status again = Withdraw(created.proposal_id(), /*expected=*/1, OperatorToken());
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << again.error_message();
  EXPECT_THAT(again.error_message(), HasSubstr("WITHDRAWN"));
}

TEST_F(ScopeFirstE2eTest, RoleThatNeverTakesTheStepIsDeniedBeforeAStaleVersion) {
  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 1);
  v1::ReturnProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(ids[0]);
  request.set_expected_version(kStale);
  request.set_reason("incomplete");
  v1::Proposal out;
  // The village operator of the desa may read the proposal but never returns one.
  grpc::Status status = review_->ReturnProposal(Context(OperatorToken()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

TEST_F(ScopeFirstE2eTest, VisitByAnUnassignedVerifierIsDeniedBeforeAStaleVersion) {
  const std::vector<std::string> ids = ToAgreed(1, 1);
  AssignVerifier(ids);
  v1::RecordVisitRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(ids[0]);
  request.set_expected_version(kStale);
  request.set_outcome(v1::VISIT_OUTCOME_COMPLETED);
  request.set_eligible(true);
  request.mutable_visit_time()->set_seconds(base::UnixSeconds(clock_.Now()) - 3600);
  request.add_evidence_sha256(kDocHash);
  v1::Proposal out;
  const std::string colleague = Token(workflow::Role::kVerifier, kKabupaten, "verifier.other");
  grpc::Status status = verification_->RecordVisit(Context(colleague).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_IN_VERIFICATION);
}

}  // namespace
}  // namespace usulan::testing
