// Issue 3's acceptance criterion, through the real server and PostgreSQL: every
// transition of DESIGN.md section 3 is reached through the gRPC API by the role
// that owns it, and refused with PERMISSION_DENIED, changing nothing, for every
// other role (each with a region of its own level that covers the item) and for
// the owning role from a region of its level that does not cover the item.
//
// One test per transition, so that ctest runs them side by side: the lifecycle
// driver brings fresh items to the source state, every refused caller tries first
// on one prepared item (a refusal changes nothing, so one item serves them all),
// the owner's call comes last and its audit record must name the owning role.
// System transitions without an RPC of their own are shown done by the system
// where the service performs them: nik_checked inside SubmitProposal and
// CorrectProposal, open_review and miss_cutoff by the cycle job (lapse, also the
// cycle job's, is covered by lifecycle_e2e_test.cc).
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "jobs/cycle_job.h"
#include "tests/e2e/refusal_matrix.h"
#include "base/string_view_compat.h"

namespace usulan::testing {
namespace {

using workflow::Role;

constexpr char kDecree[] = "Kepmensos 12/HUK/2026";

storage::TimePoint WibMidnight(int year, unsigned month, unsigned day) {
  const std::chrono::sys_days d{std::chrono::year{year} / month / day};
  return storage::TimePoint{std::chrono::duration_cast<std::chrono::microseconds>(
      d.time_since_epoch() - std::chrono::hours(7))};
}

class TransitionMatrixTest : public RefusalMatrixTest {
 protected:
  // A new DRAFT of desa A whose members are (when `registered`) in the registry.
  v1::Proposal Draft(int seed, bool registered = true) {
    v1::Proposal out;
    grpc::Status status = proposals_->CreateProposal(Context(OperatorToken()).get(),
                                                     NewProposal(kDesaA, seed, registered), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // A Musdes of desa A with the outcomes of `agreed` and `rejected` recorded,
  // still open (the driver's Deliberate also closes it).
  v1::Deliberation ReadyToClose(const std::string& agreed, const std::string& rejected) {
    v1::OpenDeliberationRequest open;
    open.set_request_id(NextRequestId());
    open.set_kind(v1::DELIBERATION_KIND_MUSDES);
    open.set_desa_code(kDesaA);
    open.set_meeting_date(MeetingDate());
    v1::Deliberation d;
    grpc::Status status = deliberations_->OpenDeliberation(Context(HeadToken()).get(), open, &d);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::AddToAgendaRequest add;
    add.set_request_id(NextRequestId());
    add.set_deliberation_id(d.deliberation_id());
    add.add_proposal_ids(agreed);
    add.add_proposal_ids(rejected);
    status = deliberations_->AddToAgenda(Context(HeadToken()).get(), add, &d);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const auto& [id, outcome] : {std::pair{agreed, v1::AGENDA_OUTCOME_AGREED},
                                      std::pair{rejected, v1::AGENDA_OUTCOME_REJECTED}}) {
      v1::RecordOutcomeRequest record;
      record.set_request_id(NextRequestId());
      record.set_deliberation_id(d.deliberation_id());
      record.set_proposal_id(id);
      record.set_outcome(outcome);
      if (outcome == v1::AGENDA_OUTCOME_REJECTED) {
        record.set_reason("not poor by the village's own assessment");
      }
      status = deliberations_->RecordOutcome(Context(HeadToken()).get(), record, &d);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return d;
  }

  // A proposal of desa A in RETURNED: returned by Dinsos from the district review.
  std::string Returned(int seed) {
    std::vector<std::string> ids = ToDistrictReview(seed, 1);
    EXPECT_TRUE(ReturnProposal(ids[0], DinsosToken()).ok());
    EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_RETURNED);
    return ids[0];
  }

  // ReturnProposal of a proposal in `state` (brought there by the caller): refused
  // for everyone but `owner` in its home region, then done by `owner`.
  void ExpectReturnOnlyBy(Role owner, const std::string& id, v1::ProposalState state) {
    ASSERT_EQ(StateOf(id), state);
    ExpectRefused(
        RefusedCallers({owner}),
        [&](const std::string& token) { return ReturnProposal(id, token); },
        [&] { return Proposals({id}); });
    grpc::Status status = ReturnProposal(id, TokenFor({owner, HomeRegion(owner), ""}));
    ASSERT_TRUE(status.ok()) << status.error_message();
    ExpectMoved(id, v1::PROPOSAL_STATE_RETURNED, {{"return", owner}});
  }
};

// ---- ProposalService: the village operator's steps ----------------------------

TEST_F(TransitionMatrixTest, UpdateDraftIsTheVillageOperatorsOnly) {
  const v1::Proposal draft = Draft(1);
  auto update = [&](const std::string& token) {
    v1::UpdateDraftRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(draft.proposal_id());
    *request.mutable_household() = draft.household();
    request.mutable_household()->mutable_socio_economic()->set_monthly_income_idr(750000);
    v1::Proposal out;
    return proposals_->UpdateDraft(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kVillageOperator}), update,
                [&] { return Proposals({draft.proposal_id()}); });

