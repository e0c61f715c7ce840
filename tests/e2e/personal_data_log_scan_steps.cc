// The log-scan scenario's steps: for each service, successful calls and the
// refusals whose natural error path could echo personal data (a NIK, KK number
// or name where an id, region code or field value belongs; duplicates; registry
// mismatches; wrong roles). Every call goes through the recorded channel; the
// test body scans everything afterwards.
#include <thread>

#include "services/proposal_creation.h"
#include "storage/database.h"
#include "tests/e2e/personal_data_log_scan_fixture.h"
#include "tests/support/register_seed.h"
#include "usulan/bps/v1/welfare_ranking.grpc.pb.h"
#include "usulan/v1/public_status_service.grpc.pb.h"
#include "usulan/v1/register_service.grpc.pb.h"

namespace usulan::testing {

using grpc::StatusCode;
using workflow::Role;

namespace {

constexpr char kUnknownUuid[] = "0b1e4a4e-6c7d-4f3a-9d0c-3f1b2a5e7c90";
constexpr char kMinutes[] = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";

// A household whose member `index` has `nik` instead.
v1::Household WithNik(v1::Household household, int index, const std::string& nik) {
  household.mutable_members(index)->set_nik(nik);
  return household;
}

}  // namespace

void PersonalDataLogScanTest::EntryFailures() {
  v1::Proposal out;
  // A NIK (and the whole household) already in another open proposal.
  ExpectCode(Create(Household(kAccepted1), OperatorToken(), &out), StatusCode::ALREADY_EXISTS,
             "duplicate household");
  v1::Household shares = Household(kSharesANik);
  *shares.mutable_members(1) = Household(kAccepted2).members(1);
  ExpectCode(Create(shares, OperatorToken(), &out), StatusCode::ALREADY_EXISTS, "shared NIK");

  // Malformed NIKs and KK numbers that carry the personal digits.
  const v1::Household base = Household(kRefusedEntry);
  const std::string nik = base.members(1).nik();
  for (const std::string& bad : {nik + "9", nik.substr(0, 15), nik.substr(0, 15) + "X",
                                 nik.substr(0, 8) + " " + nik.substr(8), "NIK:" + nik}) {
    AddPersonal("malformed nik", bad);
    ExpectCode(Create(WithNik(base, 1, bad), OperatorToken(), &out), StatusCode::INVALID_ARGUMENT,
               "malformed nik");
  }
  const std::string kk = base.kk_number();
  for (const std::string& bad : {kk + "0", kk.substr(0, 15), "KK" + kk, kk.substr(0, 15) + "-"}) {
    AddPersonal("malformed kk", bad);
    v1::Household household = base;
    household.set_kk_number(bad);
    ExpectCode(Create(household, OperatorToken(), &out), StatusCode::INVALID_ARGUMENT,
               "malformed kk");
  }
  // A NIK that disagrees with the birth date or the sex, a NIK twice.
  v1::Household disagrees = base;
  disagrees.mutable_members(0)->set_birth_date("1981-04-16");
  ExpectCode(Create(disagrees, OperatorToken(), &out), StatusCode::INVALID_ARGUMENT, "birth date");
  v1::Household sex = base;
  sex.mutable_members(1)->set_sex(v1::SEX_MALE);
  ExpectCode(Create(sex, OperatorToken(), &out), StatusCode::INVALID_ARGUMENT, "sex");
  v1::Household twice = base;
  *twice.add_members() = base.members(2);
  ExpectCode(Create(twice, OperatorToken(), &out), StatusCode::INVALID_ARGUMENT, "nik twice");
  // A name too long; a household without a head.
  v1::Household long_name = base;
  std::string name = base.members(0).name();
  while (name.size() <= 400) name += " " + base.members(0).name();
  long_name.mutable_members(0)->set_name(name);
  ExpectCode(Create(long_name, OperatorToken(), &out), StatusCode::INVALID_ARGUMENT, "long name");
  v1::Household headless = base;
  headless.mutable_members(0)->set_relationship(v1::RELATIONSHIP_OTHER_RELATIVE);
  ExpectCode(Create(headless, OperatorToken(), &out), StatusCode::INVALID_ARGUMENT, "no head");

  // An idempotency key a client built from a NIK: the call's log line withholds
  // it (refused here for its KK number, so that no audit row records the key).
  v1::CreateProposalRequest keyed = CreateRequest(Household(kRefusedEntry));
  keyed.set_request_id("create-" + nik);
  keyed.mutable_household()->set_kk_number(kk + "0");
  ExpectCode(proposals_->CreateProposal(Context(OperatorToken()).get(), keyed, &out),
             StatusCode::INVALID_ARGUMENT, "nik in the request id");

  // Wrong role, wrong region, no or a forged token.
  ExpectCode(Create(base, VerifierToken(), &out), StatusCode::PERMISSION_DENIED, "verifier");
  ExpectCode(Create(base, OperatorToken(kDesaB), &out), StatusCode::PERMISSION_DENIED, "desa B");
  ExpectCode(Create(base, OperatorToken(), &out, kOtherKabupatenDesa),
             StatusCode::PERMISSION_DENIED, "other kabupaten");
  ExpectCode(Create(base, "", &out), StatusCode::UNAUTHENTICATED, "no token");
  ExpectCode(Create(base, "forged." + nik + ".token", &out), StatusCode::UNAUTHENTICATED,
             "forged token");
}

void PersonalDataLogScanTest::RegistryOutcomes() {
  // A mistyped child's NIK: NIK_MISMATCH, a malformed correction refused, the
  // right one rechecked to PRELIST.
  const v1::Household right = Household(kMistyped);
  const v1::Member& child = right.members(2);
  const std::string mistyped =
      MakeNik(kKecamatan, child.birth_date(), child.sex() == v1::SEX_FEMALE, 9508);
  AddPersonal("mistyped nik", mistyped);
  v1::Proposal created, submitted;
  ASSERT_TRUE(Create(WithNik(right, 2, mistyped), OperatorToken(), &created).ok());
  ASSERT_TRUE(SubmitProposal(created.proposal_id(), &submitted).ok());
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);

  v1::CorrectProposalRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_proposal_id(created.proposal_id());
  correct.set_reason("NIK anak salah ketik");
  *correct.mutable_household() = WithNik(right, 2, child.nik() + "0");
  AddPersonal("malformed correction nik", child.nik() + "0");
  v1::Proposal corrected;
  ExpectCode(proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &corrected),
             StatusCode::INVALID_ARGUMENT, "malformed correction");
  correct.set_request_id(NextRequestId());
  ExpectCode(proposals_->CorrectProposal(Context(VerifierToken()).get(), correct, &corrected),
             StatusCode::PERMISSION_DENIED, "correction by a verifier");
  correct.set_request_id(NextRequestId());
  *correct.mutable_household() = right;
  correct.mutable_household()->set_kk_number(right.kk_number() + "1");
  AddPersonal("malformed correction kk", right.kk_number() + "1");
  ExpectCode(proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &corrected),
             StatusCode::INVALID_ARGUMENT, "correction with a bad kk");
  correct.set_request_id(NextRequestId());
  *correct.mutable_household() = right;
  grpc::Status status =
      proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &corrected);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.state(), v1::PROPOSAL_STATE_PRELIST);
  History(created.proposal_id());

  // Registered under another KK, registered deceased, unknown: each a mismatch.
  for (int seed : {kOtherFamily, kDeceasedSpouse, kUnregistered}) {
    v1::Proposal draft, checked;
    ASSERT_TRUE(Create(Household(seed), OperatorToken(), &draft).ok()) << seed;
    status = SubmitProposal(draft.proposal_id(), &checked);
    EXPECT_TRUE(status.ok()) << seed << ": " << status.error_message();
    EXPECT_EQ(checked.state(), v1::PROPOSAL_STATE_NIK_MISMATCH) << seed;
    History(draft.proposal_id());
  }
}

