#include "tests/e2e/lifecycle_driver.h"

#include <chrono>
#include <cstdio>

#include "tests/support/register_seed.h"

namespace usulan::testing {

using workflow::Role;

namespace {
constexpr char kMinutesHash[] = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";
constexpr char kNameListHash[] = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
}  // namespace

std::string LifecycleTest::DinsosToken(const std::string& kabupaten) const {
  return Token(Role::kDistrictOfficer, kabupaten, kabupaten == kKabupaten ? kDinsosOfficer : "");
}
std::string LifecycleTest::RegentToken(const std::string& kabupaten) const {
  return Token(Role::kRegent, kabupaten, kabupaten == kKabupaten ? kRegentSubject : "");
}
std::string LifecycleTest::ProvinceToken(const std::string& province) const {
  return Token(Role::kProvinceOfficer, province, province == kProvince ? kProvinceSubject : "");
}
std::string LifecycleTest::PusdatinToken() const {
  return Token(Role::kCentralReviewer, "", kPusdatinSubject);
}
std::string LifecycleTest::VerifierToken(const std::string& region) const {
  return Token(Role::kVerifier, region, kVerifier);
}

std::vector<std::string> LifecycleTest::Prelisted(const std::string& desa, int first, int count) {
  std::vector<std::string> ids;
  for (int seed = first; seed < first + count; ++seed) {
    v1::Proposal p = CreateAndSubmit(desa, seed);
    EXPECT_EQ(p.state(), v1::PROPOSAL_STATE_PRELIST);
    ids.push_back(p.proposal_id());
  }
  return ids;
}

std::string LifecycleTest::MeetingDate() const {
  const auto wib = std::chrono::floor<std::chrono::days>(clock_.Now() + std::chrono::hours(7));
  const std::chrono::year_month_day day{wib};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return text;
}

v1::Deliberation LifecycleTest::OpenDeliberation(const std::string& desa) {
  const bool kelurahan = workflow::IsKelurahan(desa);
  v1::OpenDeliberationRequest open;
  open.set_request_id(NextRequestId());
  open.set_kind(kelurahan ? v1::DELIBERATION_KIND_MUSKEL : v1::DELIBERATION_KIND_MUSDES);
  open.set_desa_code(desa);
  open.set_meeting_date(MeetingDate());
  v1::Deliberation d;
  grpc::Status status = deliberations_->OpenDeliberation(Context(HeadToken(desa)).get(), open, &d);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return d;
}

void LifecycleTest::Deliberate(const std::string& desa, const std::vector<std::string>& ids,
                               const std::vector<std::string>& rejected) {
  v1::Deliberation d = OpenDeliberation(desa);
  ASSERT_FALSE(d.deliberation_id().empty());
  v1::AddToAgendaRequest add;
  add.set_request_id(NextRequestId());
  add.set_deliberation_id(d.deliberation_id());
  for (const auto& id : ids) add.add_proposal_ids(id);
  grpc::Status added = deliberations_->AddToAgenda(Context(HeadToken(desa)).get(), add, &d);
  ASSERT_TRUE(added.ok()) << added.error_message();
  for (const auto& id : ids) {
    v1::RecordOutcomeRequest outcome;
    outcome.set_request_id(NextRequestId());
    outcome.set_deliberation_id(d.deliberation_id());
    outcome.set_proposal_id(id);
    const bool reject = std::find(rejected.begin(), rejected.end(), id) != rejected.end();
    outcome.set_outcome(reject ? v1::AGENDA_OUTCOME_REJECTED : v1::AGENDA_OUTCOME_AGREED);
    if (reject) outcome.set_reason("not poor by the village's own assessment");
    ASSERT_TRUE(deliberations_->RecordOutcome(Context(HeadToken(desa)).get(), outcome, &d).ok());
  }
  v1::CloseDeliberationRequest close;
  close.set_request_id(NextRequestId());
  close.set_deliberation_id(d.deliberation_id());
  close.set_attendance(40);
  close.set_quorum(30);
  close.set_minutes_sha256(minutes_sha256_);
  grpc::Status closed = deliberations_->CloseDeliberation(Context(HeadToken(desa)).get(), close, &d);
  ASSERT_TRUE(closed.ok()) << closed.error_message();
}

void LifecycleTest::AssignVerifier(const std::vector<std::string>& ids, const std::string& desa) {
  grpc::Status status = AssignVerifierAs(ids, OperatorToken(desa));
  ASSERT_TRUE(status.ok()) << status.error_message();
}

grpc::Status LifecycleTest::AssignVerifierAs(const std::vector<std::string>& ids,
                                             const std::string& token) {
  v1::AssignVerifierRequest request;
  request.set_request_id(NextRequestId());
  for (const auto& id : ids) request.add_proposal_ids(id);
  request.set_verifier_id(kVerifier);
  v1::ProposalsChanged out;
  return verification_->AssignVerifier(Context(token).get(), request, &out);
}

grpc::Status LifecycleTest::RecordVisit(const std::string& id, v1::VisitOutcome outcome,
                                        bool eligible, const std::string& token,
                                        const std::string& reason) {
  v1::Proposal out;
  return verification_->RecordVisit(Context(token).get(),
                                    VisitRequest(id, outcome, eligible, reason), &out);
}

v1::RecordVisitRequest LifecycleTest::VisitRequest(const std::string& id,
                                                   v1::VisitOutcome outcome, bool eligible,
                                                   const std::string& reason) {
  v1::RecordVisitRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_outcome(outcome);
  request.set_eligible(eligible);
  // Now: a visit may neither lie in the future nor predate its assignment.
  request.mutable_visit_time()->set_seconds(base::UnixSeconds(clock_.Now()));
  request.add_evidence_sha256(kDocHash);
  request.mutable_location()->set_latitude(-6.595);
  request.mutable_location()->set_longitude(106.816);
  request.set_reason(reason);
  return request;
}

void LifecycleTest::FinalizeVillage(const std::string& desa, const std::vector<std::string>& ids) {
  v1::FinalizeVillageRequest request;
  request.set_request_id(NextRequestId());
  request.set_desa_code(desa);
  for (const auto& id : ids) request.add_proposal_ids(id);
  request.set_minutes_sha256(kMinutesHash);
  request.set_name_list_sha256(kNameListHash);
  v1::ProposalsChanged out;
  grpc::Status status = verification_->FinalizeVillage(Context(HeadToken(desa)).get(), request, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

void LifecycleTest::OpenReview(const std::vector<std::string>& ids) {
  v1::OpenReviewRequest request;
  request.set_request_id(NextRequestId());
  for (const auto& id : ids) request.add_proposal_ids(id);
  v1::ProposalsChanged out;
  grpc::Status status = review_->OpenReview(Context(DinsosToken()).get(), request, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

void LifecycleTest::Approve(const std::vector<std::string>& ids) {
  v1::ApproveProposalsRequest request;
  request.set_request_id(NextRequestId());
  for (const auto& id : ids) request.add_proposal_ids(id);
  v1::ProposalsChanged out;
  grpc::Status status = review_->ApproveProposals(Context(DinsosToken()).get(), request, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
}

v1::Batch LifecycleTest::CreateBatch(const std::vector<std::string>& ids) {
  v1::CreateBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_kabupaten_code(kKabupaten);
  for (const auto& id : ids) request.add_proposal_ids(id);
  v1::Batch out;
  grpc::Status status = review_->CreateBatch(Context(DinsosToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

v1::Batch LifecycleTest::Ratify(const v1::Batch& batch) {
  v1::RatifyBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  request.set_letter_number("400/123/Dinsos/2026");
  request.set_letter_sha256(kLetterSha);
  v1::Batch out;
  grpc::Status status = review_->RatifyBatch(Context(RegentToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

v1::Batch LifecycleTest::Submit(const v1::Batch& batch) {
  v1::SubmitBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  v1::Batch out;
  grpc::Status status = review_->SubmitBatch(Context(DinsosToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

v1::Batch LifecycleTest::Forward(const v1::Batch& batch) {
  v1::ForwardBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  v1::Batch out;
  grpc::Status status = review_->ForwardBatch(Context(ProvinceToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

std::vector<std::string> LifecycleTest::ToAgreed(int first, int count, const std::string& desa) {
  std::vector<std::string> ids = Prelisted(desa, first, count);
  Deliberate(desa, ids);
  return ids;
}

std::vector<std::string> LifecycleTest::ToVerified(int first, int count, const std::string& desa) {
  std::vector<std::string> ids = ToAgreed(first, count, desa);
  AssignVerifier(ids, desa);
  for (const auto& id : ids) {
    grpc::Status status = RecordVisit(id, v1::VISIT_OUTCOME_COMPLETED, true, VerifierToken());
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  return ids;
}

std::vector<std::string> LifecycleTest::ToDistrictReview(int first, int count,
                                                         const std::string& desa) {
  std::vector<std::string> ids = ToVerified(first, count, desa);
  FinalizeVillage(desa, ids);
  OpenReview(ids);
  return ids;
}

std::vector<std::string> LifecycleTest::ToDistrictApproved(int first, int count,
                                                           const std::string& desa) {
  std::vector<std::string> ids = ToDistrictReview(first, count, desa);
  Approve(ids);
  return ids;
}

v1::Batch LifecycleTest::ToCentralReview(int first, int count, const std::string& desa) {
  v1::Batch batch = CreateBatch(ToDistrictApproved(first, count, desa));
  return Forward(Submit(Ratify(batch)));
}

grpc::Status LifecycleTest::DecideBatch(const v1::Batch& batch, const std::string& decree) {
  v1::DecideBatchRequest request;
  request.set_request_id(NextRequestId());
  request.set_batch_id(batch.batch_id());
  request.set_decree_number(decree);
  v1::BatchDecision out;
  return decisions_->DecideBatch(Context(PusdatinToken()).get(), request, &out);
}

std::string LifecycleTest::ListedEntry(int seed, const std::string& decree) {
  v1::Batch batch = ToCentralReview(seed, 1);
  grpc::Status status = DecideBatch(batch, decree);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return batch.members(0).proposal_id();
}

std::string LifecycleTest::SeededEntry(std::string_view status, const std::string& desa) {
  return SeedRegisterEntry(*database_, desa, status, ++seeded_entries_);
}

v1::CreateProposalRequest LifecycleTest::OnRoute(v1::ProposalRoute route, int seed,
                                                 bool registered) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, seed, registered);
  request.set_route(route);
  if (route == v1::PROPOSAL_ROUTE_PBI_JK) {
    request.set_kind(v1::PROPOSAL_KIND_REACTIVATION);
    request.set_reason("dirawat inap; surat keterangan rumah sakit");
    request.add_document_hashes(kLetterSha);
    request.set_register_entry_id(SeededEntry("INACTIVE"));
  } else if (route == v1::PROPOSAL_ROUTE_CENTRAL) {
    request.set_kind(v1::PROPOSAL_KIND_DEACTIVATION);
    request.set_deactivation_reason(v1::DEACTIVATION_REASON_DECEASED);
    request.set_reason("kepala keluarga meninggal menurut data Dukcapil");
    request.set_register_entry_id(SeededEntry("ACTIVE"));
  }
  return request;
}

std::string LifecycleTest::FilerToken(v1::ProposalRoute route) const {
  return route == v1::PROPOSAL_ROUTE_CENTRAL ? PusdatinToken() : DinsosToken();
}

v1::Proposal LifecycleTest::Created(v1::ProposalRoute route, int seed, bool registered) {
  v1::Proposal out;
  grpc::Status status = proposals_->CreateProposal(Context(FilerToken(route)).get(),
                                                   OnRoute(route, seed, registered), &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(out.route(), route);
  return out;
}

v1::TakeUpProposalRequest LifecycleTest::TakeUpRequest(const std::string& id,
                                                       const v1::Household& household) {
  v1::TakeUpProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  *request.mutable_household() = household;
  return request;
}

v1::DeclineProposalRequest LifecycleTest::DeclineRequest(const std::string& id) {
  v1::DeclineProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_reason("rumah tangga sudah terdaftar di DTKS");
  return request;
}

v1::ConfirmCentralChangeRequest LifecycleTest::ConfirmRequest(const std::string& id,
                                                              bool confirmed) {
  v1::ConfirmCentralChangeRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_confirmed(confirmed);
  if (!confirmed) request.set_reason("rumah tangga berlanjut dengan kepala keluarga baru");
  return request;
}

v1::DecideProposalRequest LifecycleTest::AcceptRequest(const std::string& id) {
  v1::DecideProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_proposal_id(id);
  request.set_accept(true);
  request.set_decree_number("Kepmensos 12/HUK/2026");
  return request;
}

v1::FileObjectionRequest LifecycleTest::ObjectionRequest(const std::string& entry,
                                                         const std::string& photo) {
  v1::FileObjectionRequest request;
  request.set_request_id(NextRequestId());
  request.set_register_entry_id(entry);
  request.set_reason("rumah permanen dua lantai, memiliki mobil");
  if (!photo.empty()) request.add_document_hashes(photo);
  request.set_latitude(-6.595);
  request.set_longitude(106.816);
  return request;
}

v1::Proposal LifecycleTest::Get(const std::string& id) {
  v1::GetProposalRequest request;
  request.set_proposal_id(id);
  v1::Proposal out;
  grpc::Status status = proposals_->GetProposal(Context(PusdatinToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

}  // namespace usulan::testing