  grpc::Status status = update(OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(draft.proposal_id(), v1::PROPOSAL_STATE_DRAFT,
              {{"update_draft", Role::kVillageOperator}});
  EXPECT_EQ(Get(draft.proposal_id()).version(), draft.version() + 1);
}

TEST_F(TransitionMatrixTest, SubmitIsTheVillageOperatorsAndTheNikCheckTheSystems) {
  const std::string matching = Draft(1).proposal_id();
  const std::string unknown = Draft(2, /*registered=*/false).proposal_id();
  auto submit = [&](const std::string& id, const std::string& token) {
    v1::SubmitProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    v1::Proposal out;
    return proposals_->SubmitProposal(Context(token).get(), request, &out);
  };
  ExpectRefused(
      RefusedCallers({Role::kVillageOperator}),
      [&](const std::string& token) { return submit(matching, token); },
      [&] { return Proposals({matching}); });

  grpc::Status status = submit(matching, OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = submit(unknown, OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(matching, v1::PROPOSAL_STATE_PRELIST,
              {{"submit", Role::kVillageOperator}, {"nik_checked", Role::kSystem}});
  ExpectMoved(unknown, v1::PROPOSAL_STATE_NIK_MISMATCH,
              {{"submit", Role::kVillageOperator}, {"nik_checked", Role::kSystem}});
}

TEST_F(TransitionMatrixTest, CorrectIsTheVillageOperatorsAndTheNikCheckTheSystems) {
  const std::string id = CreateAndSubmit(kDesaA, 1, /*registered=*/false).proposal_id();
  ASSERT_EQ(StateOf(id), v1::PROPOSAL_STATE_NIK_MISMATCH);
  const v1::Household corrected = NewProposal(kDesaA, 2).household();  // registered
  auto correct = [&](const std::string& token) {
    v1::CorrectProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    *request.mutable_household() = corrected;
    request.set_reason("NIKs copied again from the family card");
    v1::Proposal out;
    return proposals_->CorrectProposal(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kVillageOperator}), correct, [&] { return Proposals({id}); });

  grpc::Status status = correct(OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(id, v1::PROPOSAL_STATE_PRELIST,
              {{"correct", Role::kVillageOperator}, {"nik_checked", Role::kSystem}});
}

TEST_F(TransitionMatrixTest, ReworkIsTheVillageOperatorsOnly) {
  const std::string id = Returned(1);
  const v1::Household household = Get(id).household();
  auto rework = [&](const std::string& token) {
    v1::CorrectProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    *request.mutable_household() = household;
    request.mutable_household()->mutable_socio_economic()->set_monthly_income_idr(900000);
    request.set_reason("income corrected after a second interview");
    v1::Proposal out;
    return proposals_->CorrectProposal(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kVillageOperator}), rework, [&] { return Proposals({id}); });

  grpc::Status status = rework(OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(id, v1::PROPOSAL_STATE_PRELIST, {{"rework", Role::kVillageOperator}});
}

TEST_F(TransitionMatrixTest, WithdrawIsTheVillageOperatorsOnly) {
  const std::string id = Prelisted(kDesaA, 1, 1)[0];
  auto withdraw = [&](const std::string& token) {
    v1::WithdrawProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason("the household moved to another province");
    v1::Proposal out;
    return proposals_->WithdrawProposal(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kVillageOperator}), withdraw,
                [&] { return Proposals({id}); });

  grpc::Status status = withdraw(OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(id, v1::PROPOSAL_STATE_WITHDRAWN, {{"withdraw", Role::kVillageOperator}});
}

// An item on an open agenda is the meeting's to decide, so not even its village
// operator may withdraw it then (FAILED_PRECONDITION). Everyone else must still be
// refused for who they are, before the service tells them anything about the
// proposal's meeting.
TEST_F(TransitionMatrixTest, WithdrawFromAnOpenAgendaIsRefusedForRoleAndRegionFirst) {
  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 2);
  const v1::Deliberation musdes = ReadyToClose(ids[0], ids[1]);
  auto withdraw = [&](const std::string& token) {
    v1::WithdrawProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(ids[0]);
    request.set_reason("the household moved to another province");
    v1::Proposal out;
    return proposals_->WithdrawProposal(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kVillageOperator}), withdraw, [&] { return Proposals(ids); });

  grpc::Status status = withdraw(OperatorToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr(musdes.deliberation_id()));
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_PRELIST);
}

// ---- DeliberationService: the Musdes closes ------------------------------------

TEST_F(TransitionMatrixTest, DeliberateIsTheVillageHeadsOnly) {
  const std::vector<std::string> ids = Prelisted(kDesaA, 1, 2);
  const v1::Deliberation musdes = ReadyToClose(ids[0], ids[1]);
  auto close = [&](const std::string& token) {
    v1::CloseDeliberationRequest request;
    request.set_request_id(NextRequestId());
    request.set_deliberation_id(musdes.deliberation_id());
    request.set_attendance(40);
    request.set_quorum(30);
    request.set_minutes_sha256(kDocHash);
    v1::Deliberation out;
    return deliberations_->CloseDeliberation(Context(token).get(), request, &out);
  };
  auto view = [&] {
    v1::GetDeliberationRequest request;
    request.set_deliberation_id(musdes.deliberation_id());
    v1::Deliberation d;
    grpc::Status status = deliberations_->GetDeliberation(Context(HeadToken()).get(), request, &d);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return base::Concat(v1::DeliberationStatus_Name(d.status()), " v", d.version(), "\n",
                            Proposals(ids));
  };
  ExpectRefused(RefusedCallers({Role::kVillageHead}), close, view);

  grpc::Status status = close(HeadToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_AGREED, {{"deliberate", Role::kVillageHead}});
  ExpectMoved(ids[1], v1::PROPOSAL_STATE_REJECTED_IN_DELIBERATION,
              {{"deliberate", Role::kVillageHead}});
}

// ---- VerificationService ---------------------------------------------------------

TEST_F(TransitionMatrixTest, AssignVerifierIsTheVillageOperatorsOrDinsos) {
  const std::vector<std::string> ids = ToAgreed(1, 2);
  ExpectRefused(
      RefusedCallers({Role::kVillageOperator, Role::kDistrictOfficer}),
      [&](const std::string& token) { return AssignVerifierAs({ids[0]}, token); },
      [&] { return Proposals(ids); });

  grpc::Status status = AssignVerifierAs({ids[0]}, OperatorToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = AssignVerifierAs({ids[1]}, DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_IN_VERIFICATION,
              {{"assign_verifier", Role::kVillageOperator}});
  ExpectMoved(ids[1], v1::PROPOSAL_STATE_IN_VERIFICATION,
              {{"assign_verifier", Role::kDistrictOfficer}});
}

TEST_F(TransitionMatrixTest, RecordVisitIsTheAssignedVerifiersOnly) {
  const std::vector<std::string> ids = ToAgreed(1, 2);
  AssignVerifier(ids);
  // Every refused caller carries the assigned verifier's own user id: the role and
  // the region are what refuse them, not the name.
  std::vector<Caller> refused = RefusedCallers({Role::kVerifier}, kVerifier);
  // A verifier of the right region who is not the one assigned.
  refused.push_back({Role::kVerifier, kKabupaten, "verifier.other"});
  refused.push_back({Role::kVerifier, kDesaA, "verifier.other"});
  ExpectRefused(
      refused,
      [&](const std::string& token) {
        return RecordVisit(ids[0], v1::VISIT_OUTCOME_COMPLETED, true, token);
      },
      [&] { return Proposals(ids); });

  grpc::Status status = RecordVisit(ids[0], v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = RecordVisit(ids[1], v1::VISIT_OUTCOME_COMPLETED, false, VerifierToken(),
                       "permanent house, two motorbikes");
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_VERIFIED, {{"record_visit", Role::kVerifier}});
  ExpectMoved(ids[1], v1::PROPOSAL_STATE_NOT_ELIGIBLE, {{"record_visit", Role::kVerifier}});
}

TEST_F(TransitionMatrixTest, FinalizeVillageIsTheVillageHeadsOnly) {
  const std::vector<std::string> ids = ToVerified(1, 1);
  auto finalize_in = [&](const std::string& desa, const std::string& token) {
    v1::FinalizeVillageRequest request;
    request.set_request_id(NextRequestId());
    request.set_desa_code(desa);
    request.add_proposal_ids(ids[0]);
    request.set_minutes_sha256(kDocHash);
    request.set_name_list_sha256(kDocHash);
    v1::ProposalsChanged out;
    return verification_->FinalizeVillage(Context(token).get(), request, &out);
  };
  auto finalize = [&](const std::string& token) { return finalize_in(kDesaA, token); };
  ExpectRefused(RefusedCallers({Role::kVillageHead}), finalize, [&] { return Proposals(ids); });
  // The head of desa B naming its own desa instead: refused too. The service
  // answers INVALID_ARGUMENT (the proposal belongs to another desa than
  // desa_code) rather than PERMISSION_DENIED; either refuses without a change.
  const std::string before = Proposals(ids);
  grpc::Status foreign = finalize_in(kDesaB, HeadToken(kDesaB));
  EXPECT_THAT(foreign.error_code(), ::testing::AnyOf(grpc::StatusCode::PERMISSION_DENIED,
                                                     grpc::StatusCode::INVALID_ARGUMENT))
      << foreign.error_message();
  EXPECT_EQ(Proposals(ids), before);

  grpc::Status status = finalize(HeadToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_VILLAGE_FINAL, {{"finalize_village", Role::kVillageHead}});
}

// ---- ReviewService: the district review -----------------------------------------

// The table gives open_review to Dinsos and to the system; the system's own path
// is the cycle job at the cut-off, but a system token is an owner through the API
// as well.
TEST_F(TransitionMatrixTest, OpenReviewIsDinsosOrTheSystemAtTheCutoff) {
  const workflow::CyclePolicy policy{20};
  clock_.Set(WibMidnight(2026, 11, 10));
  const std::vector<std::string> ids = ToVerified(1, 3);
  FinalizeVillage(kDesaA, ids);
  ExpectRefused(
      RefusedCallers({Role::kDistrictOfficer, Role::kSystem}),
      [&](const std::string& token) { return OpenReviewOf(ids[0], token); },
      [&] { return Proposals(ids); });

  grpc::Status status = OpenReviewOf(ids[0], DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = OpenReviewOf(ids[1], Token(Role::kSystem, ""));
  ASSERT_TRUE(status.ok()) << status.error_message();
  clock_.Set(WibMidnight(2026, 11, 25));  // after the cut-off (end of the 20th, WIB)
  auto run = jobs::RunCycleJob(*db_, clock_, policy);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->opened_for_review, 1);
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_DISTRICT_REVIEW,
              {{"open_review", Role::kDistrictOfficer}});
  ExpectMoved(ids[1], v1::PROPOSAL_STATE_DISTRICT_REVIEW, {{"open_review", Role::kSystem}});
  ExpectMoved(ids[2], v1::PROPOSAL_STATE_DISTRICT_REVIEW, {{"open_review", Role::kSystem}});
  EXPECT_EQ(History(ids[2]).back().actor_id(), "system:cycle-job");
}

// miss_cutoff has no RPC: only the cycle job (the system) defers. A deferred
// proposal is reopened by Dinsos through the API or by the job next cycle.
TEST_F(TransitionMatrixTest, MissCutoffIsTheSystemsAndDeferredReopensByDinsosOrTheSystem) {
  const workflow::CyclePolicy policy{20};
  clock_.Set(WibMidnight(2026, 11, 25));
  const std::vector<std::string> ids = ToVerified(1, 2);
  FinalizeVillage(kDesaA, ids);  // released after this cycle's cut-off
  auto run = jobs::RunCycleJob(*db_, clock_, policy);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->deferred, 2);
  for (const auto& id : ids) {
    ExpectMoved(id, v1::PROPOSAL_STATE_DEFERRED, {{"miss_cutoff", Role::kSystem}});
  }

