// ProposalService through the real gRPC server on a real PostgreSQL.
#include "tests/e2e/e2e_fixture.h"
#include "tests/support/register_seed.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;

class ProposalE2eTest : public E2eTest {
 protected:
  grpc::Status Create(const v1::CreateProposalRequest& request, v1::Proposal* out,
                      const std::string& desa = kDesaA) {
    return proposals_->CreateProposal(Context(OperatorToken(desa)).get(), request, out);
  }

  // Expects `request` to be refused with `code` and a message containing `field`,
  // and nothing to be written.
  void ExpectRefused(const v1::CreateProposalRequest& request, grpc::StatusCode code,
                     const std::string& field) {
    int64_t proposals = CountRows("proposals"), members = CountRows("members");
    int64_t transitions = CountRows("transitions"), claims = CountRows("idempotency");
    v1::Proposal out;
    grpc::Status status = Create(request, &out);
    EXPECT_EQ(status.error_code(), code) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(field));
    EXPECT_EQ(CountRows("proposals"), proposals);
    EXPECT_EQ(CountRows("members"), members);
    EXPECT_EQ(CountRows("transitions"), transitions);
    EXPECT_EQ(CountRows("idempotency"), claims);
  }
};

TEST_F(ProposalE2eTest, CreateStoresDraftWithCreationAudit) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 1), &created).ok());
  EXPECT_EQ(created.state(), v1::PROPOSAL_STATE_DRAFT);
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.machine_version(), workflow::kMachineVersion);
  EXPECT_EQ(created.household().members_size(), 3);

  v1::GetProposalRequest get;
  get.set_proposal_id(created.proposal_id());
  v1::Proposal fetched;
  ASSERT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), get, &fetched).ok());
  EXPECT_EQ(fetched.household().kk_number(), created.household().kk_number());
  EXPECT_EQ(fetched.household().members(1).nik(), created.household().members(1).nik());

  v1::GetHistoryRequest history_request;
  history_request.set_proposal_id(created.proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), history_request, &history).ok());
  ASSERT_EQ(history.transitions_size(), 1);
  EXPECT_EQ(history.transitions(0).event(), "create");
  EXPECT_EQ(history.transitions(0).to_state(), v1::PROPOSAL_STATE_DRAFT);
  EXPECT_EQ(history.transitions(0).role(), "village_operator");
  EXPECT_EQ(history.transitions(0).region_code(), kDesaA);
}

// GetProposal tells each caller what they may do now, and nothing the server would
// refuse for their role or region.
TEST_F(ProposalE2eTest, GetProposalOffersTheCallersAllowedEvents) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 31), &created).ok());
  auto allowed_for = [&](const std::string& token) {
    v1::GetProposalRequest get;
    get.set_proposal_id(created.proposal_id());
    v1::Proposal fetched;
    EXPECT_TRUE(proposals_->GetProposal(Context(token).get(), get, &fetched).ok());
    return std::vector<std::string>(fetched.allowed_events().begin(),
                                    fetched.allowed_events().end());
  };
  EXPECT_THAT(allowed_for(OperatorToken()),
              ::testing::ElementsAre("update_draft", "submit", "withdraw"));
  EXPECT_THAT(allowed_for(HeadToken()), ::testing::IsEmpty());
  EXPECT_THAT(allowed_for(Token(workflow::Role::kAuditor, "")), ::testing::IsEmpty());
}

TEST_F(ProposalE2eTest, SubmitWithRegisteredNiksReachesPrelist) {
  v1::Proposal submitted = CreateAndSubmit(kDesaA, 2);
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(submitted.version(), 3);

  v1::GetHistoryRequest request;
  request.set_proposal_id(submitted.proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), request, &history).ok());
  ASSERT_EQ(history.transitions_size(), 3);
  EXPECT_EQ(history.transitions(1).event(), "submit");
  EXPECT_EQ(history.transitions(2).event(), "nik_checked");
  EXPECT_EQ(history.transitions(2).role(), "system");
  EXPECT_EQ(history.transitions(2).to_state(), v1::PROPOSAL_STATE_PRELIST);
}

