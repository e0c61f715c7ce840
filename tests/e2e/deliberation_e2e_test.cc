// DeliberationService (Musdes / Muskel) through the real server and PostgreSQL.
#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

constexpr char kMinutes[] = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";

class DeliberationE2eTest : public E2eTest {
 protected:
  v1::Deliberation Open(const std::string& desa = kDesaA,
                        v1::DeliberationKind kind = v1::DELIBERATION_KIND_MUSDES) {
    v1::OpenDeliberationRequest request;
    request.set_request_id(NextRequestId());
    request.set_kind(kind);
    request.set_desa_code(desa);
    request.set_meeting_date("2026-11-20");
    v1::Deliberation out;
    grpc::Status status = deliberations_->OpenDeliberation(Context(HeadToken(desa)).get(), request, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Add(const v1::Deliberation& d, const std::vector<std::string>& ids,
                   v1::Deliberation* out, const std::string& desa = kDesaA) {
    v1::AddToAgendaRequest request;
    request.set_request_id(NextRequestId());
    request.set_deliberation_id(d.deliberation_id());
    for (const auto& id : ids) request.add_proposal_ids(id);
    return deliberations_->AddToAgenda(Context(HeadToken(desa)).get(), request, out);
  }

  grpc::Status Record(const std::string& deliberation_id, const std::string& proposal_id,
                      v1::AgendaOutcome outcome, const std::string& reason,
                      const std::string& desa = kDesaA) {
    v1::RecordOutcomeRequest request;
    request.set_request_id(NextRequestId());
    request.set_deliberation_id(deliberation_id);
    request.set_proposal_id(proposal_id);
    request.set_outcome(outcome);
    request.set_reason(reason);
    v1::Deliberation out;
    return deliberations_->RecordOutcome(Context(HeadToken(desa)).get(), request, &out);
  }

  grpc::Status Close(const std::string& deliberation_id, v1::Deliberation* out, int attendance = 42,
                     int quorum = 30, const std::string& token = "") {
    v1::CloseDeliberationRequest request;
    request.set_request_id(NextRequestId());
    request.set_deliberation_id(deliberation_id);
    request.set_attendance(attendance);
    request.set_quorum(quorum);
    request.set_minutes_sha256(kMinutes);
    return deliberations_->CloseDeliberation(Context(token.empty() ? HeadToken() : token).get(),
                                             request, out);
  }

  v1::ProposalState StateOf(const std::string& id) {
    v1::GetProposalRequest get;
    get.set_proposal_id(id);
    v1::Proposal out;
    EXPECT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), get, &out).ok());
    return out.state();
  }
};

TEST_F(DeliberationE2eTest, ClosingAppliesEveryOutcomeWithEvidence) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 1), b = CreateAndSubmit(kDesaA, 2),
               c = CreateAndSubmit(kDesaA, 3);
  v1::Deliberation d = Open();
  v1::Deliberation after;
  ASSERT_TRUE(Add(d, {a.proposal_id(), b.proposal_id(), c.proposal_id()}, &after).ok());
  EXPECT_EQ(after.agenda_size(), 3);
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  ASSERT_TRUE(Record(d.deliberation_id(), b.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  ASSERT_TRUE(Record(d.deliberation_id(), c.proposal_id(), v1::AGENDA_OUTCOME_REJECTED,
                     "memiliki usaha toko kelontong dan mobil").ok());
  v1::Deliberation closed;
  grpc::Status status = Close(d.deliberation_id(), &closed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(closed.status(), v1::DELIBERATION_STATUS_CLOSED);
  EXPECT_EQ(closed.minutes_sha256(), kMinutes);
  EXPECT_EQ(StateOf(a.proposal_id()), v1::PROPOSAL_STATE_AGREED);
  EXPECT_EQ(StateOf(b.proposal_id()), v1::PROPOSAL_STATE_AGREED);
  EXPECT_EQ(StateOf(c.proposal_id()), v1::PROPOSAL_STATE_REJECTED_IN_DELIBERATION);

  v1::GetHistoryRequest request;
  request.set_proposal_id(c.proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), request, &history).ok());
  const v1::Transition& last = history.transitions(history.transitions_size() - 1);
  EXPECT_EQ(last.event(), "deliberate");
  EXPECT_EQ(last.role(), "village_head");
  EXPECT_EQ(last.region_code(), kDesaA);
  EXPECT_EQ(last.reason(), "memiliki usaha toko kelontong dan mobil");
  ASSERT_EQ(last.evidence_hashes_size(), 1);
  EXPECT_EQ(last.evidence_hashes(0), kMinutes);
  EXPECT_EQ(last.attributes().at("deliberation_id"), d.deliberation_id());
}

