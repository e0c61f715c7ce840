// The lifecycle after the village deliberation, through the real server and
// PostgreSQL: verification, district review, batches, ratification, province,
// Pusdatin decision, cycles and deadlines.
#include <algorithm>

#include "jobs/cycle_job.h"
#include "services/proposal_creation.h"
#include "tests/e2e/lifecycle_driver.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

constexpr char kDecree[] = "Kepmensos 12/HUK/2026";

storage::TimePoint WibMidnight(int year, unsigned month, unsigned day) {
  const std::chrono::sys_days d{std::chrono::year{year} / month / day};
  return storage::TimePoint{std::chrono::duration_cast<std::chrono::microseconds>(
      d.time_since_epoch() - std::chrono::hours(7))};
}

class LifecycleE2eTest : public LifecycleTest {
 protected:
  grpc::Status Decide(const v1::Batch& batch, const std::vector<v1::DecisionException>& exceptions,
                      const std::string& request_id, v1::BatchDecision* out) {
    v1::DecideBatchRequest request;
    request.set_request_id(request_id);
    request.set_batch_id(batch.batch_id());
    request.set_decree_number(kDecree);
    for (const auto& e : exceptions) *request.add_exceptions() = e;
    return decisions_->DecideBatch(Context(PusdatinToken()).get(), request, out);
  }

  std::vector<v1::Transition> History(const std::string& id) {
    const v1::GetHistoryResponse out = E2eTest::History(id, PusdatinToken());
    return {out.transitions().begin(), out.transitions().end()};
  }

  // The Dinsos returns proposal `id` for `reason`; asserts success.
  void Return(const std::string& id, const std::string& reason, v1::Proposal* returned) {
    v1::ReturnProposalRequest ret;
    ret.set_request_id(NextRequestId());
    ret.set_proposal_id(id);
    ret.set_reason(reason);
    ASSERT_TRUE(review_->ReturnProposal(Context(DinsosToken()).get(), ret, returned).ok());
  }

  static std::vector<std::string> MemberIds(const v1::Batch& batch) {
    std::vector<std::string> ids;
    for (const auto& m : batch.members()) ids.push_back(m.proposal_id());
    return ids;
  }
};

TEST_F(LifecycleE2eTest, ABatchClimbsToPusdatinAndIsDecidedWithOneException) {
  v1::Batch batch = ToCentralReview(1, 3);
  ASSERT_EQ(batch.status(), v1::BATCH_STATUS_FORWARDED);
  ASSERT_EQ(batch.members_size(), 3);
  for (const auto& m : batch.members()) EXPECT_EQ(m.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  EXPECT_EQ(batch.manifest_sha256().size(), 64u);

  v1::ListIncomingBatchesRequest incoming;
  v1::ListBatchesResponse queue;
  ASSERT_TRUE(decisions_->ListIncomingBatches(Context(PusdatinToken()).get(), incoming, &queue).ok());
  ASSERT_EQ(queue.batches_size(), 1);
  EXPECT_EQ(queue.batches(0).batch_id(), batch.batch_id());

  const std::string rejected = batch.members(1).proposal_id();
  v1::DecisionException reject;
  reject.set_proposal_id(rejected);
  reject.set_action(v1::EXCEPTION_ACTION_REJECT);
  reject.set_reason_code("INELIGIBLE_OCCUPATION");
  reject.set_reason("head of household is a civil servant (ASN)");
  v1::BatchDecision decision;
  grpc::Status status = Decide(batch, {reject}, "decide-1", &decision);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decision.accepted_count(), 2);
  EXPECT_EQ(decision.rejected_count(), 1);
  EXPECT_EQ(decision.returned_count(), 0);
  EXPECT_EQ(decision.manifest_sha256(), batch.manifest_sha256());
  EXPECT_EQ(decision.decided_by(), kPusdatinSubject);
  EXPECT_EQ(decision.decision_sha256().size(), 64u);

  for (const auto& id : MemberIds(batch)) {
    EXPECT_EQ(StateOf(id), id == rejected ? v1::PROPOSAL_STATE_REJECTED : v1::PROPOSAL_STATE_ACCEPTED);
  }
  // Every batch step left one audit record per member that names the batch.
  std::vector<v1::Transition> history = History(batch.members(0).proposal_id());
  std::vector<std::string> batch_events;
  for (const auto& t : history) {
    auto it = t.attributes().find("batch_id");
    if (it != t.attributes().end() && it->second == batch.batch_id()) batch_events.push_back(t.event());
  }
  EXPECT_EQ(batch_events, (std::vector<std::string>{"ratify", "submit_to_province", "forward", "decide"}));
  EXPECT_EQ(history.back().attributes().at("decree_number"), kDecree);
  EXPECT_EQ(history.back().actor_id(), kPusdatinSubject);

  v1::GetDecisionRequest get;
  get.set_batch_id(batch.batch_id());
  v1::BatchDecision stored;
  ASSERT_TRUE(decisions_->GetDecision(Context(DinsosToken()).get(), get, &stored).ok());
  EXPECT_EQ(stored.decision_id(), decision.decision_id());
  EXPECT_EQ(stored.decision_sha256(), decision.decision_sha256());
  ASSERT_EQ(stored.exceptions_size(), 1);
  EXPECT_EQ(stored.exceptions(0).reason_code(), "INELIGIBLE_OCCUPATION");
}

