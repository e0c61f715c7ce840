// The register through the real server and PostgreSQL (docs/register.md): an
// accepted NEW proposal lists its household; an accepted DEACTIVATION and
// REACTIVATION change the entry, each with a history row chained to the last;
// a rejected decision changes nothing; proposals naming an entry are refused
// when the entry is unknown, another region's, or in the wrong status, and a
// second open deactivation is refused; the register reads keep to the caller's
// region.
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
