// The register through the real server and PostgreSQL (docs/register.md): an
// accepted NEW proposal lists its household; an accepted DEACTIVATION and
// REACTIVATION change the entry, each with a history row chained to the last;
// a rejected decision changes nothing; proposals naming an entry are refused
// when the entry is unknown, another region's, or in the wrong status, and a
// second open deactivation is refused; the register reads keep to the caller's
// region; nobody is listed twice (a NEW or CORRECTION whose member is in another
// ACTIVE entry is refused, and a decision lists only the first of two).
#include <algorithm>

#include "audit/digest.h"
#include "audit/register_encoding.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/households.h"
#include "usulan/v1/register_service.grpc.pb.h"
#include "workflow/cycle.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

constexpr char kDecree[] = "Kepmensos 15/HUK/2026";

class RegisterE2eTest : public LifecycleTest {
 protected:
  void SetUp() override {
    LifecycleTest::SetUp();
    register_ = v1::RegisterService::NewStub(channel_);
  }

  grpc::Status Decide(const v1::Batch& batch, v1::BatchDecision* out,
                      const std::vector<std::string>& rejected = {}) {
    v1::DecideBatchRequest request;
    request.set_request_id(NextRequestId());
    request.set_batch_id(batch.batch_id());
    request.set_decree_number(kDecree);
    for (const std::string& id : rejected) {
      v1::DecisionException* e = request.add_exceptions();
      e->set_proposal_id(id);
      e->set_action(v1::EXCEPTION_ACTION_REJECT);
      e->set_reason_code("NOT_POOR");
      e->set_reason("household above the threshold");
    }
    return decisions_->DecideBatch(Context(PusdatinToken()).get(), request, out);
  }

  // NEW proposals of desa A (seeds from `first`) accepted, but for `rejected`
  // of them; answers their ids.
  std::vector<std::string> Listed(int first, int count, int rejected = 0) {
    v1::Batch batch = ToCentralReview(first, count);
    std::vector<std::string> ids;
    for (const auto& member : batch.members()) ids.push_back(member.proposal_id());
    std::sort(ids.begin(), ids.end());
    v1::BatchDecision decision;
    grpc::Status decided = Decide(
        batch, &decision, std::vector<std::string>(ids.end() - rejected, ids.end()));
    EXPECT_TRUE(decided.ok()) << decided.error_message();
    return ids;
  }

  // A proposal of `kind` about `entry` for the household of `seed` (already in
  // the civil registry), as desa `desa`'s operator files it.
  v1::CreateProposalRequest ChangeRequest(v1::ProposalKind kind, const std::string& entry,
                                          int seed, const std::string& desa = kDesaA) {
    v1::CreateProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_kind(kind);
    v1::RegionRef* region = request.mutable_region();
    region->set_province_code(desa.substr(0, 2));
    region->set_kabupaten_code(desa.substr(0, 4));
    region->set_kecamatan_code(desa.substr(0, 6));
    region->set_desa_code(desa);
    *request.mutable_household() = MakeHousehold(desa, seed);
    request.set_reason("the family moved to Kalimantan");
    if (kind == v1::PROPOSAL_KIND_DEACTIVATION) {
      request.set_deactivation_reason(v1::DEACTIVATION_REASON_MOVED);
    }
    request.set_register_entry_id(entry);
    return request;
  }

  grpc::Status Create(const v1::CreateProposalRequest& request, v1::Proposal* out,
                      const std::string& token = "") {
    return proposals_->CreateProposal(Context(token.empty() ? OperatorToken() : token).get(),
                                      request, out);
  }