TEST_F(ProposalE2eTest, UnregisteredNikLandsInMismatchAndCorrectionFixesIt) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 3);
  // The third member is unknown to the civil registry.
  request.mutable_household()->mutable_members(2)->set_nik(
      MakeNik(kKecamatan, "2010-01-01", false, 9999));
  v1::Proposal created;
  ASSERT_TRUE(Create(request, &created).ok());
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(created.proposal_id());
  v1::Proposal submitted;
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
  ASSERT_EQ(submitted.nik_mismatch_members_size(), 1);
  EXPECT_EQ(submitted.nik_mismatch_members(0), 3);

  v1::GetHistoryRequest history_request;
  history_request.set_proposal_id(created.proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), history_request, &history).ok());
  const v1::Transition& check = history.transitions(history.transitions_size() - 1);
  EXPECT_THAT(check.reason(), HasSubstr("3 (NOT_FOUND)"));
  EXPECT_THAT(check.reason(), ::testing::Not(HasSubstr(request.household().members(2).nik())));

  v1::CorrectProposalRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_proposal_id(created.proposal_id());
  correct.set_reason("NIK anak salah ketik, disesuaikan dengan KK");
  *correct.mutable_household() = MakeHousehold(kDesaA, 3);  // the registered data
  v1::Proposal corrected;
  ASSERT_TRUE(
      proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &corrected).ok());
  EXPECT_EQ(corrected.state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_TRUE(corrected.nik_mismatch_members().empty());
}

TEST_F(ProposalE2eTest, DeceasedMemberIsAMismatch) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 4);
  auto rows = RegistryRowsFor(request.household());
  rows[1].status = "DECEASED";
  ASSERT_TRUE(db_->InTransaction([&](storage::Tx& tx) { return tx.registry().UpsertRegistryPeople(rows); })
                  .ok());
  v1::Proposal created;
  ASSERT_TRUE(Create(request, &created).ok());
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(created.proposal_id());
  v1::Proposal submitted;
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
  EXPECT_EQ(submitted.nik_mismatch_members(0), 2);
}

TEST_F(ProposalE2eTest, BadNikIsRefusedNamingTheField) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 5);
  request.mutable_household()->mutable_members(1)->set_nik("123456789012345");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "household.members[1].nik");
}

TEST_F(ProposalE2eTest, NonDigitNikIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 6);
  request.mutable_household()->mutable_members(0)->set_nik("32010115038A0060");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "household.members[0].nik");
}

TEST_F(ProposalE2eTest, BadKkIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 7);
  request.mutable_household()->set_kk_number("12345");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "household.kk_number");
}

TEST_F(ProposalE2eTest, DesaCodeOfWrongLengthIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 8);
  request.mutable_region()->set_desa_code("320101200");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "region.desa_code");
}

TEST_F(ProposalE2eTest, DesaNotUnderItsKecamatanIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 9);
  request.mutable_region()->set_kecamatan_code("320102");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "region.desa_code");
}

TEST_F(ProposalE2eTest, HouseholdWithoutHeadIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 10);
  request.mutable_household()->mutable_members(0)->set_relationship(v1::RELATIONSHIP_OTHER_RELATIVE);
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "household.members");
}

TEST_F(ProposalE2eTest, DuplicateNikWithinHouseholdIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 11);
  v1::Member* copy = request.mutable_household()->add_members();
  *copy = request.household().members(2);
  copy->set_name("Anak kembar");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "household.members[3].nik");
}

TEST_F(ProposalE2eTest, NikInAnotherOpenProposalIsAlreadyExists) {
  v1::Proposal first;
  v1::CreateProposalRequest request = NewProposal(kDesaA, 12);
  ASSERT_TRUE(Create(request, &first).ok());
  request.set_request_id(NextRequestId());
  request.mutable_household()->set_kk_number(MakeHousehold(kDesaA, 13).kk_number());
  ExpectRefused(request, grpc::StatusCode::ALREADY_EXISTS, "household.members[0].nik");
}