void PersonalDataLogScanTest::DraftEditAndWithdraw() {
  v1::Household household = Household(kDraftWithdrawn);
  v1::Proposal draft;
  ASSERT_TRUE(Create(household, OperatorToken(), &draft).ok());
  v1::UpdateDraftRequest update;
  update.set_request_id(NextRequestId());
  update.set_proposal_id(draft.proposal_id());
  household.mutable_members(3)->set_name(household.members(3).name() + " Kartikasari");
  AddPersonal("edited name", household.members(3).name(), true);
  *update.mutable_household() = household;
  v1::Proposal updated;
  grpc::Status status = proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &updated);
  EXPECT_TRUE(status.ok()) << status.error_message();

  update.set_request_id(NextRequestId());
  update.set_expected_version(draft.version());  // stale now
  ExpectCode(proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &updated),
             StatusCode::ABORTED, "stale update");
  update.clear_expected_version();
  update.set_request_id(NextRequestId());
  *update.mutable_household() = WithNik(household, 0, household.members(0).nik() + "77");
  AddPersonal("malformed update nik", household.members(0).nik() + "77");
  ExpectCode(proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &updated),
             StatusCode::INVALID_ARGUMENT, "malformed update");
  update.set_request_id(NextRequestId());
  update.set_proposal_id(household.members(0).nik());
  ExpectCode(proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &updated),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");

  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(draft.proposal_id());
  withdraw.set_reason("entered twice by mistake");
  v1::Proposal withdrawn;
  status = proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &withdrawn);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(withdrawn.state(), v1::PROPOSAL_STATE_WITHDRAWN);
  withdraw.set_request_id(NextRequestId());
  ExpectCode(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &withdrawn),
             StatusCode::FAILED_PRECONDITION, "withdraw twice");
  ExpectCode(SubmitProposal(draft.proposal_id(), &withdrawn), StatusCode::FAILED_PRECONDITION,
             "submit withdrawn");
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(household.kk_number());
  ExpectCode(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &withdrawn),
             StatusCode::INVALID_ARGUMENT, "kk as proposal id");
}

