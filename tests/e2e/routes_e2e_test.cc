// The routes into the register through the real server (docs/lifecycle.md, "Routes
// into the register"): a district proposal up the whole ladder, a PBI-JK
// reactivation and a central deceased deactivation decided one by one, citizens'
// proposals taken up or declined by the village, a citizen's objection verified by
// the district; and the refusals of the RPCs these routes brought (TakeUpProposal,
// DeclineProposal, ConfirmCentralChange, DecideProposal).
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/proposal_creation.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/register_seed.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

constexpr char kCitizen[] = "citizen.account.7";

class RoutesE2eTest : public LifecycleTest {
 protected:
  std::string CitizenToken(const std::string& desa = kDesaA) const {
    return Token(Role::kCitizen, desa, kCitizen);
  }

  grpc::Status Create(const v1::CreateProposalRequest& request, const std::string& token,
                      v1::Proposal* out) {
    return proposals_->CreateProposal(Context(token).get(), request, out);
  }

  // The register entry `id` and its history as Pusdatin reads them.
  v1::GetEntryResponse RegisterEntry(const std::string& id) {
    v1::GetEntryRequest request;
    request.set_entry_id(id);
    v1::GetEntryResponse out;
    grpc::Status status =
        v1::RegisterService::NewStub(channel_)->GetEntry(Context(PusdatinToken()).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Pusdatin accepts every member of `batch` under `decree`.
  void AcceptBatch(const v1::Batch& batch, const std::string& decree) {
    grpc::Status status = DecideBatch(batch, decree);
    ASSERT_TRUE(status.ok()) << status.error_message();
    for (const auto& member : batch.members()) {
      EXPECT_EQ(StateOf(member.proposal_id()), v1::PROPOSAL_STATE_ACCEPTED);
    }
  }

  // The register lists `id`'s household (its entry id is the NEW proposal's id),
  // ACTIVE since one LISTED change under `decree`.
  void ExpectListed(const std::string& id, const std::string& decree) {
    const v1::GetEntryResponse entry = RegisterEntry(id);
    EXPECT_EQ(entry.entry().status(), v1::ENTRY_STATUS_ACTIVE);
    EXPECT_EQ(entry.entry().listed_by(), id);
    EXPECT_EQ(entry.entry().listed_decree(), decree);
    ASSERT_EQ(entry.history_size(), 1);
    EXPECT_EQ(entry.history(0).change(), v1::REGISTER_CHANGE_LISTED);
    EXPECT_EQ(entry.history(0).proposal_id(), id);
  }

  grpc::Status SubmitAs(const std::string& id, const std::string& token, v1::Proposal* out) {
    v1::SubmitProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    return proposals_->SubmitProposal(Context(token).get(), request, out);
  }

  // A filing the citizens' own RPC would make, written as the service writes a
  // creation (PrepareCreation, InsertCreation) under a citizen of `desa`.
  v1::Proposal CitizenFiling(int seed, v1::ProposalKind kind = v1::PROPOSAL_KIND_NEW,
                             const std::string& desa = kDesaA) {
    v1::CreateProposalRequest request = NewProposal(desa, seed);
    request.set_kind(kind);
    workflow::Route route = workflow::Route::kCitizenProposal;
    workflow::Payload evidence;
    if (kind == v1::PROPOSAL_KIND_OBJECTION) {
      route = workflow::Route::kCitizenObjection;
      request.set_reason("rumah permanen, memiliki mobil");
      request.set_register_entry_id(SeededEntry("ACTIVE", desa));
      evidence.document_hashes = {kDocHash};
      evidence.attributes = {{"latitude", "-6.595"}, {"longitude", "106.816"}};
    }
    const workflow::Actor citizen{kCitizen, Role::kCitizen, desa};
    auto prepared = services::PrepareCreation(citizen, request, clock_.Now(), household_key_,
                                              route, evidence);
    EXPECT_TRUE(prepared.ok()) << prepared.status();
    v1::Proposal out;
    if (!prepared.ok()) return out;
    absl::Status inserted = db_->InTransaction([&](storage::Tx& tx) {
      return services::InsertCreation(tx, *prepared, "citizen-filing", &out);
    });
    EXPECT_TRUE(inserted.ok()) << inserted;
    return out;
  }

  grpc::Status TakeUp(const v1::TakeUpProposalRequest& request, const std::string& token,
                      v1::Proposal* out) {
    return proposals_->TakeUpProposal(Context(token).get(), request, out);
  }

  grpc::Status Decline(const v1::DeclineProposalRequest& request, const std::string& token,
                       v1::Proposal* out) {
    return proposals_->DeclineProposal(Context(token).get(), request, out);
  }

  grpc::Status Confirm(const v1::ConfirmCentralChangeRequest& request, const std::string& token,
                       v1::Proposal* out) {
    return review_->ConfirmCentralChange(Context(token).get(), request, out);
  }

  grpc::Status Decide(const v1::DecideProposalRequest& request, const std::string& token,
                      v1::Proposal* out) {
    return decisions_->DecideProposal(Context(token).get(), request, out);
  }

  // The events of the proposal's audit trail, in order.
  std::vector<std::string> Events(const std::string& id) {
    std::vector<std::string> events;
    const v1::GetHistoryResponse history = History(id, PusdatinToken());
    for (const v1::Transition& row : history.transitions()) {
      events.push_back(row.event());
    }
    return events;
  }

  // A central deactivation the district confirmed: in CENTRAL_REVIEW.
  v1::Proposal ConfirmedCentral(int seed) {
    v1::Proposal filed = Created(v1::PROPOSAL_ROUTE_CENTRAL, seed);
    v1::Proposal confirmed;
    grpc::Status status = Confirm(ConfirmRequest(filed.proposal_id(), true), DinsosToken(),
                                  &confirmed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return confirmed;
  }
};

// --- Every route's way through the server. ---

TEST_F(RoutesE2eTest, DistrictProposalClimbsFromItsVisitToPusdatin) {
  v1::Proposal draft = Created(v1::PROPOSAL_ROUTE_DISTRICT, 1);
  ASSERT_EQ(draft.state(), v1::PROPOSAL_STATE_DRAFT);
  EXPECT_EQ(draft.created_by(), kDinsosOfficer);
  const std::string id = draft.proposal_id();

  v1::UpdateDraftRequest update;
  update.set_request_id(NextRequestId());
  update.set_proposal_id(id);
  *update.mutable_household() = MakeHousehold(kDesaA, 1);
  v1::Proposal updated;
  grpc::Status status = proposals_->UpdateDraft(Context(DinsosToken()).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();

  v1::Proposal submitted;
  status = SubmitAs(id, DinsosToken(), &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The NIK check answers the district's next step: a field visit, no Musdes.
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_AWAITING_VISIT);

  status = AssignVerifierAs({id}, DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(StateOf(id), v1::PROPOSAL_STATE_IN_VERIFICATION);
  status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(StateOf(id), v1::PROPOSAL_STATE_VERIFIED);

  OpenReview({id});
  ASSERT_EQ(StateOf(id), v1::PROPOSAL_STATE_DISTRICT_REVIEW);
  Approve({id});
  v1::Batch batch = Forward(Submit(Ratify(CreateBatch({id}))));
  ASSERT_EQ(StateOf(id), v1::PROPOSAL_STATE_CENTRAL_REVIEW);

  // A district proposal climbed in a batch: Pusdatin decides the batch, not it alone.
  v1::Proposal single;
  status = Decide(AcceptRequest(id), PusdatinToken(), &single);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("route DISTRICT"));

  AcceptBatch(batch, "Kepmensos 7/HUK/2026");
  v1::Proposal accepted = Get(id);
  EXPECT_EQ(accepted.state(), v1::PROPOSAL_STATE_ACCEPTED);
  EXPECT_EQ(accepted.route(), v1::PROPOSAL_ROUTE_DISTRICT);
  EXPECT_THAT(Events(id),
              ::testing::ElementsAre("create", "update_draft", "submit", "nik_checked",
                                     "assign_verifier", "record_visit", "open_review", "approve",
                                     "ratify", "submit_to_province", "forward", "decide"));
  ExpectListed(id, "Kepmensos 7/HUK/2026");
}

TEST_F(RoutesE2eTest, DistrictCorrectsAMismatchAndMayWithdrawItsOwnProposal) {
  v1::Proposal draft = Created(v1::PROPOSAL_ROUTE_DISTRICT, 2, /*registered=*/false);
  v1::Proposal submitted;
  ASSERT_TRUE(SubmitAs(draft.proposal_id(), DinsosToken(), &submitted).ok());
  ASSERT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);

  const v1::Household household = MakeHousehold(kDesaA, 2);
  Register(household);
  v1::CorrectProposalRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_proposal_id(draft.proposal_id());
  *correct.mutable_household() = household;
  correct.set_reason("NIK anak salah ketik");
  v1::Proposal corrected;
  grpc::Status status =
      proposals_->CorrectProposal(Context(DinsosToken()).get(), correct, &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.state(), v1::PROPOSAL_STATE_AWAITING_VISIT);

  // The village has no hand in the district's own proposal.
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(draft.proposal_id());
  withdraw.set_reason("rumah tangga pindah ke luar kabupaten");
  v1::Proposal withdrawn;
  status = proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &withdrawn);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = proposals_->WithdrawProposal(Context(DinsosToken()).get(), withdraw, &withdrawn);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(withdrawn.state(), v1::PROPOSAL_STATE_WITHDRAWN);
}

TEST_F(RoutesE2eTest, PbiJkReactivationTakesTheShortPathToASingleDecision) {
  // The health facility's letter is the filing's evidence.
  v1::CreateProposalRequest without_letter = OnRoute(v1::PROPOSAL_ROUTE_PBI_JK, 3);
  without_letter.clear_document_hashes();
  v1::Proposal refused;
  grpc::Status status = Create(without_letter, DinsosToken(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("document_hashes"));
  v1::CreateProposalRequest bad_hash = OnRoute(v1::PROPOSAL_ROUTE_PBI_JK, 3);
  bad_hash.set_document_hashes(0, "not-a-hash");
  status = Create(bad_hash, DinsosToken(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("document_hashes[0]"));
  // A village operator files no PBI-JK reactivation.
  status = Create(OnRoute(v1::PROPOSAL_ROUTE_PBI_JK, 3), OperatorToken(), &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  v1::Proposal draft = Created(v1::PROPOSAL_ROUTE_PBI_JK, 3);
  ASSERT_EQ(draft.state(), v1::PROPOSAL_STATE_DRAFT);
  EXPECT_EQ(draft.kind(), v1::PROPOSAL_KIND_REACTIVATION);
  v1::Proposal submitted;
  ASSERT_TRUE(SubmitAs(draft.proposal_id(), DinsosToken(), &submitted).ok());
  ASSERT_EQ(submitted.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);

  v1::Proposal decided;
  status = Decide(AcceptRequest(draft.proposal_id()), PusdatinToken(), &decided);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(decided.state(), v1::PROPOSAL_STATE_ACCEPTED);
  const v1::GetHistoryResponse history = History(draft.proposal_id(), PusdatinToken());
  ASSERT_GE(history.transitions_size(), 1);
  const v1::Transition& last = history.transitions(history.transitions_size() - 1);
  EXPECT_EQ(last.event(), "decide");
  EXPECT_EQ(last.actor_id(), kPusdatinSubject);
  EXPECT_EQ(last.attributes().at("decree_number"), "Kepmensos 12/HUK/2026");
  EXPECT_THAT(Events(draft.proposal_id()),
              ::testing::ElementsAre("create", "submit", "nik_checked", "decide"));
  // The letter is in the creation record's evidence.
  EXPECT_THAT(history.transitions(0).evidence_hashes(), ::testing::Contains(kLetterSha));
  // The decision reactivated the entry and joined it to PBI-JK, under its decree.
  const v1::GetEntryResponse entry = RegisterEntry(decided.register_entry_id());
  EXPECT_EQ(entry.entry().status(), v1::ENTRY_STATUS_ACTIVE);
  EXPECT_THAT(entry.entry().programmes(), ::testing::Contains("PBI-JK"));
  // The reactivation's row covers the programme joined (encoding v2 hashes the
  // programmes after the change).
  ASSERT_GE(entry.history_size(), 1);
  const v1::RegisterHistoryRow& change = entry.history(entry.history_size() - 1);
  EXPECT_EQ(change.change(), v1::REGISTER_CHANGE_REACTIVATED);
  EXPECT_EQ(change.proposal_id(), draft.proposal_id());
  EXPECT_EQ(change.decree_number(), "Kepmensos 12/HUK/2026");
  EXPECT_EQ(change.encoding(), "usulan-register-v2");
  EXPECT_THAT(change.programmes_after(), ::testing::ElementsAre("PBI-JK"));
}

TEST_F(RoutesE2eTest, CentralDeathIsConfirmedByTheDistrictThenAccepted) {
  v1::Proposal filed = Created(v1::PROPOSAL_ROUTE_CENTRAL, 4);
  ASSERT_EQ(filed.state(), v1::PROPOSAL_STATE_AWAITING_CONFIRMATION);
  EXPECT_EQ(filed.kind(), v1::PROPOSAL_KIND_DEACTIVATION);

  // Pusdatin cannot decide before the district has confirmed.
  v1::Proposal out;
  grpc::Status status = Decide(AcceptRequest(filed.proposal_id()), PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("AWAITING_CONFIRMATION"));

  v1::Proposal confirmed;
  status = Confirm(ConfirmRequest(filed.proposal_id(), true), DinsosToken(), &confirmed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(confirmed.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);

  v1::Proposal accepted;
  status = Decide(AcceptRequest(filed.proposal_id()), PusdatinToken(), &accepted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(accepted.state(), v1::PROPOSAL_STATE_ACCEPTED);
  EXPECT_THAT(Events(filed.proposal_id()), ::testing::ElementsAre("create", "confirm", "decide"));
  // The death left the household's entry INACTIVE.
  const v1::GetEntryResponse entry = RegisterEntry(accepted.register_entry_id());
  EXPECT_EQ(entry.entry().status(), v1::ENTRY_STATUS_INACTIVE);
  ASSERT_GE(entry.history_size(), 1);
  EXPECT_EQ(entry.history(entry.history_size() - 1).change(), v1::REGISTER_CHANGE_DEACTIVATED);
}

TEST_F(RoutesE2eTest, CentralDeathTheDistrictDoesNotConfirmIsDeclined) {
  v1::Proposal filed = Created(v1::PROPOSAL_ROUTE_CENTRAL, 5);
  v1::ConfirmCentralChangeRequest request = ConfirmRequest(filed.proposal_id(), false);
  request.clear_reason();
  v1::Proposal out;
  grpc::Status status = Confirm(request, DinsosToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "reason is required");

  status = Confirm(ConfirmRequest(filed.proposal_id(), false), DinsosToken(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_DECLINED);
  const v1::GetHistoryResponse history = History(filed.proposal_id(), PusdatinToken());
  EXPECT_EQ(history.transitions(history.transitions_size() - 1).reason(),
            "rumah tangga berlanjut dengan kepala keluarga baru");
  // DECLINED is terminal: nothing decides it any more.
  status = Decide(AcceptRequest(filed.proposal_id()), PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RoutesE2eTest, CentralFilesOnlyDeathsAndOnlyPusdatinFilesThem) {
  v1::CreateProposalRequest moved = OnRoute(v1::PROPOSAL_ROUTE_CENTRAL, 6);
  moved.set_deactivation_reason(v1::DEACTIVATION_REASON_MOVED);
  v1::Proposal out;
  grpc::Status status = Create(moved, PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("deactivation_reason"));
  status = Create(OnRoute(v1::PROPOSAL_ROUTE_CENTRAL, 6), DinsosToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Citizens file through their own service.
  v1::CreateProposalRequest citizens = NewProposal(kDesaA, 6);
  citizens.set_route(v1::PROPOSAL_ROUTE_CITIZEN_PROPOSAL);
  status = Create(citizens, OperatorToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("route CITIZEN_PROPOSAL"));
  citizens.set_route(static_cast<v1::ProposalRoute>(99));
  status = Create(citizens, OperatorToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("route"));
  EXPECT_EQ(CountRows("proposals"), 0);
}

TEST_F(RoutesE2eTest, CitizensProposalTakenUpIsCheckedLikeASubmission) {
  v1::Proposal filed = CitizenFiling(7);
  ASSERT_EQ(filed.state(), v1::PROPOSAL_STATE_CITIZEN_PROPOSED);
  ASSERT_EQ(filed.route(), v1::PROPOSAL_ROUTE_CITIZEN_PROPOSAL);

  v1::Proposal taken;
  grpc::Status status =
      TakeUp(TakeUpRequest(filed.proposal_id(), MakeHousehold(kDesaA, 7)), OperatorToken(), &taken);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(taken.state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_THAT(Events(filed.proposal_id()),
              ::testing::ElementsAre("create", "take_up", "nik_checked"));
  // From PRELIST on it is the village's: the Musdes takes it, then the whole
  // ladder up to Pusdatin, whose acceptance lists the household.
  const std::string id = filed.proposal_id();
  Deliberate(kDesaA, {id});
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_AGREED);
  AssignVerifier({id});
  status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  FinalizeVillage(kDesaA, {id});
  OpenReview({id});
  Approve({id});
  AcceptBatch(Forward(Submit(Ratify(CreateBatch({id})))), "Kepmensos 8/HUK/2026");
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_ACCEPTED);
  ExpectListed(id, "Kepmensos 8/HUK/2026");
}

TEST_F(RoutesE2eTest, CitizensProposalWithAnUnknownNikLandsInMismatch) {
  v1::Proposal filed = CitizenFiling(8);
  const v1::Household unregistered = MakeHousehold(kDesaA, 108);  // not in the registry
  v1::Proposal taken;
  grpc::Status status =
      TakeUp(TakeUpRequest(filed.proposal_id(), unregistered), OperatorToken(), &taken);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(taken.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
}

TEST_F(RoutesE2eTest, CitizensProposalDeclinedSaysWhy) {
  v1::Proposal filed = CitizenFiling(9);
  v1::DeclineProposalRequest request = DeclineRequest(filed.proposal_id());
  request.clear_reason();
  v1::Proposal out;
  grpc::Status status = Decline(request, OperatorToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "reason is required");

  status = Decline(DeclineRequest(filed.proposal_id()), OperatorToken(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_DECLINED);
  const v1::GetHistoryResponse history = History(filed.proposal_id());
  EXPECT_EQ(history.transitions(history.transitions_size() - 1).reason(),
            "rumah tangga sudah terdaftar di DTKS");
  // Declined is final: it cannot be taken up afterwards.
  status = TakeUp(TakeUpRequest(filed.proposal_id(), MakeHousehold(kDesaA, 9)), OperatorToken(),
                  &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RoutesE2eTest, CitizensObjectionIsVerifiedByTheDistrict) {
  v1::Proposal filed = CitizenFiling(10, v1::PROPOSAL_KIND_OBJECTION);
  ASSERT_EQ(filed.state(), v1::PROPOSAL_STATE_OBJECTION_FILED);
  // The district, not the village, sends the verifier.
  EXPECT_EQ(AssignVerifierAs({filed.proposal_id()}, OperatorToken()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status status = AssignVerifierAs({filed.proposal_id()}, DinsosToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = RecordVisit(filed.proposal_id(), v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(StateOf(filed.proposal_id()), v1::PROPOSAL_STATE_VERIFIED);
  OpenReview({filed.proposal_id()});
  EXPECT_EQ(StateOf(filed.proposal_id()), v1::PROPOSAL_STATE_DISTRICT_REVIEW);
}

// --- The refusals of the new RPCs. ---

TEST_F(RoutesE2eTest, ConfirmIsTheDistrictsAlone) {
  const std::string id = Created(v1::PROPOSAL_ROUTE_CENTRAL, 11).proposal_id();
  v1::Proposal out;
  for (const std::string& token : {CitizenToken(), OperatorToken(), HeadToken(), PusdatinToken(),
                                   DinsosToken("3202"), VerifierToken()}) {
    grpc::Status status = Confirm(ConfirmRequest(id, true), token, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
  // The role before the fields: a refusal without its reason is still the
  // role's for an office that may never confirm (the district's own is below).
  v1::ConfirmCentralChangeRequest without_reason = ConfirmRequest(id, false);
  without_reason.clear_reason();
  grpc::Status no_reason = Confirm(without_reason, OperatorToken(), &out);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << no_reason.error_message();
  without_reason.set_request_id(NextRequestId());
  no_reason = Confirm(without_reason, DinsosToken(), &out);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << no_reason.error_message();
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_AWAITING_CONFIRMATION);
  // Confirming anything but a central change is refused by its state.
  v1::Proposal district = Created(v1::PROPOSAL_ROUTE_DISTRICT, 12);
  grpc::Status status = Confirm(ConfirmRequest(district.proposal_id(), true), DinsosToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(RoutesE2eTest, DecideProposalIsPusdatinsAndOnlyForRoutesWithoutABatch) {
  const v1::Batch batch = ToCentralReview(13, 1);
  const std::string village = batch.members(0).proposal_id();
  v1::Proposal out;
  grpc::Status status = Decide(AcceptRequest(village), PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("route VILLAGE"));
  EXPECT_EQ(StateOf(village), v1::PROPOSAL_STATE_CENTRAL_REVIEW);

  const std::string central = ConfirmedCentral(14).proposal_id();
  for (const std::string& token :
       {CitizenToken(), OperatorToken(), DinsosToken(), ProvinceToken(), RegentToken()}) {
    status = Decide(AcceptRequest(central), token, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
  // The decision's fields are checked at the edge, each named, after the role:
  // an office that may never decide is refused for its role whatever it sent.
  v1::DecideProposalRequest no_decree = AcceptRequest(central);
  no_decree.clear_decree_number();
  status = Decide(no_decree, ProvinceToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  status = Decide(no_decree, PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "decree_number is required");
  v1::DecideProposalRequest reject = AcceptRequest(central);
  reject.set_accept(false);
  reject.clear_decree_number();
  reject.set_reason_code("MAYBE");
  status = Decide(reject, PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "reason_code must be one of NOT_POOR, DUPLICATE, DECEASED, INELIGIBLE_OCCUPATION, "
            "INCOMPLETE_DATA, OUT_OF_QUOTA, OTHER when rejecting");
  reject.set_reason_code("DECEASED");
  status = Decide(reject, PusdatinToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "reason is required");
  reject.set_reason("data kematian tidak sesuai");
  status = Decide(reject, PusdatinToken(), &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_REJECTED);
}

TEST_F(RoutesE2eTest, TakeUpAndDeclineAreTheVillageOperatorsOfTheDesa) {
  const std::string id = CitizenFiling(15).proposal_id();
  v1::Proposal out;
  for (const std::string& token : {OperatorToken(kDesaB), CitizenToken(), HeadToken(),
                                   DinsosToken(), PusdatinToken()}) {
    grpc::Status status = TakeUp(TakeUpRequest(id, MakeHousehold(kDesaA, 15)), token, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
    status = Decline(DeclineRequest(id), token, &out);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  }
  EXPECT_EQ(StateOf(id), v1::PROPOSAL_STATE_CITIZEN_PROPOSED);
  // A village proposal is not a citizen's: nothing to take up.
  v1::Proposal village = CreateAndSubmit(kDesaA, 16);
  grpc::Status status =
      TakeUp(TakeUpRequest(village.proposal_id(), MakeHousehold(kDesaA, 16)), OperatorToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  // A household the rules refuse is named before the registry hears of it.
  v1::Household empty;
  status = TakeUp(TakeUpRequest(id, empty), OperatorToken(), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("household"));
}

TEST_F(RoutesE2eTest, StaleVersionsAreAbortedAndRepeatsAnswerTheFirstAnswer) {
  const std::string citizen = CitizenFiling(17).proposal_id();
  const std::string declined = CitizenFiling(18).proposal_id();
  const std::string central = Created(v1::PROPOSAL_ROUTE_CENTRAL, 19).proposal_id();
  const std::string pbi = Created(v1::PROPOSAL_ROUTE_PBI_JK, 20).proposal_id();
  v1::Proposal submitted;
  ASSERT_TRUE(SubmitAs(pbi, DinsosToken(), &submitted).ok());
  ASSERT_EQ(submitted.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);

  // Stale: version 1 was the creation's; each of these has moved on, or expects 9.
  v1::Proposal out;
  v1::TakeUpProposalRequest take_up = TakeUpRequest(citizen, MakeHousehold(kDesaA, 17));
  take_up.set_expected_version(9);
  EXPECT_EQ(TakeUp(take_up, OperatorToken(), &out).error_code(), grpc::StatusCode::ABORTED);
  v1::DeclineProposalRequest decline = DeclineRequest(declined);
  decline.set_expected_version(9);
  EXPECT_EQ(Decline(decline, OperatorToken(), &out).error_code(), grpc::StatusCode::ABORTED);
  v1::ConfirmCentralChangeRequest confirm = ConfirmRequest(central, true);
  confirm.set_expected_version(9);
  EXPECT_EQ(Confirm(confirm, DinsosToken(), &out).error_code(), grpc::StatusCode::ABORTED);
  v1::DecideProposalRequest decide = AcceptRequest(pbi);
  decide.set_expected_version(1);
  EXPECT_EQ(Decide(decide, PusdatinToken(), &out).error_code(), grpc::StatusCode::ABORTED);

  // Current versions pass; a repeat of each answers the first answer and moves nothing.
  auto twice = [&](auto call) {
    v1::Proposal first;
    v1::Proposal again;
    grpc::Status status = call(&first);
    ASSERT_TRUE(status.ok()) << status.error_message();
    status = call(&again);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(first.SerializeAsString(), again.SerializeAsString());
    EXPECT_EQ(Get(first.proposal_id()).version(), first.version());
  };
  take_up.set_expected_version(1);
  twice([&](v1::Proposal* o) { return TakeUp(take_up, OperatorToken(), o); });
  decline.set_expected_version(1);
  twice([&](v1::Proposal* o) { return Decline(decline, OperatorToken(), o); });
  confirm.set_expected_version(1);
  twice([&](v1::Proposal* o) { return Confirm(confirm, DinsosToken(), o); });
  decide.set_expected_version(submitted.version());
  twice([&](v1::Proposal* o) { return Decide(decide, PusdatinToken(), o); });
  EXPECT_EQ(StateOf(citizen), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(StateOf(declined), v1::PROPOSAL_STATE_DECLINED);
  EXPECT_EQ(StateOf(central), v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  EXPECT_EQ(StateOf(pbi), v1::PROPOSAL_STATE_ACCEPTED);
  // The same request id with another body is refused, not answered.
  decide.set_decree_number("Kepmensos 99/HUK/2026");
  EXPECT_EQ(Decide(decide, PusdatinToken(), &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RoutesE2eTest, CreationOnARouteIsIdempotent) {
  v1::CreateProposalRequest request = OnRoute(v1::PROPOSAL_ROUTE_DISTRICT, 21);
  v1::Proposal first;
  v1::Proposal again;
  ASSERT_TRUE(Create(request, DinsosToken(), &first).ok());
  ASSERT_TRUE(Create(request, DinsosToken(), &again).ok());
  EXPECT_EQ(first.proposal_id(), again.proposal_id());
  EXPECT_EQ(CountRows("proposals"), 1);
}

}  // namespace
}  // namespace usulan::testing