TEST_F(ProposalE2eTest, WithdrawnProposalReleasesItsNiks) {
  v1::Proposal first;
  v1::CreateProposalRequest request = NewProposal(kDesaA, 14);
  ASSERT_TRUE(Create(request, &first).ok());
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(first.proposal_id());
  withdraw.set_reason("keluarga pindah ke luar desa");
  v1::Proposal withdrawn;
  ASSERT_TRUE(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &withdrawn).ok());
  EXPECT_EQ(withdrawn.state(), v1::PROPOSAL_STATE_WITHDRAWN);
  request.set_request_id(NextRequestId());
  v1::Proposal second;
  EXPECT_TRUE(Create(request, &second).ok());
}

TEST_F(ProposalE2eTest, KindSpecificFieldsAreRequired) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 15);
  request.set_kind(v1::PROPOSAL_KIND_DEACTIVATION);
  request.set_reason("meninggal dunia");
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "deactivation_reason");
  request.set_deactivation_reason(v1::DEACTIVATION_REASON_DECEASED);
  request.clear_reason();
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "reason");
  request.set_kind(v1::PROPOSAL_KIND_UNSPECIFIED);
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "kind");
  request.set_kind(v1::PROPOSAL_KIND_NEW);
  request.clear_request_id();
  request.set_deactivation_reason(v1::DEACTIVATION_REASON_UNSPECIFIED);
  ExpectRefused(request, grpc::StatusCode::INVALID_ARGUMENT, "request_id");
}

TEST_F(ProposalE2eTest, EveryKindCanBeCreated) {
  struct Case {
    v1::ProposalKind kind;
    v1::DeactivationReason deactivation;
  };
  // Every kind but NEW names a register entry (docs/register.md): an ACTIVE one,
  // and an INACTIVE one for the reactivation.
  const std::string active = SeedRegisterEntry(*database_, kDesaA, "ACTIVE", 1);
  const std::string inactive = SeedRegisterEntry(*database_, kDesaA, "INACTIVE", 2);
  int seed = 40;
  for (Case c : {Case{v1::PROPOSAL_KIND_CORRECTION, v1::DEACTIVATION_REASON_UNSPECIFIED},
                 Case{v1::PROPOSAL_KIND_DEACTIVATION, v1::DEACTIVATION_REASON_INELIGIBLE_OCCUPATION},
                 Case{v1::PROPOSAL_KIND_REACTIVATION, v1::DEACTIVATION_REASON_UNSPECIFIED}}) {
    v1::CreateProposalRequest request = NewProposal(kDesaA, ++seed);
    request.set_kind(c.kind);
    request.set_deactivation_reason(c.deactivation);
    request.set_reason("alasan tertulis");
    request.set_register_entry_id(c.kind == v1::PROPOSAL_KIND_REACTIVATION ? inactive : active);
    v1::Proposal created;
    grpc::Status status = Create(request, &created);
    EXPECT_TRUE(status.ok()) << v1::ProposalKind_Name(c.kind) << ": " << status.error_message();
    EXPECT_EQ(created.kind(), c.kind);
  }
}

// Since machine version 4 an objection is a citizen's (route CITIZEN_OBJECTION): the
// village route does not take the kind.
TEST_F(ProposalE2eTest, TheVillageRouteTakesNoObjection) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 49);
  request.set_kind(v1::PROPOSAL_KIND_OBJECTION);
  request.set_reason("alasan tertulis");
  // An entry named, so the field check (register_entry_id required) passes and the
  // route's rule answers; the machine refuses before any entry is read.
  request.set_register_entry_id("0b6f3c1e-6a57-4d0e-9c61-3f0c4a2f7e11");
  v1::Proposal created;
  grpc::Status status = Create(request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "route VILLAGE does not take kind OBJECTION");
}