void PersonalDataLogScanTest::LookupsAndQueries(const std::string& prelisted_id) {
  const v1::Household known = Household(kAccepted1);
  v1::GetProposalRequest get;
  get.set_proposal_id(prelisted_id);
  v1::Proposal proposal;
  grpc::Status status = proposals_->GetProposal(Context(OperatorToken()).get(), get, &proposal);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ExpectCode(proposals_->GetProposal(Context(OperatorToken(kDesaB)).get(), get, &proposal),
             StatusCode::PERMISSION_DENIED, "get from desa B");
  get.set_proposal_id(known.members(0).nik());
  ExpectCode(proposals_->GetProposal(Context(OperatorToken()).get(), get, &proposal),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");
  get.set_proposal_id(kUnknownUuid);
  ExpectCode(proposals_->GetProposal(Context(OperatorToken()).get(), get, &proposal),
             StatusCode::NOT_FOUND, "unknown proposal");

  v1::ListProposalsRequest list;
  v1::ListProposalsResponse page;
  status = proposals_->ListProposals(Context(DinsosToken()).get(), list, &page);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(page);
  list.set_region_prefix(known.members(0).nik());
  ExpectCode(proposals_->ListProposals(Context(DinsosToken()).get(), list, &page),
             StatusCode::INVALID_ARGUMENT, "nik as region prefix");
  list.clear_region_prefix();
  list.set_page_token(known.kk_number());
  ExpectCode(proposals_->ListProposals(Context(DinsosToken()).get(), list, &page),
             StatusCode::INVALID_ARGUMENT, "kk as page token");

  v1::CountProposalsRequest count;
  v1::CountProposalsResponse counted;
  status = proposals_->CountProposals(Context(DinsosToken()).get(), count, &counted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(counted);
  count.set_region_prefix(known.kk_number());
  ExpectCode(proposals_->CountProposals(Context(DinsosToken()).get(), count, &counted),
             StatusCode::INVALID_ARGUMENT, "kk as region prefix");

  // LookupNik: found (in and outside the caller's region), unknown, malformed.
  v1::LookupNikRequest lookup;
  v1::LookupNikResponse found;
  lookup.set_nik(known.members(1).nik());
  status = proposals_->LookupNik(Context(OperatorToken()).get(), lookup, &found);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(found.proposals_size(), 1);
  status = proposals_->LookupNik(Context(OperatorToken(kOtherKabupatenDesa)).get(), lookup, &found);
  EXPECT_TRUE(status.ok()) << status.error_message();
  const std::string unknown = MakeNik(kKecamatan, "1990-05-05", false, 7777);
  AddPersonal("unknown nik", unknown);
  lookup.set_nik(unknown);
  v1::LookupNikResponse none;
  status = proposals_->LookupNik(Context(OperatorToken()).get(), lookup, &none);
  EXPECT_TRUE(status.ok() || status.error_code() == StatusCode::NOT_FOUND) << status.error_message();
  EXPECT_EQ(none.proposals_size(), 0);
  for (const std::string& bad : {known.members(2).nik() + "1", known.members(2).nik().substr(1),
                                 known.members(2).name()}) {
    AddPersonal("malformed lookup", bad);
    lookup.set_nik(bad);
    ExpectCode(proposals_->LookupNik(Context(OperatorToken()).get(), lookup, &none),
               StatusCode::INVALID_ARGUMENT, "malformed lookup");
  }
  lookup.set_nik(known.members(1).nik());
  ExpectCode(proposals_->LookupNik(Context("").get(), lookup, &none), StatusCode::UNAUTHENTICATED,
             "lookup without token");
}

void PersonalDataLogScanTest::Import() {
  const v1::Household good = Household(kImported);
  const v1::Household refused = Household(kImportRefused);
  std::vector<v1::ImportProposalsRequest> rows;
  auto row = [&](const v1::Household& household) {
    v1::ImportProposalsRequest request;
    request.set_row_number(static_cast<int64_t>(rows.size()) + 1);
    *request.mutable_proposal() = CreateRequest(household);
    request.mutable_proposal()->clear_request_id();
    rows.push_back(request);
  };
  row(good);
  row(Household(kAccepted2));  // its NIKs are in an open proposal
  const std::string bad_nik = refused.members(3).nik() + "4";
  AddPersonal("malformed import nik", bad_nik);
  row(WithNik(refused, 3, bad_nik));
  v1::Household bad_kk = refused;
  bad_kk.set_kk_number("K" + refused.kk_number());
  AddPersonal("malformed import kk", bad_kk.kk_number());
  row(bad_kk);
  v1::Household long_name = refused;
  long_name.mutable_members(2)->set_name(std::string(30, '~') + refused.members(2).name() +
                                         std::string(200, '#'));
  row(long_name);
  row(refused);
  rows.back().mutable_proposal()->set_request_id(refused.members(0).nik());  // not allowed per row
  rows.front().set_request_id("import-" + NextRequestId());

  auto context = Context(OperatorToken());
  auto stream = proposals_->ImportProposals(context.get());
  for (const auto& request : rows) ASSERT_TRUE(stream->Write(request));
  stream->WritesDone();
  v1::ImportRowResult result;
  std::map<int64_t, int> codes;
  while (stream->Read(&result)) {
    codes[result.row_number()] = result.code();
    returned_texts_.push_back(result.message());
    Keep(result);
  }
  grpc::Status status = stream->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(codes[1], 0);
  for (int64_t n = 2; n <= static_cast<int64_t>(rows.size()); ++n) EXPECT_NE(codes[n], 0) << n;

  // The whole import refused: a verifier may not enter proposals.
  auto denied_context = Context(VerifierToken());
  auto denied = proposals_->ImportProposals(denied_context.get());
  v1::ImportProposalsRequest first = rows[1];
  first.set_request_id("import-" + NextRequestId());
  denied->Write(first);
  denied->WritesDone();
  while (denied->Read(&result)) Keep(result);
  ExpectCode(denied->Finish(), StatusCode::PERMISSION_DENIED, "import by a verifier");
}

void PersonalDataLogScanTest::ConcurrentDuplicates() {
  // Several callers enter the same household at once: one wins, the others are
  // refused by the pre-check or by the database's uniqueness (its error is logged).
  const v1::Household household = Household(kRace);
  std::vector<v1::CreateProposalRequest> requests;
  for (int i = 0; i < 4; ++i) requests.push_back(CreateRequest(household));
  std::vector<grpc::Status> results(requests.size());
  std::vector<std::thread> callers;
  const std::string token = OperatorToken();
  for (std::size_t i = 0; i < requests.size(); ++i) {
    callers.emplace_back([&, i] {
      v1::Proposal out;
      results[i] = proposals_->CreateProposal(Context(token).get(), requests[i], &out);
    });
  }
  for (auto& caller : callers) caller.join();
  int ok = 0;
  for (const grpc::Status& status : results) {
    if (status.ok()) {
      ++ok;
    } else {
      EXPECT_TRUE(status.error_code() == StatusCode::ALREADY_EXISTS ||
                  status.error_code() == StatusCode::ABORTED)
          << status.error_code() << " " << status.error_message();
    }
  }
  EXPECT_EQ(ok, 1);
}

void PersonalDataLogScanTest::DeliberationReadsAndFailures(const std::string& agreed_id) {
  const v1::Household household = Household(kAccepted1);
  v1::ListDeliberationsRequest list;
  v1::ListDeliberationsResponse listed;
  grpc::Status status = deliberations_->ListDeliberations(Context(HeadToken()).get(), list, &listed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(listed.deliberations_size(), 1);
  Keep(listed);
  const std::string id = listed.deliberations(0).deliberation_id();
  v1::GetDeliberationRequest get;
  get.set_deliberation_id(id);
  v1::Deliberation d;
  status = deliberations_->GetDeliberation(Context(HeadToken()).get(), get, &d);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(d);
  get.set_deliberation_id(household.members(0).nik());
  ExpectCode(deliberations_->GetDeliberation(Context(HeadToken()).get(), get, &d),
             StatusCode::INVALID_ARGUMENT, "nik as deliberation id");
  list.set_region_prefix(household.kk_number());
  ExpectCode(deliberations_->ListDeliberations(Context(HeadToken()).get(), list, &listed),
             StatusCode::INVALID_ARGUMENT, "kk as region prefix");

  v1::OpenDeliberationRequest open;
  open.set_request_id(NextRequestId());
  open.set_kind(v1::DELIBERATION_KIND_MUSDES);
  open.set_desa_code(household.members(0).nik());
  open.set_meeting_date("2026-11-21");
  ExpectCode(deliberations_->OpenDeliberation(Context(HeadToken()).get(), open, &d),
             StatusCode::INVALID_ARGUMENT, "nik as desa code");
  open.set_request_id(NextRequestId());
  open.set_desa_code(kDesaA);
  ExpectCode(deliberations_->OpenDeliberation(Context(OperatorToken()).get(), open, &d),
             StatusCode::PERMISSION_DENIED, "operator opens a musdes");

  v1::AddToAgendaRequest add;
  add.set_request_id(NextRequestId());
  add.set_deliberation_id(id);
  add.add_proposal_ids(agreed_id);
  ExpectCode(deliberations_->AddToAgenda(Context(HeadToken()).get(), add, &d),
             StatusCode::FAILED_PRECONDITION, "agenda of a closed musdes");
  add.set_request_id(NextRequestId());
  add.set_proposal_ids(0, household.members(1).nik());
  ExpectCode(deliberations_->AddToAgenda(Context(HeadToken()).get(), add, &d),
             StatusCode::INVALID_ARGUMENT, "nik as agenda item");
  v1::RecordOutcomeRequest outcome;
  outcome.set_request_id(NextRequestId());
  outcome.set_deliberation_id(id);
  outcome.set_proposal_id(household.kk_number());
  outcome.set_outcome(v1::AGENDA_OUTCOME_AGREED);
  ExpectCode(deliberations_->RecordOutcome(Context(HeadToken()).get(), outcome, &d),
             StatusCode::INVALID_ARGUMENT, "kk as proposal id");
  v1::CloseDeliberationRequest close;
  close.set_request_id(NextRequestId());
  close.set_deliberation_id(id);
  close.set_attendance(40);
  close.set_quorum(30);
  close.set_minutes_sha256(kMinutes);
  ExpectCode(deliberations_->CloseDeliberation(Context(HeadToken()).get(), close, &d),
             StatusCode::FAILED_PRECONDITION, "close twice");
}

void PersonalDataLogScanTest::VerificationFailures(const std::string& verified_id) {
  const v1::Household household = Household(kAccepted1);
  ExpectCode(RecordVisit(verified_id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken()),
             StatusCode::FAILED_PRECONDITION, "second visit");
  ExpectCode(RecordVisit(household.members(3).nik(), v1::VISIT_OUTCOME_COMPLETED, true,
                         VerifierToken()),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");
  v1::AssignVerifierRequest assign;
  assign.set_request_id(NextRequestId());
  assign.add_proposal_ids(household.members(0).nik());
  assign.set_verifier_id(kVerifier);
  v1::ProposalsChanged changed;
  ExpectCode(verification_->AssignVerifier(Context(OperatorToken()).get(), assign, &changed),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");
  v1::FinalizeVillageRequest finalize;
  finalize.set_request_id(NextRequestId());
  finalize.set_desa_code(household.kk_number());
  finalize.add_proposal_ids(verified_id);
  finalize.set_minutes_sha256(kMinutes);
  finalize.set_name_list_sha256(kMinutes);
  ExpectCode(verification_->FinalizeVillage(Context(HeadToken()).get(), finalize, &changed),
             StatusCode::INVALID_ARGUMENT, "kk as desa code");
}

void PersonalDataLogScanTest::ReturnToVillage(const std::string& id) {
  v1::ReturnProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_reason("foto rumah tidak jelas; ulangi pendataan");
  v1::Proposal out;
  grpc::Status status = review_->ReturnProposal(Context(DinsosToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.state(), v1::PROPOSAL_STATE_RETURNED);
  request.set_request_id(NextRequestId());
  ExpectCode(review_->ReturnProposal(Context(DinsosToken()).get(), request, &out),
             StatusCode::FAILED_PRECONDITION, "return twice");
  request.set_request_id(NextRequestId());
  request.set_proposal_id(Household(kReturnedByDinsos).kk_number());
  ExpectCode(review_->ReturnProposal(Context(DinsosToken()).get(), request, &out),
             StatusCode::INVALID_ARGUMENT, "kk as proposal id");
}

void PersonalDataLogScanTest::ReviewFailures(const std::string& approved_id) {
  const v1::Household household = Household(kAccepted1);
  v1::ProposalsChanged changed;
  v1::ApproveProposalsRequest approve;
  approve.set_request_id(NextRequestId());
  approve.add_proposal_ids(approved_id);
  ExpectCode(review_->ApproveProposals(Context(DinsosToken()).get(), approve, &changed),
             StatusCode::FAILED_PRECONDITION, "approve twice");
  v1::OpenReviewRequest open;
  open.set_request_id(NextRequestId());
  open.add_proposal_ids(household.members(0).nik());
  ExpectCode(review_->OpenReview(Context(DinsosToken()).get(), open, &changed),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");
  open.set_request_id(NextRequestId());
  open.set_proposal_ids(0, approved_id);
  // The role is checked before the state (services/change_order.h): both refuse.
  ExpectCode(review_->OpenReview(Context(OperatorToken()).get(), open, &changed),
             StatusCode::PERMISSION_DENIED, "operator opens a review of an approved proposal");
  v1::CreateBatchRequest batch;
  batch.set_request_id(NextRequestId());
  batch.set_kabupaten_code(household.members(1).nik());
  batch.add_proposal_ids(approved_id);
  v1::Batch out;
  ExpectCode(review_->CreateBatch(Context(DinsosToken()).get(), batch, &out),
             StatusCode::INVALID_ARGUMENT, "nik as kabupaten code");
  v1::GetBatchRequest get;
  get.set_batch_id(household.kk_number());
  ExpectCode(review_->GetBatch(Context(DinsosToken()).get(), get, &out),
             StatusCode::INVALID_ARGUMENT, "kk as batch id");
}

void PersonalDataLogScanTest::ReturnBatchAndReads(const v1::Batch& submitted) {
  const v1::Household household = Household(kBatchReturned1);
  v1::GetBatchRequest get;
  get.set_batch_id(submitted.batch_id());
  v1::Batch batch;
  grpc::Status status = review_->GetBatch(Context(DinsosToken()).get(), get, &batch);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(batch);
  v1::ListBatchesRequest list;
  v1::ListBatchesResponse listed;
  status = review_->ListBatches(Context(DinsosToken()).get(), list, &listed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(listed);
  list.set_region_prefix(household.members(0).nik());
  ExpectCode(review_->ListBatches(Context(DinsosToken()).get(), list, &listed),
             StatusCode::INVALID_ARGUMENT, "nik as region prefix");

  v1::ReturnBatchRequest back;
  back.set_request_id(NextRequestId());
  back.set_batch_id(submitted.batch_id());
  back.set_reason("surat pengesahan belum ditandatangani");
  v1::Batch returned;
  status = review_->ReturnBatch(Context(ProvinceToken()).get(), back, &returned);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(returned.status(), v1::BATCH_STATUS_RETURNED);
  Keep(returned);
  back.set_request_id(NextRequestId());
  ExpectCode(review_->ReturnBatch(Context(ProvinceToken()).get(), back, &returned),
             StatusCode::FAILED_PRECONDITION, "return a returned batch");
  back.set_request_id(NextRequestId());
  back.set_batch_id(household.members(1).nik());
  ExpectCode(review_->ReturnBatch(Context(ProvinceToken()).get(), back, &returned),
             StatusCode::INVALID_ARGUMENT, "nik as batch id");
  v1::RatifyBatchRequest ratify;
  ratify.set_request_id(NextRequestId());
  ratify.set_batch_id(submitted.batch_id());
  ratify.set_letter_number("400/124/Dinsos/2026");
  ratify.set_letter_sha256(kMinutes);
  ExpectCode(review_->RatifyBatch(Context(RegentToken()).get(), ratify, &returned),
             StatusCode::FAILED_PRECONDITION, "ratify a returned batch");
  v1::SubmitBatchRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_batch_id(household.kk_number());
  ExpectCode(review_->SubmitBatch(Context(DinsosToken()).get(), submit, &returned),
             StatusCode::INVALID_ARGUMENT, "kk as batch id");
  v1::ForwardBatchRequest forward;
  forward.set_request_id(NextRequestId());
  forward.set_batch_id(submitted.batch_id());
  ExpectCode(review_->ForwardBatch(Context(DinsosToken()).get(), forward, &returned),
             StatusCode::PERMISSION_DENIED, "dinsos forwards");
}

void PersonalDataLogScanTest::ReworkReturned(const std::string& id, int seed) {
  v1::Household household = Household(seed);
  household.mutable_members(2)->set_occupation("pelajar SMP");
  v1::CorrectProposalRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_proposal_id(id);
  correct.set_reason("data diperbaiki sesuai catatan Dinsos");
  *correct.mutable_household() = household;
  v1::Proposal reworked;
  grpc::Status status =
      proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &reworked);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reworked.state(), v1::PROPOSAL_STATE_PRELIST);
  // Reworking with another family's NIK: the registry check must not echo it.
  correct.set_request_id(NextRequestId());
  *correct.mutable_household() = WithNik(household, 3, Household(kOtherFamily).members(3).nik());
  status = proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &reworked);
  EXPECT_FALSE(status.ok()) << "correcting a PRELIST proposal";
  History(id);
}

void PersonalDataLogScanTest::Decide(const v1::Batch& forwarded, const std::string& reject_id,
                                     const std::string& send_back_id) {
  v1::ListIncomingBatchesRequest incoming;
  v1::ListBatchesResponse batches;
  grpc::Status status =
      decisions_->ListIncomingBatches(Context(PusdatinToken()).get(), incoming, &batches);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(batches.batches_size(), 1);
  Keep(batches);
  incoming.set_page_token(Household(kAccepted2).members(0).nik());
  ExpectCode(decisions_->ListIncomingBatches(Context(PusdatinToken()).get(), incoming, &batches),
             StatusCode::INVALID_ARGUMENT, "nik as page token");

  v1::DecideBatchRequest decide;
  decide.set_request_id(NextRequestId());
  decide.set_batch_id(forwarded.batch_id());
  decide.set_decree_number("Kepmensos 146/HUK/2026");
  v1::DecisionException* reject = decide.add_exceptions();
  reject->set_proposal_id(reject_id);
  reject->set_action(v1::EXCEPTION_ACTION_REJECT);
  reject->set_reason_code("INELIGIBLE_OCCUPATION");
  reject->set_reason("kepala keluarga ASN");
  v1::DecisionException* back = decide.add_exceptions();
  back->set_proposal_id(send_back_id);
  back->set_action(v1::EXCEPTION_ACTION_RETURN_TO_DISTRICT);
  back->set_reason("alamat tidak sesuai KK");
  v1::BatchDecision decision;
  ExpectCode(decisions_->DecideBatch(Context(DinsosToken()).get(), decide, &decision),
             StatusCode::PERMISSION_DENIED, "dinsos decides");
  v1::DecideBatchRequest bad_member = decide;
  bad_member.set_request_id(NextRequestId());
  bad_member.mutable_exceptions(0)->set_proposal_id(Household(kRejectedByPusdatin).members(0).nik());
  ExpectCode(decisions_->DecideBatch(Context(PusdatinToken()).get(), bad_member, &decision),
             StatusCode::INVALID_ARGUMENT, "nik as exception proposal id");
  status = decisions_->DecideBatch(Context(PusdatinToken()).get(), decide, &decision);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(decision);
  decide.set_request_id(NextRequestId());
  ExpectCode(decisions_->DecideBatch(Context(PusdatinToken()).get(), decide, &decision),
             StatusCode::FAILED_PRECONDITION, "decide twice");

  v1::GetDecisionRequest get;
  get.set_batch_id(forwarded.batch_id());
  status = decisions_->GetDecision(Context(PusdatinToken()).get(), get, &decision);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(decision);
  get.set_batch_id(Household(kAccepted1).kk_number());
  ExpectCode(decisions_->GetDecision(Context(PusdatinToken()).get(), get, &decision),
             StatusCode::INVALID_ARGUMENT, "kk as batch id");
  get.set_batch_id(kUnknownUuid);
  ExpectCode(decisions_->GetDecision(Context(PusdatinToken()).get(), get, &decision),
             StatusCode::NOT_FOUND, "unknown batch");
}

void PersonalDataLogScanTest::UploadMinutes() {
  auto documents = v1::DocumentService::NewStub(channel_);
  const std::string minutes = PdfDocument(300 * 1024, 1);
  std::vector<v1::UploadDocumentRequest> named =
      UploadMessages(NextRequestId(), "application/pdf", minutes);
  const std::string nik = Household(kAccepted1).members(0).nik();
  named[0].mutable_metadata()->set_file_name("daftar-" + nik + ".pdf");
  ExpectCode(Upload(*documents, *Context(HeadToken()), named).status,
             StatusCode::INVALID_ARGUMENT, "a NIK in a file name");
  const Uploaded up = Upload(*documents, *Context(HeadToken()),
                             UploadMessages(NextRequestId(), "application/pdf", minutes));
  ASSERT_TRUE(up.status.ok()) << up.status.error_message();
  Keep(up.document);
  minutes_sha256_ = up.document.sha256();
}

void PersonalDataLogScanTest::Documents(const std::string& cited_id) {
  auto documents = v1::DocumentService::NewStub(channel_);
  const Downloaded down = Download(*documents, *Context(OperatorToken()), cited_id, minutes_sha256_);
  ASSERT_TRUE(down.status.ok()) << down.status.error_message();
  EXPECT_EQ(Sha256Hex(down.bytes), minutes_sha256_);
  ExpectCode(Download(*documents, *Context(OperatorToken(kDesaB)), cited_id, minutes_sha256_).status,
             StatusCode::PERMISSION_DENIED, "a document outside the caller's desa");
}

void PersonalDataLogScanTest::Citizen(const std::string& others_id) {
  auto documents = v1::DocumentService::NewStub(channel_);
  auto citizens = v1::CitizenService::NewStub(channel_);
  const v1::Household own = Household(kCitizenOwn);
  const v1::Household other = Household(kCitizenOther);
  const std::string citizen = CitizenToken("warga.scan", kDesaA, own.members(0).nik(),
                                           own.kk_number(), base::UnixSeconds(clock_.Now()));
  const std::string photo = PngDocument(77);
  const Uploaded up = Upload(*documents, *Context(citizen),
                             UploadMessages(NextRequestId(), "image/png", photo));
  ASSERT_TRUE(up.status.ok()) << up.status.error_message();
  v1::FileProposalRequest file;
  file.set_request_id(NextRequestId());
  *file.mutable_household() = own;
  file.set_own_household(true);
  file.set_reason("atap rumah rusak");
  file.add_document_hashes(up.document.sha256());
  v1::FileProposalRequest not_mine = file;
  not_mine.mutable_household()->set_kk_number(other.kk_number());
  v1::Filing filing;
  ExpectCode(citizens->FileProposal(Context(citizen).get(), not_mine, &filing),
             StatusCode::INVALID_ARGUMENT, "own_household with another KK");
  v1::FileProposalRequest no_photo = file;
  no_photo.clear_document_hashes();
  ExpectCode(citizens->FileProposal(Context(citizen).get(), no_photo, &filing),
             StatusCode::INVALID_ARGUMENT, "a filing without a photo");
  ExpectCode(citizens->FileProposal(Context(OperatorToken()).get(), file, &filing),
             StatusCode::PERMISSION_DENIED, "an operator filing as a citizen");
  grpc::Status status = citizens->FileProposal(Context(citizen).get(), file, &filing);
  ASSERT_TRUE(status.ok()) << status.error_message();
  Keep(filing);  // the answer of a filing carries no names
  v1::FileProposalRequest for_other = file;
  for_other.set_request_id(NextRequestId());
  *for_other.mutable_household() = other;
  for_other.set_own_household(false);
  v1::Filing other_filing;
  status = citizens->FileProposal(Context(citizen).get(), for_other, &other_filing);
  ASSERT_TRUE(status.ok()) << status.error_message();
  Keep(other_filing);
  v1::GetMyFilingRequest get;
  get.set_proposal_id(other_filing.proposal_id());
  v1::Filing read;
  status = citizens->GetMyFiling(Context(citizen).get(), get, &read);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(read);  // another household: no member is shown back
  get.set_proposal_id(others_id);
  ExpectCode(citizens->GetMyFiling(Context(citizen).get(), get, &read), StatusCode::NOT_FOUND,
             "a proposal the citizen did not file");
  get.set_proposal_id(own.kk_number());
  ExpectCode(citizens->GetMyFiling(Context(citizen).get(), get, &read),
             StatusCode::INVALID_ARGUMENT, "a KK as proposal id");
  v1::ListMyFilingsRequest list;
  v1::ListMyFilingsResponse listed;
  status = citizens->ListMyFilings(Context(citizen).get(), list, &listed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.filings_size(), 2);
}

void PersonalDataLogScanTest::Objections(const std::string& accepted_id) {
  auto documents = v1::DocumentService::NewStub(channel_);
  auto citizens = v1::CitizenService::NewStub(channel_);
  const v1::Household own = Household(kCitizenOwn);
  const v1::Household listed = Household(kAccepted1);
  const int64_t now = base::UnixSeconds(clock_.Now());
  const std::string objector =
      CitizenToken("warga.sanggah", kDesaA, own.members(0).nik(), own.kk_number(), now);
  const std::string photo = PngDocument(78);
  const Uploaded up = Upload(*documents, *Context(objector),
                             UploadMessages(NextRequestId(), "image/png", photo));
  ASSERT_TRUE(up.status.ok()) << up.status.error_message();
  v1::FileObjectionRequest file;
  file.set_request_id(NextRequestId());
  file.set_register_entry_id(accepted_id);
  file.set_reason("memiliki toko dan mobil");
  file.add_document_hashes(up.document.sha256());
  file.set_latitude(-6.595);
  file.set_longitude(106.816);
  v1::Filing filing;
  v1::FileObjectionRequest by_nik = file;
  by_nik.set_register_entry_id(listed.members(0).nik());
  ExpectCode(citizens->FileObjection(Context(objector).get(), by_nik, &filing),
             StatusCode::INVALID_ARGUMENT, "a NIK as register entry id");
  v1::FileObjectionRequest swapped = file;
  swapped.set_latitude(106.816);
  swapped.set_longitude(-6.595);
  ExpectCode(citizens->FileObjection(Context(objector).get(), swapped, &filing),
             StatusCode::INVALID_ARGUMENT, "swapped coordinates");
  const std::string stranger =
      CitizenToken("warga.desa.b", kDesaB, own.members(0).nik(), own.kk_number(), now);
  ExpectCode(citizens->FileObjection(Context(stranger).get(), file, &filing),
             StatusCode::PERMISSION_DENIED, "an objection from another desa");
  grpc::Status status = citizens->FileObjection(Context(objector).get(), file, &filing);
  ASSERT_TRUE(status.ok()) << status.error_message();
  Keep(filing);
  file.set_request_id(NextRequestId());
  ExpectCode(citizens->FileObjection(Context(objector).get(), file, &filing),
             StatusCode::FAILED_PRECONDITION, "a second open objection");

  // The household objected to reads its entry: masked names, no NIK, no objector.
  const std::string member = CitizenToken("warga.terdaftar", kDesaA, listed.members(0).nik(),
                                          listed.kk_number(), now);
  v1::MyHousehold household;
  status = citizens->GetMyHousehold(Context(member).get(), v1::GetMyHouseholdRequest(), &household);
  ASSERT_TRUE(status.ok()) << status.error_message();
  Keep(household);
  ExpectCode(citizens->GetMyHousehold(Context(objector).get(), v1::GetMyHouseholdRequest(),
                                      &household),
             StatusCode::NOT_FOUND, "a KK that is in no entry");
}

void PersonalDataLogScanTest::Erase(const std::string& settled_id) {
  v1::ErasePersonalDataRequest erase;
  erase.set_request_id(NextRequestId());
  erase.set_proposal_id(settled_id);
  erase.set_reason("masa retensi berakhir");
  v1::Proposal erased;
  ExpectCode(personal_data_->ErasePersonalData(Context(VerifierToken()).get(), erase, &erased),
             StatusCode::PERMISSION_DENIED, "erasure by a verifier");
  v1::ErasePersonalDataRequest by_nik = erase;
  by_nik.set_proposal_id(Household(kRejectedByPusdatin).members(0).nik());
  ExpectCode(personal_data_->ErasePersonalData(Context(DinsosToken()).get(), by_nik, &erased),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");
  grpc::Status status =
      personal_data_->ErasePersonalData(Context(DinsosToken()).get(), erase, &erased);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(erased);
  status = personal_data_->ErasePersonalData(Context(DinsosToken()).get(), erase, &erased);
  EXPECT_TRUE(status.ok()) << "replay: " << status.error_message();
  erase.set_request_id(NextRequestId());
  ExpectCode(personal_data_->ErasePersonalData(Context(DinsosToken()).get(), erase, &erased),
             StatusCode::FAILED_PRECONDITION, "second erasure");
}

void PersonalDataLogScanTest::RegisterReads(const std::string& accepted_id) {
  const v1::Household household = Household(kAccepted1);
  auto registry = v1::RegisterService::NewStub(channel_);
  v1::GetEntryRequest get;
  get.set_entry_id(accepted_id);
  v1::GetEntryResponse entry;
  grpc::Status status = registry->GetEntry(Context(DinsosToken()).get(), get, &entry);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(entry);
  get.set_entry_id(household.members(0).nik());
  ExpectCode(registry->GetEntry(Context(DinsosToken()).get(), get, &entry),
             StatusCode::INVALID_ARGUMENT, "nik as entry id");
  get.set_entry_id(accepted_id);
  ExpectCode(registry->GetEntry(Context(OperatorToken(kDesaB)).get(), get, &entry),
             StatusCode::PERMISSION_DENIED, "entry of another desa");

  v1::ListEntriesRequest list;
  v1::ListEntriesResponse page;
  status = registry->ListEntries(Context(AuditorToken()).get(), list, &page);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(page);
  list.set_region_prefix(household.kk_number());
  ExpectCode(registry->ListEntries(Context(AuditorToken()).get(), list, &page),
             StatusCode::INVALID_ARGUMENT, "kk as region prefix");

  v1::VerifyEntryChainRequest verify;
  verify.set_entry_id(accepted_id);
  v1::VerifyEntryChainResponse verified;
  status = registry->VerifyEntryChain(Context(AuditorToken()).get(), verify, &verified);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(verified.verified());
  Keep(verified);
  verify.Clear();
  verify.set_region_prefix(household.members(0).nik());
  ExpectCode(registry->VerifyEntryChain(Context(AuditorToken()).get(), verify, &verified),
             StatusCode::INVALID_ARGUMENT, "nik as region prefix");

  v1::CountEntriesRequest count;
  v1::CountEntriesResponse counted;
  status = registry->CountEntries(Context(DinsosToken()).get(), count, &counted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(counted);
  count.set_region_prefix(household.members(1).nik());
  ExpectCode(registry->CountEntries(Context(DinsosToken()).get(), count, &counted),
             StatusCode::INVALID_ARGUMENT, "nik as region prefix");

  // Pusdatin's changes from central data: the death list (its one death is of a
  // household the NIK check kept out) and BPS's ranking (kAccepted1 is ranked).
  v1::FileDeceasedChangesRequest file;
  file.set_request_id(NextRequestId());
  file.set_since_date("2026-11-01");
  v1::FileDeceasedChangesResponse filed;
  status = registry->FileDeceasedChanges(Context(PusdatinToken()).get(), file, &filed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(filed.deaths_read(), 1);
  Keep(filed);
  file.set_request_id(NextRequestId());
  file.set_since_date(household.members(1).nik());
  ExpectCode(registry->FileDeceasedChanges(Context(PusdatinToken()).get(), file, &filed),
             StatusCode::INVALID_ARGUMENT, "nik as since_date");
  file.set_since_date("2026-11-01");
  file.set_region_prefix(household.kk_number());
  ExpectCode(registry->FileDeceasedChanges(Context(PusdatinToken()).get(), file, &filed),
             StatusCode::INVALID_ARGUMENT, "kk as region prefix of a filing");
  v1::ApplyWelfareRankingRequest apply;
  apply.set_request_id(NextRequestId());
  apply.set_ranking_id(kScenarioRankingId);
  v1::ApplyWelfareRankingResponse applied;
  status = registry->ApplyWelfareRanking(Context(PusdatinToken()).get(), apply, &applied);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(applied.changed(), 1);
  Keep(applied);
  apply.set_request_id(NextRequestId());
  apply.set_ranking_id(household.kk_number());  // well formed, unknown to BPS
  ExpectCode(registry->ApplyWelfareRanking(Context(PusdatinToken()).get(), apply, &applied),
             StatusCode::NOT_FOUND, "kk as ranking id");
  apply.set_ranking_id(kScenarioRankingId);
  ExpectCode(registry->ApplyWelfareRanking(Context(DinsosToken()).get(), apply, &applied),
             StatusCode::PERMISSION_DENIED, "ranking applied by Dinsos");
}

void PersonalDataLogScanTest::PublicStatus() {
  // Without a token, as the public asks: a name that is a full name (found or
  // not, the log line holds only the desa and the count), and names the edge
  // refuses, whose refusal must not repeat them.
  const v1::Household household = Household(kAccepted1);
  auto status_check = v1::PublicStatusService::NewStub(channel_);
  v1::CheckStatusRequest ask;
  ask.set_province_code(kProvince);
  ask.set_kabupaten_code(kKabupaten);
  ask.set_kecamatan_code(kKecamatan);
  ask.set_desa_code(kDesaA);
  const std::string full_name = "Raden Mas Tjokro Wiryakusumah";
  AddPersonal("public status full name", full_name, /*is_name=*/true);
  ask.set_full_name(full_name);
  v1::CheckStatusResponse answer;
  grpc::Status status = status_check->CheckStatus(Context("").get(), ask, &answer);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(answer);
  ask.set_full_name(household.members(0).name());  // with digits: refused
  ExpectCode(status_check->CheckStatus(Context("").get(), ask, &answer),
             StatusCode::INVALID_ARGUMENT, "a name with digits");
  ask.set_full_name(household.members(1).nik() + " " + household.kk_number());
  ExpectCode(status_check->CheckStatus(Context("").get(), ask, &answer),
             StatusCode::INVALID_ARGUMENT, "a NIK and KK as the name");
  ask.set_full_name(full_name);
  ask.set_desa_code(household.kk_number());
  ExpectCode(status_check->CheckStatus(Context("").get(), ask, &answer),
             StatusCode::INVALID_ARGUMENT, "a KK as the desa code");
}

void PersonalDataLogScanTest::Determination(const std::string& accepted_id) {
  auto registry = v1::RegisterService::NewStub(channel_);
  v1::GetEntryRequest get;
  get.set_entry_id(accepted_id);
  v1::GetEntryResponse entry;
  grpc::Status status = registry->GetEntry(Context(PusdatinToken()).get(), get, &entry);
  ASSERT_TRUE(status.ok() && entry.history_size() > 0) << status.error_message();
  auto export_files = [&](const std::string& token, const std::string& cycle, bool personal,
                          std::vector<v1::DeterminationFileChunk>* chunks) {
    v1::ExportDeterminationRequest request;
    request.set_cycle(cycle);
    request.set_include_personal_data(personal);
    auto context = Context(token);
    auto reader = registry->ExportDetermination(context.get(), request);
    v1::DeterminationFileChunk chunk;
    while (reader->Read(&chunk)) chunks->push_back(chunk);
    return reader->Finish();
  };
  // With personal data: the files hold names and NIKs by design; the log must not.
  std::vector<v1::DeterminationFileChunk> personal;
  status = export_files(PusdatinToken(), entry.history(0).cycle(), true, &personal);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(personal.size(), 4u);
  std::vector<v1::DeterminationFileChunk> publication;
  status = export_files(AuditorToken(), entry.history(0).cycle(), false, &publication);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const auto& chunk : publication) Keep(chunk);
  const v1::Household household = Household(kAccepted1);
  std::vector<v1::DeterminationFileChunk> none;
  ExpectCode(export_files(PusdatinToken(), household.members(0).nik(), true, &none),
             StatusCode::INVALID_ARGUMENT, "nik as cycle");
  ExpectCode(export_files(AuditorToken(), entry.history(0).cycle(), true, &none),
             StatusCode::PERMISSION_DENIED, "auditor asking for personal data");
}

void PersonalDataLogScanTest::Routes() {
  // PBI-JK: Dinsos files with the health facility's letter; Pusdatin decides alone.
  v1::CreateProposalRequest pbi = CreateRequest(Household(kPbiJkSick));
  pbi.set_route(v1::PROPOSAL_ROUTE_PBI_JK);
  pbi.set_kind(v1::PROPOSAL_KIND_REACTIVATION);
  pbi.set_reason("rawat inap, surat rumah sakit");
  pbi.add_document_hashes(kMinutes);
  pbi.set_register_entry_id(SeedRegisterEntry(*database_, kDesaA, "INACTIVE", 1));
  v1::Proposal filed;
  grpc::Status status = proposals_->CreateProposal(Context(DinsosToken()).get(), pbi, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(filed.proposal_id());
  v1::Proposal submitted;
  status = proposals_->SubmitProposal(Context(DinsosToken()).get(), submit, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);
  v1::DecideProposalRequest decide;
  decide.set_request_id(NextRequestId());
  decide.set_proposal_id(filed.proposal_id());
  decide.set_accept(true);
  decide.set_decree_number("Kepmensos 3/HUK/2026");
  v1::Proposal decided;
  status = decisions_->DecideProposal(Context(PusdatinToken()).get(), decide, &decided);
  EXPECT_TRUE(status.ok()) << status.error_message();
  decide.set_request_id(NextRequestId());
  decide.set_proposal_id(pbi.household().members(0).nik());
  ExpectCode(decisions_->DecideProposal(Context(PusdatinToken()).get(), decide, &decided),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id to DecideProposal");

  // CENTRAL: Pusdatin files a death; the district confirms it.
  v1::CreateProposalRequest death = CreateRequest(Household(kCentralDeath));
  death.set_route(v1::PROPOSAL_ROUTE_CENTRAL);
  death.set_kind(v1::PROPOSAL_KIND_DEACTIVATION);
  death.set_deactivation_reason(v1::DEACTIVATION_REASON_DECEASED);
  death.set_reason("meninggal menurut Dukcapil");
  death.set_register_entry_id(SeedRegisterEntry(*database_, kDesaA, "ACTIVE", 2));
  status = proposals_->CreateProposal(Context(PusdatinToken()).get(), death, &filed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  v1::ConfirmCentralChangeRequest confirm;
  confirm.set_request_id(NextRequestId());
  confirm.set_proposal_id(filed.proposal_id());
  confirm.set_confirmed(true);
  v1::Proposal confirmed;
  ExpectCode(review_->ConfirmCentralChange(Context(OperatorToken()).get(), confirm, &confirmed),
             StatusCode::PERMISSION_DENIED, "village operator confirming");
  status = review_->ConfirmCentralChange(Context(DinsosToken()).get(), confirm, &confirmed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(confirmed.state(), v1::PROPOSAL_STATE_CENTRAL_REVIEW);

  // Citizens' proposals, written as the citizens' service writes a filing (the
  // server's keys: tests/support/server_files.cc).
  auto db = storage::Database::Open({.url = database_->ServiceRoleUrl(),
                                     .pool_size = 1,
                                     .nik_key = std::string(64, 'n')});
  ASSERT_TRUE(db.ok()) << db.status();
  const workflow::Actor citizen{"citizen.account.9", Role::kCitizen, kDesaA};
  std::vector<std::string> filings;
  for (int seed : {kCitizenTakenUp, kCitizenDeclined}) {
    auto prepared = services::PrepareCreation(citizen, CreateRequest(Household(seed)),
                                              std::chrono::time_point_cast<std::chrono::microseconds>(
                                                  std::chrono::system_clock::now()),
                                              std::string(64, 'h'),
                                              workflow::Route::kCitizenProposal, {});
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    v1::Proposal out;
    absl::Status inserted = (*db)->InTransaction([&](storage::Tx& tx) {
      return services::InsertCreation(tx, *prepared, "citizen-filing", &out);
    });
    ASSERT_TRUE(inserted.ok()) << inserted;
    filings.push_back(out.proposal_id());
  }
  v1::TakeUpProposalRequest take_up;
  take_up.set_request_id(NextRequestId());
  take_up.set_proposal_id(filings[0]);
  *take_up.mutable_household() = Household(kCitizenTakenUp);
  v1::Proposal taken;
  ExpectCode(proposals_->TakeUpProposal(Context(OperatorToken(kDesaB)).get(), take_up, &taken),
             StatusCode::PERMISSION_DENIED, "take-up by another desa");
  take_up.set_request_id(NextRequestId());
  status = proposals_->TakeUpProposal(Context(OperatorToken()).get(), take_up, &taken);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(taken.state(), v1::PROPOSAL_STATE_PRELIST);
  take_up.set_request_id(NextRequestId());
  const v1::Household completed = Household(kCitizenTakenUp);
  *take_up.mutable_household() = WithNik(completed, 1, completed.members(1).nik() + "77");
  AddPersonal("malformed take-up nik", completed.members(1).nik() + "77");
  ExpectCode(proposals_->TakeUpProposal(Context(OperatorToken()).get(), take_up, &taken),
             StatusCode::INVALID_ARGUMENT, "malformed take-up");
  v1::DeclineProposalRequest decline;
  decline.set_request_id(NextRequestId());
  decline.set_proposal_id(filings[1]);
  decline.set_reason("sudah terdaftar");
  v1::Proposal declined;
  status = proposals_->DeclineProposal(Context(OperatorToken()).get(), decline, &declined);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(declined.state(), v1::PROPOSAL_STATE_DECLINED);
}

void PersonalDataLogScanTest::Audit(const std::string& accepted_id) {
  const v1::Household household = Household(kAccepted1);
  const std::string auditor = AuditorToken();
  v1::GetHistoryResponse history = History(accepted_id);
  EXPECT_GT(history.transitions_size(), 10);
  v1::GetHistoryRequest bad_history;
  bad_history.set_proposal_id(household.members(0).nik());
  ExpectCode(audit_->GetHistory(Context(auditor).get(), bad_history, &history),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");

  v1::VerifyChainRequest verify;
  verify.set_everything(true);
  v1::VerifyChainResponse verified;
  grpc::Status status = audit_->VerifyChain(Context(auditor).get(), verify, &verified);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(verified);
  verify.set_proposal_id(household.members(1).nik());
  ExpectCode(audit_->VerifyChain(Context(auditor).get(), verify, &verified),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");
  verify.set_region_prefix(household.kk_number());
  ExpectCode(audit_->VerifyChain(Context(auditor).get(), verify, &verified),
             StatusCode::INVALID_ARGUMENT, "kk as region prefix");

  auto export_rows = [&](const v1::ExportTransitionsRequest& request, int* rows) {
    auto context = Context(auditor);
    auto reader = audit_->ExportTransitions(context.get(), request);
    v1::AuditedTransition row;
    while (reader->Read(&row)) {
      ++*rows;
      Keep(row);
    }
    return reader->Finish();
  };
  int rows = 0;
  status = export_rows(v1::ExportTransitionsRequest(), &rows);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(rows, 50);
  v1::ExportTransitionsRequest bad_export;
  bad_export.set_region_prefix(household.members(2).nik());
  ExpectCode(export_rows(bad_export, &rows), StatusCode::INVALID_ARGUMENT, "nik as region prefix");

  v1::CreateCheckpointRequest create;
  create.set_request_id(NextRequestId());
  v1::CreateCheckpointResponse made;
  status = audit_->CreateCheckpoint(Context(auditor).get(), create, &made);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(made);
  create.set_request_id(NextRequestId());
  ExpectCode(audit_->CreateCheckpoint(Context(OperatorToken()).get(), create, &made),
             StatusCode::PERMISSION_DENIED, "operator makes a checkpoint");

  v1::GetCheckpointRequest get;
  v1::Checkpoint checkpoint;
  status = audit_->GetCheckpoint(Context(auditor).get(), get, &checkpoint);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(checkpoint);
  get.set_sequence(99999);
  ExpectCode(audit_->GetCheckpoint(Context(auditor).get(), get, &checkpoint),
             StatusCode::NOT_FOUND, "unknown checkpoint");
  v1::ListCheckpointsRequest list;
  v1::ListCheckpointsResponse listed;
  status = audit_->ListCheckpoints(Context(auditor).get(), list, &listed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(listed);
  list.set_after_sequence(-1);
  ExpectCode(audit_->ListCheckpoints(Context(auditor).get(), list, &listed),
             StatusCode::INVALID_ARGUMENT, "negative sequence");

  v1::GetInclusionProofRequest proof_request;
  proof_request.set_proposal_id(accepted_id);
  proof_request.set_sequence(1);
  v1::InclusionProof proof;
  status = audit_->GetInclusionProof(Context(auditor).get(), proof_request, &proof);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Keep(proof);
  proof_request.set_sequence(9999);
  ExpectCode(audit_->GetInclusionProof(Context(auditor).get(), proof_request, &proof),
             StatusCode::NOT_FOUND, "no such transition");
  proof_request.set_proposal_id(household.members(3).nik());
  proof_request.set_sequence(1);
  ExpectCode(audit_->GetInclusionProof(Context(auditor).get(), proof_request, &proof),
             StatusCode::INVALID_ARGUMENT, "nik as proposal id");

  v1::AuditKey key;
  status = audit_->GetAuditKey(Context(auditor).get(), v1::GetAuditKeyRequest(), &key);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ExpectCode(audit_->GetAuditKey(Context("").get(), v1::GetAuditKeyRequest(), &key),
             StatusCode::UNAUTHENTICATED, "no token");

  // The personal-data access log: every LookupNik so far, with hashes only.
  v1::ListPersonalDataAccessRequest access;
  v1::ListPersonalDataAccessResponse accessed;
  status = audit_->ListPersonalDataAccess(Context(auditor).get(), access, &accessed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(accessed.entries_size(), 0);
  Keep(accessed);
  access.set_subject("operator.sukamaju");
  status = audit_->ListPersonalDataAccess(Context(auditor).get(), access, &accessed);
  EXPECT_TRUE(status.ok()) << status.error_message();
  access.set_subject("");
  access.set_page_token("KK" + household.kk_number());
  ExpectCode(audit_->ListPersonalDataAccess(Context(auditor).get(), access, &accessed),
             StatusCode::INVALID_ARGUMENT, "kk as access-log page token");
  access.set_page_token("");
  ExpectCode(audit_->ListPersonalDataAccess(Context(OperatorToken()).get(), access, &accessed),
             StatusCode::PERMISSION_DENIED, "operator reads the access log");
}

void PersonalDataLogScanTest::RegistryDirect() {
  auto registry = registry::v1::PopulationRegistryService::NewStub(
      RecordingChannel(sim_address_, &recorder_, TestPki().RegistryClientTls()));
  const v1::Household household = Household(kAccepted1);
  registry::v1::CheckHouseholdRequest request;
  request.set_kk_number(household.kk_number());
  for (int i = 0; i < household.members_size(); ++i) {
    registry::v1::HouseholdMember* member = request.add_members();
    member->set_position(i + 1);
    member->set_nik(household.members(i).nik());
    member->set_name(household.members(i).name());
    member->set_birth_date(household.members(i).birth_date());
  }
  registry::v1::CheckHouseholdResponse response;
  grpc::Status status = registry->CheckHousehold(Context("").get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.members_size(), household.members_size());
  for (const auto& member : response.members()) {
    EXPECT_EQ(member.status(), registry::v1::NIK_STATUS_MATCHED);
  }
  registry::v1::CheckHouseholdRequest bad = request;
  bad.mutable_members(1)->set_nik(household.members(1).nik() + "2");
  AddPersonal("malformed registry nik", household.members(1).nik() + "2");
  ExpectCode(registry->CheckHousehold(Context("").get(), bad, &response),
             StatusCode::INVALID_ARGUMENT, "registry: malformed nik");
  bad = request;
  bad.set_kk_number("KK" + household.kk_number());
  ExpectCode(registry->CheckHousehold(Context("").get(), bad, &response),
             StatusCode::INVALID_ARGUMENT, "registry: malformed kk");

  // The death list: the deceased spouse, and a refused date.
  registry::v1::ListDeathsRequest deaths_request;
  deaths_request.set_since_date(kScenarioDeathDate);
  registry::v1::ListDeathsResponse deaths;
  status = registry->ListDeaths(Context("").get(), deaths_request, &deaths);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(deaths.deaths_size(), 1);
  deaths_request.set_since_date("2026-02-30");
  ExpectCode(registry->ListDeaths(Context("").get(), deaths_request, &deaths),
             StatusCode::INVALID_ARGUMENT, "registry: malformed since_date");

  // BPS's welfare ranking: a known ranking, an unknown one.
  auto bps = bps::v1::WelfareRankingService::NewStub(
      RecordingChannel(sim_address_, &recorder_, TestPki().RegistryClientTls()));
  bps::v1::ListRankingsRequest ranking_request;
  ranking_request.set_ranking_id(kScenarioRankingId);
  bps::v1::ListRankingsResponse rankings;
  status = bps->ListRankings(Context("").get(), ranking_request, &rankings);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rankings.rankings_size(), 2);
  ranking_request.set_ranking_id("1999-Q1");
  ExpectCode(bps->ListRankings(Context("").get(), ranking_request, &rankings),
             StatusCode::NOT_FOUND, "bps: unknown ranking");
}

}  // namespace usulan::testing