  // Walks a created proposal of desa A through the village, the district and the
  // province to Pusdatin, and has it decided; answers the decision's status.
  grpc::Status Climb(const std::string& id, bool accept = true) {
    v1::SubmitProposalRequest submit;
    submit.set_request_id(NextRequestId());
    submit.set_proposal_id(id);
    v1::Proposal submitted;
    grpc::Status status =
        proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);
    Deliberate(kDesaA, {id});
    AssignVerifier({id});
    status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
    FinalizeVillage(kDesaA, {id});
    OpenReview({id});
    Approve({id});
    v1::Batch batch = Forward(Submit(Ratify(CreateBatch({id}))));
    v1::BatchDecision decision;
    return Decide(batch, &decision, accept ? std::vector<std::string>{}
                                           : std::vector<std::string>{id});
  }

  grpc::Status GetEntry(const std::string& id, v1::GetEntryResponse* out,
                        const std::string& token = "") {
    v1::GetEntryRequest request;
    request.set_entry_id(id);
    return register_->GetEntry(Context(token.empty() ? PusdatinToken() : token).get(), request,
                               out);
  }

  v1::GetEntryResponse Entry(const std::string& id) {
    v1::GetEntryResponse out;
    grpc::Status status = GetEntry(id, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Recomputes every history row's hash and link (audit/register_encoding.h).
  static bool ChainHolds(const v1::GetEntryResponse& entry) {
    std::string previous(audit::kZeroHash);
    for (const v1::RegisterHistoryRow& row : entry.history()) {
      audit::RegisterRowFields f;
      f.entry_id = entry.entry().entry_id();
      f.sequence = row.sequence();
      f.change = v1::RegisterChange_Name(row.change()).substr(std::string("REGISTER_CHANGE_").size());
      f.proposal_id = row.proposal_id();
      f.decree_number = row.decree_number();
      f.cycle = row.cycle();
      f.status_after = v1::EntryStatus_Name(row.status_after()).substr(std::string("ENTRY_STATUS_").size());
      if (row.desil_after() != 0) f.desil_after = row.desil_after();
      f.at_us = row.at().seconds() * 1'000'000 + row.at().nanos() / 1000;
      f.prev_hash = previous;
      f.encoding = row.encoding();
      f.desil_date_after = row.desil_date_after();
      f.programmes_after.assign(row.programmes_after().begin(), row.programmes_after().end());
      if (row.prev_hash() != previous || audit::RegisterRowHash(f) != row.hash()) return false;
      previous = row.hash();
    }
    return true;
  }

  std::unique_ptr<v1::RegisterService::Stub> register_;
};

TEST_F(RegisterE2eTest, DecisionsListDeactivateAndReactivateAHousehold) {
  // 1. Two NEW proposals decided: one accepted, one rejected.
  const std::vector<std::string> ids = Listed(1, 2, /*rejected=*/1);
  const std::string entry_id = ids[0];
  v1::GetEntryResponse entry = Entry(entry_id);
  EXPECT_EQ(entry.entry().status(), v1::ENTRY_STATUS_ACTIVE);
  EXPECT_EQ(entry.entry().listed_by(), entry_id);
  EXPECT_EQ(entry.entry().listed_decree(), kDecree);
  EXPECT_EQ(entry.entry().since_cycle(), workflow::CycleOf(clock_.Now()));
  EXPECT_EQ(entry.entry().household_proposal_id(), entry_id);
  EXPECT_EQ(entry.entry().region().desa_code(), kDesaA);
  ASSERT_EQ(entry.history_size(), 1);
  EXPECT_EQ(entry.history(0).change(), v1::REGISTER_CHANGE_LISTED);
  EXPECT_TRUE(ChainHolds(entry));
  // The rejected one is not in the register.
  v1::GetEntryResponse none;
  EXPECT_EQ(GetEntry(ids[1], &none).error_code(), grpc::StatusCode::NOT_FOUND);

  // 2. A deactivation names the entry; a second one while it is open is refused.
  v1::Proposal deactivation;
  const int seed = 1;  // the listed household's
  grpc::Status created =
      Create(ChangeRequest(v1::PROPOSAL_KIND_DEACTIVATION, entry_id, seed), &deactivation);
  ASSERT_TRUE(created.ok()) << created.error_message();
  EXPECT_EQ(deactivation.register_entry_id(), entry_id);
  EXPECT_EQ(Get(deactivation.proposal_id()).register_entry_id(), entry_id);
  v1::Proposal second;
  grpc::Status refused =
      Create(ChangeRequest(v1::PROPOSAL_KIND_DEACTIVATION, entry_id, seed), &second);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr(deactivation.proposal_id()));

  // 3. Rejected by Pusdatin, it changes nothing (and frees the entry for another).
  ASSERT_TRUE(Climb(deactivation.proposal_id(), /*accept=*/false).ok());
  EXPECT_EQ(StateOf(deactivation.proposal_id()), v1::PROPOSAL_STATE_REJECTED);
  EXPECT_EQ(Entry(entry_id).entry().status(), v1::ENTRY_STATUS_ACTIVE);
  EXPECT_EQ(Entry(entry_id).history_size(), 1);

  // 4. Accepted, it deactivates the entry: two rows, chained.
  ASSERT_TRUE(Create(ChangeRequest(v1::PROPOSAL_KIND_DEACTIVATION, entry_id, seed), &second).ok());
  ASSERT_TRUE(Climb(second.proposal_id()).ok());
  entry = Entry(entry_id);
  EXPECT_EQ(entry.entry().status(), v1::ENTRY_STATUS_INACTIVE);
  ASSERT_EQ(entry.history_size(), 2);
  EXPECT_EQ(entry.history(1).change(), v1::REGISTER_CHANGE_DEACTIVATED);
  EXPECT_EQ(entry.history(1).proposal_id(), second.proposal_id());
  EXPECT_EQ(entry.history(1).decree_number(), kDecree);
  EXPECT_EQ(entry.history(1).prev_hash(), entry.history(0).hash());
  EXPECT_TRUE(ChainHolds(entry));
  // Control: the check fails on a changed row.
  v1::GetEntryResponse tampered = entry;
  tampered.mutable_history(1)->set_decree_number("Kepmensos 99/HUK/2026");
  EXPECT_FALSE(ChainHolds(tampered));

  // 5. An inactive household cannot be deactivated again; it can be reactivated.
  v1::Proposal again;
  refused = Create(ChangeRequest(v1::PROPOSAL_KIND_DEACTIVATION, entry_id, seed), &again);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("INACTIVE"));
  v1::Proposal reactivation;
  ASSERT_TRUE(
      Create(ChangeRequest(v1::PROPOSAL_KIND_REACTIVATION, entry_id, seed), &reactivation).ok());
  ASSERT_TRUE(Climb(reactivation.proposal_id()).ok());
  entry = Entry(entry_id);
  EXPECT_EQ(entry.entry().status(), v1::ENTRY_STATUS_ACTIVE);
  ASSERT_EQ(entry.history_size(), 3);
  EXPECT_EQ(entry.history(2).change(), v1::REGISTER_CHANGE_REACTIVATED);
  EXPECT_EQ(entry.entry().version(), 3);
  EXPECT_TRUE(ChainHolds(entry));
}