TEST_F(ProposalE2eTest, CreatedProposalsCarryTheirRoute) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 48), &created).ok());
  EXPECT_EQ(created.route(), v1::PROPOSAL_ROUTE_VILLAGE);
  EXPECT_EQ(created.machine_version(), 4);
}

// A citizen's token covers their desa; the offices' reads must still not show them
// their neighbours' households.
TEST_F(ProposalE2eTest, CitizensDoNotCallTheOfficeServices) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 47), &created).ok());
  const std::string citizen = Token(workflow::Role::kCitizen, kDesaA, "citizen-1");
  v1::GetProposalRequest get;
  get.set_proposal_id(created.proposal_id());
  v1::Proposal fetched;
  grpc::Status status = proposals_->GetProposal(Context(citizen).get(), get, &fetched);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_FALSE(fetched.has_household());
  v1::ListProposalsRequest list;
  v1::ListProposalsResponse page;
  status = proposals_->ListProposals(Context(citizen).get(), list, &page);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(page.proposals_size(), 0);
}

TEST_F(ProposalE2eTest, EventNotAllowedInStateIsFailedPrecondition) {
  v1::Proposal submitted = CreateAndSubmit(kDesaA, 16);
  ASSERT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);
  int64_t transitions = CountRows("transitions");
  v1::SubmitProposalRequest again;
  again.set_request_id(NextRequestId());
  again.set_proposal_id(submitted.proposal_id());
  v1::Proposal out;
  grpc::Status status = proposals_->SubmitProposal(Context(OperatorToken()).get(), again, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("submit"));
  EXPECT_THAT(status.error_message(), HasSubstr("PRELIST"));
  EXPECT_EQ(CountRows("transitions"), transitions);
}

TEST_F(ProposalE2eTest, StaleExpectedVersionIsAborted) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 17), &created).ok());
  v1::UpdateDraftRequest update;
  update.set_request_id(NextRequestId());
  update.set_proposal_id(created.proposal_id());
  update.set_expected_version(1);
  *update.mutable_household() = created.household();
  update.mutable_household()->set_address("Dusun 3 RT 004 RW 001");
  v1::Proposal updated;
  ASSERT_TRUE(proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &updated).ok());
  EXPECT_EQ(updated.version(), 2);
  EXPECT_EQ(updated.household().address(), "Dusun 3 RT 004 RW 001");

  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(created.proposal_id());
  submit.set_expected_version(1);
  v1::Proposal out;
  grpc::Status status = proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("expected_version"));
}

TEST_F(ProposalE2eTest, RepeatedRequestIdReturnsFirstAnswerAndWritesNothing) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 18);
  v1::Proposal first, second;
  ASSERT_TRUE(Create(request, &first).ok());
  int64_t proposals = CountRows("proposals"), transitions = CountRows("transitions");
  ASSERT_TRUE(Create(request, &second).ok());
  EXPECT_EQ(second.proposal_id(), first.proposal_id());
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(CountRows("proposals"), proposals);
  EXPECT_EQ(CountRows("transitions"), transitions);

  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(first.proposal_id());
  v1::Proposal submitted, replayed;
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  transitions = CountRows("transitions");
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), submitted.SerializeAsString());
  EXPECT_EQ(CountRows("transitions"), transitions);
}

TEST_F(ProposalE2eTest, RequestIdReusedForAnotherRequestIsRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 19);
  v1::Proposal first, second;
  ASSERT_TRUE(Create(request, &first).ok());
  v1::CreateProposalRequest other = NewProposal(kDesaA, 20);
  other.set_request_id(request.request_id());
  grpc::Status status = Create(other, &second);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("request_id"));
}