TEST_F(LifecycleE2eTest, DecidingTwiceIsANoOpWithTheSameRequestIdAndRefusedWithAnother) {
  v1::Batch batch = ToCentralReview(1, 2);
  v1::BatchDecision first, again, other;
  ASSERT_TRUE(Decide(batch, {}, "decide-once", &first).ok());
  const int64_t transitions = CountRows("transitions");
  ASSERT_TRUE(Decide(batch, {}, "decide-once", &again).ok());
  EXPECT_EQ(again.decision_id(), first.decision_id());
  EXPECT_EQ(CountRows("transitions"), transitions);
  grpc::Status status = Decide(batch, {}, "decide-twice", &other);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("already decided"));
  EXPECT_EQ(CountRows("batch_decisions"), 1);
}

TEST_F(LifecycleE2eTest, AMemberRefusedMidBatchLeavesNoMemberMoved) {
  std::vector<std::string> ids = ToDistrictApproved(1, 3);
  v1::Batch batch = CreateBatch(ids);
  // The member locked last is made one the Bupati may not ratify: the same person
  // performed its previous approval step (separation of duties).
  const std::string last = *std::max_element(ids.begin(), ids.end());
  database_->ExecAsSuperuser("UPDATE proposals SET last_approver = '" + std::string(kRegentSubject) +
                             "' WHERE id = '" + last + "'");
  const int64_t transitions = CountRows("transitions");

  v1::RatifyBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  request.set_letter_number("400/1/2026");
  request.set_letter_sha256(kDocHash);
  v1::Batch out;
  grpc::Status status = review_->RatifyBatch(Context(RegentToken()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("member " + last));
  EXPECT_EQ(CountRows("transitions"), transitions);
  for (const auto& id : ids) EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_DISTRICT_APPROVED);
  v1::GetBatchRequest get;
  get.set_batch_id(batch.batch_id());
  ASSERT_TRUE(review_->GetBatch(Context(DinsosToken()).get(), get, &out).ok());
  EXPECT_EQ(out.status(), v1::BATCH_STATUS_SEALED);
  EXPECT_EQ(out.version(), batch.version());
}

TEST_F(LifecycleE2eTest, TheApproverCannotRatifyTheirOwnApproval) {
  v1::Batch batch = CreateBatch(ToDistrictApproved(1, 1));
  v1::RatifyBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  request.set_letter_number("400/1/2026");
  request.set_letter_sha256(kDocHash);
  v1::Batch out;
  grpc::Status status = review_->RatifyBatch(
      Context(Token(Role::kRegent, kKabupaten, kDinsosOfficer)).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("previous approval step"));
}

TEST_F(LifecycleE2eTest, AReturnedProposalIsReworkedAndDeliberatedAgain) {
  std::vector<std::string> ids = ToDistrictReview(1, 2);
  v1::Proposal returned;
  ASSERT_NO_FATAL_FAILURE(Return(ids[0], "income data contradicts the field photos", &returned));
  EXPECT_EQ(returned.state(), v1::PROPOSAL_STATE_RETURNED);

  v1::CorrectProposalRequest rework;
  rework.set_request_id(NextRequestId());
  rework.set_proposal_id(ids[0]);
  *rework.mutable_household() = returned.household();
  rework.mutable_household()->mutable_socio_economic()->set_monthly_income_idr(900000);
  rework.set_reason("income corrected after a second interview");
  v1::Proposal reworked;
  grpc::Status status = proposals_->CorrectProposal(Context(OperatorToken()).get(), rework, &reworked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reworked.state(), v1::PROPOSAL_STATE_PRELIST);
  // The same kepala desa may deliberate it again: the approval chain restarted.
  Deliberate(kDesaA, {ids[0]});
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_AGREED);
  EXPECT_EQ(StateOf(ids[1]), v1::PROPOSAL_STATE_DISTRICT_REVIEW);
}