TEST_F(RegisterE2eTest, ProposalsNamingAnEntryAreRefusedPrecisely) {
  const std::string entry_id = Listed(1, 1)[0];
  v1::Proposal out;
  const int seed = 1;

  // NEW names no entry; the other kinds must.
  v1::CreateProposalRequest request = NewProposal(kDesaA, 50);
  request.set_register_entry_id(entry_id);
  grpc::Status status = Create(request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("register_entry_id"));
  status = Create(ChangeRequest(v1::PROPOSAL_KIND_CORRECTION, "", seed), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("register_entry_id"));
  status = Create(ChangeRequest(v1::PROPOSAL_KIND_DEACTIVATION, "not-a-uuid", seed), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("register_entry_id"));

  // An unknown entry.
  status = Create(ChangeRequest(v1::PROPOSAL_KIND_DEACTIVATION,
                                "0b5e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21", seed),
                  &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  // Another desa's and another kabupaten's operator: refused before the status
  // (a REACTIVATION of an ACTIVE entry would be FAILED_PRECONDITION).
  for (const std::string& desa : {std::string(kDesaB), std::string(kOtherKabupatenDesa)}) {
    status = Create(ChangeRequest(v1::PROPOSAL_KIND_REACTIVATION, entry_id, seed, desa), &out,
                    OperatorToken(desa));
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << desa;
  }
  // The wrong status, for the entry's own operator.
  status = Create(ChangeRequest(v1::PROPOSAL_KIND_REACTIVATION, entry_id, seed), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("ACTIVE"));
  // Control: what the entry's status allows is accepted. (Objections are citizens'
  // since machine version 4, filed on their own route, not through CreateProposal.)
  status = Create(ChangeRequest(v1::PROPOSAL_KIND_CORRECTION, entry_id, seed), &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  // Nothing the refusals sent was stored: only the correction names the entry.
  EXPECT_EQ(CountRows("proposals WHERE register_entry_id IS NOT NULL"), 1);
}

TEST_F(RegisterE2eTest, ASecondNewForAListedPersonIsRefused) {
  const std::string entry_id = Listed(1, 1)[0];
  const v1::Household listed = MakeHousehold(kDesaA, 1);
  // The same household again, from its own desa: refused, naming the member and
  // the entry, never the NIK.
  v1::Proposal out;
  grpc::Status status = Create(NewProposal(kDesaA, 1), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("household.members[0].nik"));
  EXPECT_THAT(status.error_message(), HasSubstr(entry_id));
  // One of its members in a household of desa B, from desa B's operator: refused
  // without naming another region's entry.
  v1::CreateProposalRequest other = NewProposal(kDesaB, 60);
  *other.mutable_household()->mutable_members(1) = listed.members(1);
  status = Create(other, &out, OperatorToken(kDesaB));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("household.members[1].nik"));
  EXPECT_THAT(status.error_message(), HasSubstr("outside your region"));
  EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr(entry_id)));
  for (const auto& member : listed.members()) {
    EXPECT_THAT(status.error_message(), ::testing::Not(HasSubstr(member.nik())));
  }
  // A draft edited to hold a listed member is refused at submission.
  ASSERT_TRUE(Create(NewProposal(kDesaA, 61), &out).ok());
  v1::UpdateDraftRequest edit;
  edit.set_request_id(NextRequestId());
  edit.set_proposal_id(out.proposal_id());
  *edit.mutable_household() = MakeHousehold(kDesaA, 61);
  *edit.mutable_household()->mutable_members(0) = listed.members(0);
  v1::Proposal edited;
  status = proposals_->UpdateDraft(Context(OperatorToken()).get(), edit, &edited);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(out.proposal_id());
  v1::Proposal submitted;
  status = proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("household.members[0].nik"));
  EXPECT_EQ(StateOf(out.proposal_id()), v1::PROPOSAL_STATE_DRAFT);
  // Control: a household of other people is created and submitted as before.
  EXPECT_EQ(CreateAndSubmit(kDesaA, 62).state(), v1::PROPOSAL_STATE_PRELIST);
}