TEST_F(DeliberationE2eTest, OneRefusedItemRollsBackTheWholeMeeting) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 10), b = CreateAndSubmit(kDesaA, 11);
  v1::Deliberation d = Open();
  v1::Deliberation after;
  ASSERT_TRUE(Add(d, {a.proposal_id(), b.proposal_id()}, &after).ok());
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  ASSERT_TRUE(Record(d.deliberation_id(), b.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  // b moves on behind the meeting's back (as a row edited by another writer would):
  // the meeting can no longer decide it, and so must decide nothing.
  database_->ExecAsSuperuser("UPDATE proposals SET state = 'AGREED' WHERE id = '" +
                             b.proposal_id() + "'");

  int64_t transitions = CountRows("transitions");
  v1::Deliberation closed;
  grpc::Status status = Close(d.deliberation_id(), &closed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr(b.proposal_id()));
  EXPECT_THAT(status.error_message(), HasSubstr("AGREED"));
  EXPECT_EQ(StateOf(a.proposal_id()), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(CountRows("transitions"), transitions);
  v1::GetDeliberationRequest get;
  get.set_deliberation_id(d.deliberation_id());
  v1::Deliberation still;
  ASSERT_TRUE(deliberations_->GetDeliberation(Context(HeadToken()).get(), get, &still).ok());
  EXPECT_EQ(still.status(), v1::DELIBERATION_STATUS_OPEN);
}

TEST_F(DeliberationE2eTest, AProposalOnAnOpenAgendaCannotBeWithdrawn) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 12);
  v1::Deliberation d = Open(), after;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(a.proposal_id());
  withdraw.set_reason("keluarga pindah");
  v1::Proposal out;
  grpc::Status status =
      proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr(d.deliberation_id()));
  // Once the meeting has decided, the item is no longer held by it.
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  v1::Deliberation closed;
  ASSERT_TRUE(Close(d.deliberation_id(), &closed).ok());
  withdraw.set_request_id(NextRequestId());
  EXPECT_TRUE(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &out).ok());
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_WITHDRAWN);
}

TEST_F(DeliberationE2eTest, QuorumMustBeReached) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 20);
  v1::Deliberation d = Open(), after;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  v1::Deliberation closed;
  grpc::Status status = Close(d.deliberation_id(), &closed, 10, 30);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("quorum"));
  EXPECT_EQ(StateOf(a.proposal_id()), v1::PROPOSAL_STATE_PRELIST);
}

TEST_F(DeliberationE2eTest, UndecidedItemsBlockClosing) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 21);
  v1::Deliberation d = Open(), after, closed;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  EXPECT_EQ(Close(d.deliberation_id(), &closed).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DeliberationE2eTest, RejectionNeedsAReason) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 22);
  v1::Deliberation d = Open(), after;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  grpc::Status status =
      Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_REJECTED, "");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("reason"));
}

TEST_F(DeliberationE2eTest, OnlyPrelistProposalsOfTheDesaGoOnTheAgenda) {
  v1::Proposal draft;
  ASSERT_TRUE(proposals_->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 30), &draft).ok());
  v1::Proposal other = CreateAndSubmit(kDesaB, 31);
  v1::Deliberation d = Open(), after;
  grpc::Status status = Add(d, {draft.proposal_id()}, &after);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("proposal_ids[0]"));
  // Another desa's proposal is outside the village head's scope.
  status = Add(d, {other.proposal_id()}, &after);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DeliberationE2eTest, AProposalSitsOnOneOpenAgendaAtATime) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 40);
  v1::Deliberation first = Open(), second = Open(), after;
  ASSERT_TRUE(Add(first, {a.proposal_id()}, &after).ok());
  grpc::Status status = Add(second, {a.proposal_id()}, &after);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("proposal_ids[0]"));
}