  ExpectRefused(
      RefusedCallers({Role::kDistrictOfficer, Role::kSystem}),
      [&](const std::string& token) { return OpenReviewOf(ids[0], token); },
      [&] { return Proposals(ids); });
  grpc::Status status = OpenReviewOf(ids[0], DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_DISTRICT_REVIEW,
              {{"open_review", Role::kDistrictOfficer}});

  clock_.Set(WibMidnight(2026, 12, 1));  // the cycle it was deferred to begins
  run = jobs::RunCycleJob(*db_, clock_, policy);
  ASSERT_TRUE(run.ok()) << run.status();
  EXPECT_EQ(run->opened_for_review, 1);
  ExpectMoved(ids[1], v1::PROPOSAL_STATE_DISTRICT_REVIEW, {{"open_review", Role::kSystem}});
}

TEST_F(TransitionMatrixTest, ApproveIsDinsosOnly) {
  const std::vector<std::string> ids = ToDistrictReview(1, 1);
  auto approve = [&](const std::string& token) {
    v1::ApproveProposalsRequest request;
    request.set_request_id(NextRequestId());
    request.add_proposal_ids(ids[0]);
    v1::ProposalsChanged out;
    return review_->ApproveProposals(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kDistrictOfficer}), approve, [&] { return Proposals(ids); });