TEST_F(RegisterE2eTest, ADecisionListsOnlyTheFirstOfTwoNewsForOnePerson) {
  // Two open NEWs of one household: possible only when the first one's NIK claims
  // are gone (a proposal from before the claims); the decision still lists one.
  const std::string first = CreateAndSubmit(kDesaA, 1).proposal_id();
  database_->ExecAsSuperuser("DELETE FROM nik_claims WHERE proposal_id = '" + first + "'");
  const std::string second = CreateAndSubmit(kDesaA, 1).proposal_id();
  ASSERT_FALSE(second.empty());
  std::vector<std::string> ids = {first, second};
  std::sort(ids.begin(), ids.end());
  Deliberate(kDesaA, ids);
  AssignVerifier(ids);
  for (const std::string& id : ids) {
    ASSERT_TRUE(RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken()).ok());
  }
  FinalizeVillage(kDesaA, ids);
  OpenReview(ids);
  Approve(ids);
  v1::BatchDecision decision;
  grpc::Status decided = Decide(Forward(Submit(Ratify(CreateBatch(ids)))), &decision);
  ASSERT_TRUE(decided.ok()) << decided.error_message();
  // The first in id order (the order members are decided) is listed; the other is
  // rejected with a recorded exception saying why.
  EXPECT_EQ(decision.accepted_count(), 1);
  EXPECT_EQ(decision.rejected_count(), 1);
  ASSERT_EQ(decision.exceptions_size(), 1);
  EXPECT_EQ(decision.exceptions(0).proposal_id(), ids[1]);
  EXPECT_EQ(decision.exceptions(0).action(), v1::EXCEPTION_ACTION_REJECT);
  EXPECT_EQ(decision.exceptions(0).reason_code(), "DUPLICATE");
  EXPECT_THAT(decision.exceptions(0).reason(), HasSubstr("household.members[0].nik"));
  EXPECT_THAT(decision.exceptions(0).reason(), HasSubstr(ids[0]));
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_ACCEPTED);
  EXPECT_EQ(StateOf(ids[1]), v1::PROPOSAL_STATE_REJECTED);
  EXPECT_EQ(CountRows("register_entries"), 1);
  EXPECT_EQ(Entry(ids[0]).entry().status(), v1::ENTRY_STATUS_ACTIVE);
}