TEST_F(LifecycleE2eTest, ReworkWithAnUnconfirmedNikIsRefused) {
  std::vector<std::string> ids = ToDistrictReview(1, 1);
  v1::Proposal returned;
  ASSERT_NO_FATAL_FAILURE(Return(ids[0], "wrong child listed", &returned));
  v1::CorrectProposalRequest rework;
  rework.set_request_id(NextRequestId());
  rework.set_proposal_id(ids[0]);
  *rework.mutable_household() = MakeHousehold(kDesaA, 77);  // nobody in the registry
  rework.set_reason("household replaced");
  v1::Proposal out;
  grpc::Status status = proposals_->CorrectProposal(Context(OperatorToken()).get(), rework, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("NOT_FOUND"));
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_RETURNED);
}

TEST_F(LifecycleE2eTest, TheProvinceReturnsAWholeBatchAndItsMembersLeaveIt) {
  std::vector<std::string> ids = ToDistrictApproved(1, 2);
  v1::Batch batch = Submit(Ratify(CreateBatch(ids)));
  v1::ReturnBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  request.set_reason("endorsement letter unsigned");
  v1::Batch out;
  ASSERT_TRUE(review_->ReturnBatch(Context(ProvinceToken()).get(), request, &out).ok());
  EXPECT_EQ(out.status(), v1::BATCH_STATUS_RETURNED);
  EXPECT_EQ(out.return_reason(), "endorsement letter unsigned");
  for (const auto& m : out.members()) {
    EXPECT_EQ(m.state(), v1::PROPOSAL_STATE_RETURNED);
    EXPECT_FALSE(m.open());
  }
}

TEST_F(LifecycleE2eTest, AMemberReturnedAloneLeavesTheBatchWhichClimbsOn) {
  v1::Batch batch = Submit(Ratify(CreateBatch(ToDistrictApproved(1, 2))));
  v1::ReturnProposalRequest ret;
  ret.set_request_id(NextRequestId());
  ret.set_proposal_id(batch.members(0).proposal_id());
  ret.set_reason("duplicate of a listed household in another desa");
  v1::Proposal returned;
  ASSERT_TRUE(review_->ReturnProposal(Context(ProvinceToken()).get(), ret, &returned).ok());
  v1::Batch forwarded = Forward(batch);
  EXPECT_EQ(forwarded.members(0).state(), v1::PROPOSAL_STATE_RETURNED);
  EXPECT_FALSE(forwarded.members(0).open());
  EXPECT_EQ(forwarded.members(1).state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  // Pusdatin cannot decide on a member that left the batch.
  v1::DecisionException e;
  e.set_proposal_id(batch.members(0).proposal_id());
  e.set_action(v1::EXCEPTION_ACTION_REJECT);
  e.set_reason_code("DUPLICATE");
  e.set_reason("duplicate");
  v1::BatchDecision decision;
  grpc::Status status = Decide(forwarded, {e}, "decide-left", &decision);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("exceptions[0].proposal_id"));
}

TEST_F(LifecycleE2eTest, VisitsDecideEligibilityOnlyForTheAssignedVerifier) {
  std::vector<std::string> ids = ToAgreed(1, 3);
  AssignVerifier(ids);
  EXPECT_EQ(RecordVisit(ids[0], v1::VISIT_OUTCOME_COMPLETED, true,
                        Token(Role::kVerifier, kKabupaten, "someone.else"))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(RecordVisit(ids[0], v1::VISIT_OUTCOME_DUPLICATE, true, VerifierToken()).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(RecordVisit(ids[0], v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken()).ok());
  EXPECT_TRUE(RecordVisit(ids[1], v1::VISIT_OUTCOME_DUPLICATE, false, VerifierToken(),
                          "same family as the household listed next door")
                  .ok());
  EXPECT_TRUE(RecordVisit(ids[2], v1::VISIT_OUTCOME_COMPLETED, false, VerifierToken(),
                          "permanent house, two motorbikes")
                  .ok());
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_VERIFIED);
  EXPECT_EQ(StateOf(ids[1]), v1::PROPOSAL_STATE_NOT_ELIGIBLE);
  EXPECT_EQ(StateOf(ids[2]), v1::PROPOSAL_STATE_NOT_ELIGIBLE);
  EXPECT_EQ(History(ids[1]).back().attributes().at("outcome_code"), "DUPLICATE");
}

TEST_F(LifecycleE2eTest, TheCutoffOpensReviewDefersLateReleasesAndReopensThemNextCycle) {
  const workflow::CyclePolicy policy{20};
  clock_.Set(WibMidnight(2026, 11, 10));
  std::vector<std::string> early = ToVerified(1, 2);
  FinalizeVillage(kDesaA, early);
  std::vector<std::string> late = ToVerified(3, 1);
  clock_.Set(WibMidnight(2026, 11, 25));  // after the cut-off (end of the 20th, WIB)
  FinalizeVillage(kDesaA, late);

  auto run = jobs::RunCycleJob(*db_, clock_, policy);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->opened_for_review, 2);
  EXPECT_EQ(run->deferred, 1);
  for (const auto& id : early) EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_DISTRICT_REVIEW);
  EXPECT_EQ(StateOf(late[0]), v1::PROPOSAL_STATE_DEFERRED);
  EXPECT_EQ(History(late[0]).back().attributes().at("cycle_id"), "2026-12");
  EXPECT_EQ(History(early[0]).back().actor_id(), "system:cycle-job");

  run = jobs::RunCycleJob(*db_, clock_, policy);  // nothing more is due
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->opened_for_review + run->deferred, 0);

  clock_.Set(WibMidnight(2026, 12, 1));
  run = jobs::RunCycleJob(*db_, clock_, policy);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->opened_for_review, 1);
  EXPECT_EQ(StateOf(late[0]), v1::PROPOSAL_STATE_DISTRICT_REVIEW);
  EXPECT_EQ(History(late[0]).back().attributes().at("cycle_id"), "2026-12");
}