  grpc::Status status = approve(DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_DISTRICT_APPROVED, {{"approve", Role::kDistrictOfficer}});
}

TEST_F(TransitionMatrixTest, ReturnInDistrictReviewIsDinsosOnly) {
  const std::vector<std::string> ids = ToDistrictReview(1, 1);
  ExpectReturnOnlyBy(Role::kDistrictOfficer, ids[0], v1::PROPOSAL_STATE_DISTRICT_REVIEW);
}

TEST_F(TransitionMatrixTest, ReturnInProvinceReviewIsTheProvincesOnly) {
  const v1::Batch batch = Submit(Ratify(CreateBatch(ToDistrictApproved(1, 2))));
  ExpectReturnOnlyBy(Role::kProvinceOfficer, batch.members(0).proposal_id(),
                     v1::PROPOSAL_STATE_PROVINCE_REVIEW);
  EXPECT_FALSE(GetBatch(batch.batch_id()).members(0).open());
}

TEST_F(TransitionMatrixTest, ReturnInCentralReviewIsPusdatinsOnly) {
  const v1::Batch batch = ToCentralReview(1, 2);
  ExpectReturnOnlyBy(Role::kCentralReviewer, batch.members(0).proposal_id(),
                     v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  EXPECT_FALSE(GetBatch(batch.batch_id()).members(0).open());
}

// ---- ReviewService: the district batch climbs -----------------------------------

TEST_F(TransitionMatrixTest, RatifyIsTheRegentsOnly) {
  const v1::Batch batch = CreateBatch(ToDistrictApproved(1, 2));
  auto ratify = [&](const std::string& token) {
    v1::RatifyBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    request.set_letter_number("400/123/Dinsos/2026");
    request.set_letter_sha256(kDocHash);
    v1::Batch out;
    return review_->RatifyBatch(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kRegent}), ratify,
                [&] { return BatchView(batch.batch_id()); });

  grpc::Status status = ratify(RegentToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(GetBatch(batch.batch_id()).status(), v1::BATCH_STATUS_RATIFIED);
  for (const auto& id : MemberIds(batch)) {
    ExpectMoved(id, v1::PROPOSAL_STATE_RATIFIED, {{"ratify", Role::kRegent}});
  }
}

TEST_F(TransitionMatrixTest, SubmitToProvinceIsDinsosOnly) {
  const v1::Batch batch = Ratify(CreateBatch(ToDistrictApproved(1, 2)));
  auto submit = [&](const std::string& token) {
    v1::SubmitBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    v1::Batch out;
    return review_->SubmitBatch(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kDistrictOfficer}), submit,
                [&] { return BatchView(batch.batch_id()); });

  grpc::Status status = submit(DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(GetBatch(batch.batch_id()).status(), v1::BATCH_STATUS_SUBMITTED);
  for (const auto& id : MemberIds(batch)) {
    ExpectMoved(id, v1::PROPOSAL_STATE_PROVINCE_REVIEW,
                {{"submit_to_province", Role::kDistrictOfficer}});
  }
}

TEST_F(TransitionMatrixTest, ForwardIsTheProvincesOnly) {
  const v1::Batch batch = Submit(Ratify(CreateBatch(ToDistrictApproved(1, 2))));
  auto forward = [&](const std::string& token) {
    v1::ForwardBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    v1::Batch out;
    return review_->ForwardBatch(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kProvinceOfficer}), forward,
                [&] { return BatchView(batch.batch_id()); });

  grpc::Status status = forward(ProvinceToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(GetBatch(batch.batch_id()).status(), v1::BATCH_STATUS_FORWARDED);
  for (const auto& id : MemberIds(batch)) {
    ExpectMoved(id, v1::PROPOSAL_STATE_CENTRAL_REVIEW, {{"forward", Role::kProvinceOfficer}});
  }
}

TEST_F(TransitionMatrixTest, ReturnBatchIsTheProvincesOnly) {
  const v1::Batch batch = Submit(Ratify(CreateBatch(ToDistrictApproved(1, 2))));
  auto give_back = [&](const std::string& token) {
    v1::ReturnBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    request.set_reason("endorsement letter unsigned");
    v1::Batch out;
    return review_->ReturnBatch(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kProvinceOfficer}), give_back,
                [&] { return BatchView(batch.batch_id()); });

  grpc::Status status = give_back(ProvinceToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(GetBatch(batch.batch_id()).status(), v1::BATCH_STATUS_RETURNED);
  for (const auto& id : MemberIds(batch)) {
    ExpectMoved(id, v1::PROPOSAL_STATE_RETURNED, {{"return", Role::kProvinceOfficer}});
  }
}

// ---- DecisionService --------------------------------------------------------------

TEST_F(TransitionMatrixTest, DecideIsPusdatinsOnly) {
  const v1::Batch batch = ToCentralReview(1, 3);
  const std::vector<std::string> ids = MemberIds(batch);
  auto decide = [&](const std::string& token) {
    v1::DecideBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    request.set_decree_number(kDecree);
    v1::DecisionException* reject = request.add_exceptions();
    reject->set_proposal_id(ids[1]);
    reject->set_action(v1::EXCEPTION_ACTION_REJECT);
    reject->set_reason_code("INELIGIBLE_OCCUPATION");
    reject->set_reason("head of household is a civil servant (ASN)");
    v1::DecisionException* give_back = request.add_exceptions();
    give_back->set_proposal_id(ids[2]);
    give_back->set_action(v1::EXCEPTION_ACTION_RETURN_TO_DISTRICT);
    give_back->set_reason("photo of the house belongs to another household");
    v1::BatchDecision out;
    return decisions_->DecideBatch(Context(token).get(), request, &out);
  };
  ExpectRefused(RefusedCallers({Role::kCentralReviewer}), decide,
                [&] { return BatchView(batch.batch_id()); });
  EXPECT_EQ(CountRows("batch_decisions"), 0);

  grpc::Status status = decide(PusdatinToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(GetBatch(batch.batch_id()).status(), v1::BATCH_STATUS_DECIDED);
  ExpectMoved(ids[0], v1::PROPOSAL_STATE_ACCEPTED, {{"decide", Role::kCentralReviewer}});
  ExpectMoved(ids[1], v1::PROPOSAL_STATE_REJECTED, {{"decide", Role::kCentralReviewer}});
  ExpectMoved(ids[2], v1::PROPOSAL_STATE_RETURNED, {{"return", Role::kCentralReviewer}});
}

}  // namespace
}  // namespace usulan::testing