TEST_F(RegisterE2eTest, ACorrectionWithAMemberOfAnotherEntryIsRefused) {
  const std::string entry_a = Listed(1, 1)[0];
  const std::string entry_b = Listed(2, 1)[0];
  v1::CreateProposalRequest request = ChangeRequest(v1::PROPOSAL_KIND_CORRECTION, entry_a, 1);
  *request.mutable_household()->mutable_members(1) = MakeHousehold(kDesaA, 2).members(1);
  v1::Proposal out;
  grpc::Status status = Create(request, &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("household.members[1].nik"));
  EXPECT_THAT(status.error_message(), HasSubstr(entry_b));
  // Control: entry A's own members are its own to correct.
  status = Create(ChangeRequest(v1::PROPOSAL_KIND_CORRECTION, entry_a, 1), &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(RegisterE2eTest, VerifyEntryChainFindsAnEntryChangedBehindTheServicesBack) {
  const std::string first = Listed(1, 1)[0];
  const std::string second = Listed(2, 1)[0];
  auto verify = [&](const v1::VerifyEntryChainRequest& request, v1::VerifyEntryChainResponse* out,
                    const std::string& token) {
    out->Clear();
    return register_->VerifyEntryChain(Context(token).get(), request, out);
  };
  v1::VerifyEntryChainRequest one;
  one.set_entry_id(first);
  v1::VerifyEntryChainRequest region;  // the caller's region
  v1::VerifyEntryChainResponse out;
  // Control: as written by the service, both verify, for an auditor too.
  ASSERT_TRUE(verify(one, &out, Token(Role::kAuditor, "", "bpk.auditor")).ok());
  EXPECT_TRUE(out.verified());
  EXPECT_EQ(out.entries_checked(), 1);
  EXPECT_EQ(out.rows_checked(), 1);
  ASSERT_TRUE(verify(region, &out, DinsosToken()).ok());
  EXPECT_TRUE(out.verified());
  EXPECT_EQ(out.entries_checked(), 2);
  EXPECT_EQ(Entry(first).history(0).encoding(), "usulan-register-v2");

  // The service's own role changes an entry's status and another's programmes
  // without a history row.
  database_->ExecAsSuperuser(
      "SET ROLE usulan_service; UPDATE register_entries SET status = 'INACTIVE' WHERE id = '" +
      first + "'; UPDATE register_entries SET programmes = '{PBI-JK}' WHERE id = '" + second +
      "'; RESET ROLE");
  ASSERT_TRUE(verify(one, &out, OperatorToken()).ok());
  EXPECT_FALSE(out.verified());
  ASSERT_EQ(out.findings_size(), 1);
  EXPECT_EQ(out.findings(0).entry_id(), first);
  EXPECT_EQ(out.findings(0).sequence(), 0);
  EXPECT_EQ(out.findings(0).kind(), "entry_altered");
  EXPECT_THAT(out.findings(0).detail(), HasSubstr("status"));
  // A region page by page: each page names its own entry's finding.
  region.set_page_size(1);
  std::vector<std::string> found;
  do {
    ASSERT_TRUE(verify(region, &out, DinsosToken()).ok());
    EXPECT_EQ(out.entries_checked(), 1);
    EXPECT_FALSE(out.verified());
    for (const auto& finding : out.findings()) found.push_back(finding.detail());
    region.set_page_token(out.next_page_token());
  } while (!out.next_page_token().empty());
  EXPECT_THAT(found, ::testing::UnorderedElementsAre(HasSubstr("status"),
                                                     HasSubstr("programmes")));

  // Scope and fields as for the other reads.
  EXPECT_EQ(verify(one, &out, OperatorToken(kDesaB)).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::VerifyEntryChainRequest both = one;
  both.set_region_prefix(kKabupaten);
  EXPECT_EQ(verify(both, &out, DinsosToken()).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::VerifyEntryChainRequest elsewhere;
  elsewhere.set_region_prefix("3202");
  EXPECT_EQ(verify(elsewhere, &out, DinsosToken()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(RegisterE2eTest, RegisterReadsKeepToTheCallersRegion) {
  const std::string entry_id = Listed(1, 1)[0];
  v1::GetEntryResponse entry;
  // Readers of desa A's proposals read its entry; the auditor too.
  for (const std::string& token :
       {OperatorToken(), HeadToken(), DinsosToken(), ProvinceToken(), PusdatinToken(),
        Token(Role::kAuditor, "", "bpk.auditor")}) {
    grpc::Status status = GetEntry(entry_id, &entry, token);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  for (const std::string& token : {OperatorToken(kDesaB), DinsosToken("3202")}) {
    EXPECT_EQ(GetEntry(entry_id, &entry, token).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  }
  EXPECT_EQ(GetEntry("", &entry).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  auto list = [&](const std::string& token, const std::string& prefix,
                  v1::ListEntriesResponse* out) {
    v1::ListEntriesRequest request;
    request.set_region_prefix(prefix);
    return register_->ListEntries(Context(token).get(), request, out);
  };
  v1::ListEntriesResponse page;
  ASSERT_TRUE(list(OperatorToken(), "", &page).ok());
  ASSERT_EQ(page.entries_size(), 1);
  EXPECT_EQ(page.entries(0).entry_id(), entry_id);
  page.Clear();
  ASSERT_TRUE(list(OperatorToken(kDesaB), "", &page).ok());
  EXPECT_EQ(page.entries_size(), 0);
  page.Clear();
  ASSERT_TRUE(list(DinsosToken("3202"), "", &page).ok());
  EXPECT_EQ(page.entries_size(), 0);
  EXPECT_EQ(list(DinsosToken("3202"), kKabupaten, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  page.Clear();
  ASSERT_TRUE(list(Token(Role::kAuditor, "", "bpk.auditor"), "", &page).ok());
  EXPECT_EQ(page.entries_size(), 1);
  v1::ListEntriesRequest inactive;
  inactive.add_statuses(v1::ENTRY_STATUS_INACTIVE);
  page.Clear();
  ASSERT_TRUE(register_->ListEntries(Context(PusdatinToken()).get(), inactive, &page).ok());
  EXPECT_EQ(page.entries_size(), 0);
  v1::ListEntriesRequest bad;
  bad.set_page_token("bm90IGEgdG9rZW4");
  EXPECT_EQ(register_->ListEntries(Context(PusdatinToken()).get(), bad, &page).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::CountEntriesRequest count;
  v1::CountEntriesResponse counted;
  ASSERT_TRUE(register_->CountEntries(Context(DinsosToken()).get(), count, &counted).ok());
  EXPECT_EQ(counted.region_prefix(), kKabupaten);
  ASSERT_EQ(counted.by_desa_size(), 1);
  EXPECT_EQ(counted.by_desa(0).desa_code(), kDesaA);
  EXPECT_EQ(counted.by_desa(0).active(), 1);
  EXPECT_EQ(counted.active(), 1);
  count.set_region_prefix("3202");
  EXPECT_EQ(register_->CountEntries(Context(DinsosToken()).get(), count, &counted).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // No personal data in any answer: no name or NIK of the household listed.
  const v1::Household household = MakeHousehold(kDesaA, 1);
  const std::string answer = Entry(entry_id).DebugString();
  for (const auto& member : household.members()) {
    EXPECT_THAT(answer, ::testing::Not(HasSubstr(member.nik())));
    EXPECT_THAT(answer, ::testing::Not(HasSubstr(member.name())));
  }
  EXPECT_THAT(answer, ::testing::Not(HasSubstr(household.kk_number())));
}

}  // namespace
}  // namespace usulan::testing