TEST_F(LifecycleE2eTest, AnObjectionNotVerifiedWithinFourteenDaysLapses) {
  clock_.Set(WibMidnight(2026, 11, 1));
  // The household objected to is in the register (an objection names its entry).
  v1::Batch listed = ToCentralReview(1, 1);
  v1::BatchDecision decided;
  ASSERT_TRUE(Decide(listed, {}, NextRequestId(), &decided).ok());
  v1::CreateProposalRequest objection = NewProposal(kDesaA, 3);
  objection.set_kind(v1::PROPOSAL_KIND_OBJECTION);
  objection.set_register_entry_id(listed.members(0).proposal_id());
  objection.set_reason("neighbour reports the household owns a shop");
  v1::Proposal filed, other;
  // Since machine version 4 only a citizen objects (route CITIZEN_OBJECTION); no RPC
  // files one yet, so the objection goes in through the creation the RPCs share.
  const workflow::Actor citizen{"citizen-1", workflow::Role::kCitizen, kDesaA};
  workflow::Payload photo;
  photo.document_hashes = {std::string(64, 'e')};
  photo.attributes = {{"latitude", "-6.9147"}, {"longitude", "107.6098"}};
  absl::StatusOr<services::NewProposal> prepared =
      services::PrepareCreation(citizen, objection, clock_.Now(), household_key_,
                                workflow::Route::kCitizenObjection, photo);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  ASSERT_TRUE(db_->InTransaction([&](storage::Tx& tx) {
                   return services::InsertCreation(tx, *prepared, "objection-1", &filed);
                 }).ok());
  EXPECT_EQ(filed.state(), v1::PROPOSAL_STATE_OBJECTION_FILED);
  EXPECT_EQ(filed.route(), v1::PROPOSAL_ROUTE_CITIZEN_OBJECTION);
  EXPECT_EQ(StateOf(filed.proposal_id()), v1::PROPOSAL_STATE_OBJECTION_FILED);
  ASSERT_TRUE(proposals_->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 2), &other).ok());

  clock_.Set(WibMidnight(2026, 11, 14));
  auto run = jobs::RunCycleJob(*db_, clock_, workflow::CyclePolicy{});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->lapsed, 0);

  clock_.Set(WibMidnight(2026, 11, 16));
  run = jobs::RunCycleJob(*db_, clock_, workflow::CyclePolicy{});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->lapsed, 1);
  EXPECT_EQ(StateOf(filed.proposal_id()), v1::PROPOSAL_STATE_WITHDRAWN);
  EXPECT_EQ(History(filed.proposal_id()).back().event(), "lapse");
  EXPECT_EQ(StateOf(other.proposal_id()), v1::PROPOSAL_STATE_DRAFT);
}

TEST_F(LifecycleE2eTest, BatchesAreSealedOnlyOverApprovedProposalsOfTheKabupaten) {
  std::vector<std::string> review = ToDistrictReview(1, 1);
  v1::CreateBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_kabupaten_code(kKabupaten);
  request.add_proposal_ids(review[0]);
  v1::Batch out;
  grpc::Status status = review_->CreateBatch(Context(DinsosToken()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("proposal_ids[0] is in state DISTRICT_REVIEW"));

  Approve(review);
  v1::Batch first = CreateBatch(review);
  request.set_request_id(NextRequestId());
  status = review_->CreateBatch(Context(DinsosToken()).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(CountRows("batches"), 1);

  request.set_request_id(NextRequestId());
  status = review_->CreateBatch(Context(DinsosToken("3202")).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  (void)first;
}

}  // namespace
}  // namespace usulan::testing