TEST_F(ProposalE2eTest, ConcurrentSubmitsOfOneProposalMoveItOnce) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 21), &created).ok());
  constexpr int kClients = 6;
  std::vector<grpc::Status> results(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      v1::SubmitProposalRequest submit;
      submit.set_request_id("race-" + std::to_string(i));
      submit.set_proposal_id(created.proposal_id());
      submit.set_expected_version(1);
      v1::Proposal out;
      results[i] = proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &out);
    });
  }
  for (auto& thread : threads) thread.join();
  int ok = 0;
  for (const auto& status : results) {
    if (status.ok()) {
      ++ok;
    } else {
      // The losers find the proposal submitted: the state refuses them before
      // their (also stale) expected_version would (services/change_order.h).
      EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
          << status.error_message();
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(std::stoll(database_->QueryValueAsSuperuser(
                "SELECT count(*) FROM transitions WHERE event = 'submit'")),
            1);
}

TEST_F(ProposalE2eTest, RequestIdsArePerCaller) {
  v1::CreateProposalRequest mine = NewProposal(kDesaA, 60), theirs = NewProposal(kDesaB, 61);
  mine.set_request_id("batch-2026-11:1");
  theirs.set_request_id("batch-2026-11:1");
  v1::Proposal a, b;
  ASSERT_TRUE(Create(mine, &a, kDesaA).ok());
  ASSERT_TRUE(Create(theirs, &b, kDesaB).ok());
  EXPECT_NE(a.proposal_id(), b.proposal_id());
  EXPECT_EQ(b.region().desa_code(), kDesaB);
}

TEST_F(ProposalE2eTest, EveryEntryTransitionCarriesTheHouseholdDigest) {
  v1::Proposal submitted = CreateAndSubmit(kDesaA, 62);
  v1::GetHistoryRequest request;
  request.set_proposal_id(submitted.proposal_id());
  v1::GetHistoryResponse history;
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), request, &history).ok());
  ASSERT_EQ(history.transitions_size(), 3);
  const std::string digest = history.transitions(0).evidence_hashes(0);
  EXPECT_EQ(digest.size(), 64u);
  for (const v1::Transition& t : history.transitions()) {
    ASSERT_EQ(t.evidence_hashes_size(), 1) << t.event();
    EXPECT_EQ(t.evidence_hashes(0), digest) << t.event();
    EXPECT_FALSE(t.actor_id().empty());
    EXPECT_FALSE(t.role().empty());
  }
  EXPECT_EQ(history.transitions(2).reason(), "civil registry confirmed all 3 members");

  // Different data, different digest.
  v1::Proposal other = CreateAndSubmit(kDesaA, 63);
  request.set_proposal_id(other.proposal_id());
  ASSERT_TRUE(audit_->GetHistory(Context(OperatorToken()).get(), request, &history).ok());
  EXPECT_NE(history.transitions(0).evidence_hashes(0), digest);
}

TEST_F(ProposalE2eTest, InvalidDraftUpdateChangesNothing) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 64), &created).ok());
  v1::UpdateDraftRequest update;
  update.set_request_id(NextRequestId());
  update.set_proposal_id(created.proposal_id());
  *update.mutable_household() = created.household();
  update.mutable_household()->mutable_members(0)->set_relationship(v1::RELATIONSHIP_CHILD);
  int64_t transitions = CountRows("transitions");
  v1::Proposal out;
  grpc::Status status = proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("household.members"));
  EXPECT_EQ(CountRows("transitions"), transitions);

  update.set_expected_version(0);
  status = proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("expected_version"));
}

TEST_F(ProposalE2eTest, BlankReasonIsNoReason) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 65), &created).ok());
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(created.proposal_id());
  withdraw.set_reason("   ");
  v1::Proposal out;
  grpc::Status status = proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("reason"));
}

TEST_F(ProposalE2eTest, RepeatedWithdrawalReplaysTheFirstAnswer) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 66), &created).ok());
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(created.proposal_id());
  withdraw.set_reason("data ganda");
  v1::Proposal first, second;
  ASSERT_TRUE(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &first).ok());
  int64_t transitions = CountRows("transitions");
  ASSERT_TRUE(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &second).ok());
  EXPECT_EQ(first.SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(CountRows("transitions"), transitions);
}

}  // namespace
}  // namespace usulan::testing