TEST_F(DeliberationE2eTest, MuskelIsForKelurahanAndMusdesForDesa) {
  v1::OpenDeliberationRequest request;
  request.set_request_id(NextRequestId());
  request.set_kind(v1::DELIBERATION_KIND_MUSDES);
  request.set_desa_code(kKelurahan);
  request.set_meeting_date("2026-11-20");
  v1::Deliberation out;
  grpc::Status status =
      deliberations_->OpenDeliberation(Context(HeadToken(kKelurahan)).get(), request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("kind"));
  request.set_kind(v1::DELIBERATION_KIND_MUSKEL);
  EXPECT_TRUE(deliberations_->OpenDeliberation(Context(HeadToken(kKelurahan)).get(), request, &out).ok());
}

TEST_F(DeliberationE2eTest, OnlyTheVillageHeadOfTheDesaRunsTheMeeting) {
  v1::OpenDeliberationRequest request;
  request.set_request_id(NextRequestId());
  request.set_kind(v1::DELIBERATION_KIND_MUSDES);
  request.set_desa_code(kDesaA);
  request.set_meeting_date("2026-11-20");
  v1::Deliberation out;
  EXPECT_EQ(deliberations_->OpenDeliberation(Context(OperatorToken()).get(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(deliberations_->OpenDeliberation(Context(HeadToken(kDesaB)).get(), request, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::Proposal a = CreateAndSubmit(kDesaA, 50);
  v1::Deliberation d = Open(), after, closed;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  EXPECT_EQ(Close(d.deliberation_id(), &closed, 42, 30, HeadToken(kDesaB)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Close(d.deliberation_id(), &closed, 42, 30, Token(Role::kDistrictOfficer, kKabupaten))
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DeliberationE2eTest, ClosedMeetingCannotChangeAndRepeatedCloseIsIdempotent) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 60);
  v1::Deliberation d = Open(), after;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  v1::CloseDeliberationRequest close;
  close.set_request_id("close-once");
  close.set_deliberation_id(d.deliberation_id());
  close.set_attendance(35);
  close.set_quorum(30);
  close.set_minutes_sha256(kMinutes);
  v1::Deliberation first, second;
  ASSERT_TRUE(deliberations_->CloseDeliberation(Context(HeadToken()).get(), close, &first).ok());
  int64_t transitions = CountRows("transitions");
  ASSERT_TRUE(deliberations_->CloseDeliberation(Context(HeadToken()).get(), close, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(CountRows("transitions"), transitions);
  grpc::Status status =
      Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_REJECTED, "ubah");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DeliberationE2eTest, BadMinutesHashIsInvalid) {
  v1::Proposal a = CreateAndSubmit(kDesaA, 70);
  v1::Deliberation d = Open(), after;
  ASSERT_TRUE(Add(d, {a.proposal_id()}, &after).ok());
  ASSERT_TRUE(Record(d.deliberation_id(), a.proposal_id(), v1::AGENDA_OUTCOME_AGREED, "").ok());
  v1::CloseDeliberationRequest close;
  close.set_request_id(NextRequestId());
  close.set_deliberation_id(d.deliberation_id());
  close.set_attendance(35);
  close.set_quorum(30);
  close.set_minutes_sha256("abc");
  v1::Deliberation out;
  grpc::Status status = deliberations_->CloseDeliberation(Context(HeadToken()).get(), close, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("minutes_sha256"));
  EXPECT_EQ(StateOf(a.proposal_id()), v1::PROPOSAL_STATE_PRELIST);
}

TEST_F(DeliberationE2eTest, ListShowsMeetingsOfTheRegion) {
  Open(kDesaA);
  Open(kDesaB);
  v1::ListDeliberationsRequest request;
  v1::ListDeliberationsResponse out;
  ASSERT_TRUE(deliberations_->ListDeliberations(Context(Token(Role::kDistrictOfficer, kKabupaten)).get(), request, &out).ok());
  EXPECT_EQ(out.deliberations_size(), 2);
  ASSERT_TRUE(deliberations_->ListDeliberations(Context(HeadToken(kDesaA)).get(), request, &out).ok());
  EXPECT_EQ(out.deliberations_size(), 1);
}

}  // namespace
}  // namespace usulan::testing
