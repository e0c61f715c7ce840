#include "tests/e2e/lifecycle_driver.h"

#include <chrono>
#include <cstdio>

namespace usulan::testing {

using workflow::Role;

namespace {
constexpr char kMinutesHash[] = "3f79bb7b435b05321651daefd374cdc681dc06faa65e374e38337b88ca046dea";
constexpr char kNameListHash[] = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
constexpr char kLetterHash[] = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
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
  v1::AssignVerifierRequest request;
  request.set_request_id(NextRequestId());
  for (const auto& id : ids) request.add_proposal_ids(id);
  request.set_verifier_id(kVerifier);
  v1::ProposalsChanged out;
  grpc::Status status = verification_->AssignVerifier(Context(OperatorToken(desa)).get(), request, &out);
  ASSERT_TRUE(status.ok()) << status.error_message();
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
  request.set_letter_sha256(kLetterHash);
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

v1::Proposal LifecycleTest::Get(const std::string& id) {
  v1::GetProposalRequest request;
  request.set_proposal_id(id);
  v1::Proposal out;
  grpc::Status status = proposals_->GetProposal(Context(PusdatinToken()).get(), request, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

}  // namespace usulan::testing
