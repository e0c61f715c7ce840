// The edge between the wire and the domain, one defect at a time, through the
// real server: text with NUL, control and bidirectional characters, 16 digits in
// audited text, timestamps that overflow or break their domain rule, enum numbers
// the enum does not declare, bytes that are not a message, and upper-case ids.
#include <algorithm>
#include <cctype>

#include "base/clock.h"
#include "tests/e2e/lifecycle_driver.h"
#include "tests/e2e/raw_call.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Upper(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return id;
}

class EdgeValidationTest : public LifecycleTest {
 protected:
  grpc::Status Create(const v1::CreateProposalRequest& request, v1::Proposal* out = nullptr) {
    v1::Proposal ignored;
    return proposals_->CreateProposal(Context(OperatorToken()).get(), request,
                                      out != nullptr ? out : &ignored);
  }

  // Nothing of a refused creation is stored.
  void ExpectRefused(const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), StartsWith(field + " ")) << status.error_message();
  }

  v1::RecordVisitRequest Visit(const std::string& id, int64_t seconds) {
    v1::RecordVisitRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_outcome(v1::VISIT_OUTCOME_COMPLETED);
    request.set_eligible(true);
    request.mutable_visit_time()->set_seconds(seconds);
    request.add_evidence_sha256(kDocHash);
    return request;
  }

  grpc::Status RecordVisit(const v1::RecordVisitRequest& request) {
    v1::Proposal out;
    return verification_->RecordVisit(Context(VerifierToken()).get(), request, &out);
  }
};

TEST_F(EdgeValidationTest, NulInANameAReasonOrAnAddressIsRefusedNamingTheField) {
  const int64_t households = CountRows("households");
  v1::CreateProposalRequest request = NewProposal(kDesaA, 1);
  request.mutable_household()->mutable_members(0)->set_name(std::string("Asep\0Sunarya", 12));
  ExpectRefused(Create(request), "household.members[0].name");  // was INTERNAL

  request = NewProposal(kDesaA, 2);
  request.set_reason(std::string("pindah\0datang", 13));
  ExpectRefused(Create(request), "reason");  // was INTERNAL

  request = NewProposal(kDesaA, 3);
  request.mutable_household()->set_address(std::string("Jl. Raya\0 No. 5", 15));
  ExpectRefused(Create(request), "household.address");  // was OK, stored cut at the NUL
  EXPECT_EQ(CountRows("households"), households);
}

TEST_F(EdgeValidationTest, ControlAndBidirectionalCharactersAreRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 1);
  request.mutable_household()->mutable_members(0)->set_name("Asep\x07Sunarya");
  ExpectRefused(Create(request), "household.members[0].name");
  request = NewProposal(kDesaA, 2);
  request.set_reason("baris satu\rbaris dua");
  ExpectRefused(Create(request), "reason");
  request = NewProposal(kDesaA, 3);
  // "Asep" followed by a right-to-left override: reads as another name.
  request.mutable_household()->mutable_members(0)->set_name("Asep \u202Eayranus");
  ExpectRefused(Create(request), "household.members[0].name");
  // Free text keeps tab and newline.
  request = NewProposal(kDesaA, 4);
  request.set_reason("pindah datang\n\tdari Cianjur");
  grpc::Status ok = Create(request);
  EXPECT_TRUE(ok.ok()) << ok.error_message();
}

TEST_F(EdgeValidationTest, AuditedTextWithSixteenDigitsInARowIsRefused) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 1), &created).ok());
  v1::WithdrawProposalRequest withdraw;
  withdraw.set_request_id(NextRequestId());
  withdraw.set_proposal_id(created.proposal_id());
  withdraw.set_reason("ganda dengan KK 3201012204780007");
  v1::Proposal out;
  ExpectRefused(proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &out),
                "reason");  // was OK: the KK number in the never-erased audit trail
  EXPECT_EQ(StateOf(created.proposal_id()), v1::PROPOSAL_STATE_DRAFT);
}

TEST_F(EdgeValidationTest, AVisitTimeThatWouldOverflowIsRefused) {
  const std::vector<std::string> ids = ToAgreed(1, 1);
  AssignVerifier(ids);
  ExpectRefused(RecordVisit(Visit(ids[0], int64_t{1} << 62)), "visit_time");  // was OK, 1970
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_IN_VERIFICATION);
}

TEST_F(EdgeValidationTest, AVisitIsNeitherInTheFutureNorBeforeTheAssignment) {
  const std::vector<std::string> ids = ToAgreed(1, 1);
  AssignVerifier(ids);
  const int64_t now = base::UnixSeconds(clock_.Now());
  grpc::Status future = RecordVisit(Visit(ids[0], now + 86'400));
  ExpectRefused(future, "visit_time");
  EXPECT_THAT(future.error_message(), HasSubstr("future"));
  grpc::Status before = RecordVisit(Visit(ids[0], now - 86'400));  // was OK
  ExpectRefused(before, "visit_time");
  EXPECT_THAT(before.error_message(), HasSubstr("before the verifier was assigned"));
  EXPECT_EQ(StateOf(ids[0]), v1::PROPOSAL_STATE_IN_VERIFICATION);
  grpc::Status ok = RecordVisit(Visit(ids[0], now));
  EXPECT_TRUE(ok.ok()) << ok.error_message();
}

TEST_F(EdgeValidationTest, ADeliberationDateIsNotInTheFuture) {
  v1::OpenDeliberationRequest open;
  open.set_request_id(NextRequestId());
  open.set_kind(v1::DELIBERATION_KIND_MUSDES);
  open.set_desa_code(kDesaA);
  open.set_meeting_date("2999-01-01");
  v1::Deliberation out;
  grpc::Status status = deliberations_->OpenDeliberation(Context(HeadToken()).get(), open, &out);
  ExpectRefused(status, "meeting_date");  // was OK
  open.set_meeting_date(MeetingDate());
  status = deliberations_->OpenDeliberation(Context(HeadToken()).get(), open, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(EdgeValidationTest, EnumNumbersTheEnumDoesNotDeclareAreRefused) {
  v1::CreateProposalRequest request = NewProposal(kDesaA, 1);
  request.mutable_household()->mutable_members(0)->set_sex(static_cast<v1::Sex>(77));
  ExpectRefused(Create(request), "household.members[0].sex");  // was OK, stored UNSPECIFIED

  v1::ListProposalsRequest list;
  list.add_states(static_cast<v1::ProposalState>(99));
  v1::ListProposalsResponse listed;
  ExpectRefused(proposals_->ListProposals(Context(OperatorToken()).get(), list, &listed),
                "states[0]");
  v1::ListDeliberationsRequest deliberations;
  deliberations.set_status(static_cast<v1::DeliberationStatus>(9));
  v1::ListDeliberationsResponse found;
  ExpectRefused(
      deliberations_->ListDeliberations(Context(HeadToken()).get(), deliberations, &found),
      "status");
  v1::ListBatchesRequest batches;
  batches.add_statuses(static_cast<v1::BatchStatus>(-1));
  v1::ListBatchesResponse batch_list;
  ExpectRefused(review_->ListBatches(Context(DinsosToken()).get(), batches, &batch_list),
                "statuses[0]");
}

TEST_F(EdgeValidationTest, BytesThatAreNotAMessageAreInvalidArgument) {
  const std::string truncated("\x0a\x05" "ab", 4);  // field 1 promises 5 bytes, has 2
  RawAnswer unary =
      RawCall(channel_, "/usulan.v1.ProposalService/CreateProposal", {truncated}, OperatorToken());
  EXPECT_EQ(unary.code, grpc::StatusCode::INVALID_ARGUMENT) << unary.message;  // was INTERNAL, ""
  EXPECT_THAT(unary.message, HasSubstr("usulan.v1.CreateProposalRequest"));

  RawAnswer server_stream = RawCall(channel_, "/usulan.v1.AuditService/ExportTransitions",
                                    {truncated}, Token(workflow::Role::kAuditor, ""));
  EXPECT_EQ(server_stream.code, grpc::StatusCode::INVALID_ARGUMENT) << server_stream.message;

  // A client stream cannot tell a malformed message from the client's half-close
  // in gRPC 1.51's synchronous API (services/malformed_request_interceptor.h):
  // the import ends there, answering the rows before it, and never INTERNAL.
  v1::ImportProposalsRequest row;
  row.set_request_id("import-hostile");
  row.set_row_number(1);
  *row.mutable_proposal() = NewProposal(kDesaA, 1);
  row.mutable_proposal()->clear_request_id();
  v1::ImportProposalsRequest second = row;
  second.set_row_number(3);
  *second.mutable_proposal() = NewProposal(kDesaA, 2);
  second.mutable_proposal()->clear_request_id();
  RawAnswer import = RawCall(channel_, "/usulan.v1.ProposalService/ImportProposals",
                             {row.SerializeAsString(), truncated, second.SerializeAsString()},
                             OperatorToken());
  EXPECT_NE(import.code, grpc::StatusCode::INTERNAL) << import.message;
  EXPECT_NE(import.code, grpc::StatusCode::UNKNOWN) << import.message;
  ASSERT_EQ(import.responses.size(), 1u);  // row 1 only: row 3 came after the bad message
  v1::ImportRowResult first;
  ASSERT_TRUE(first.ParseFromString(import.responses[0]));
  EXPECT_EQ(first.row_number(), 1);
  EXPECT_EQ(first.code(), 0) << first.message();
}

TEST_F(EdgeValidationTest, UpperAndLowerCaseOfOneIdAreOneProposal) {
  const std::vector<std::string> review = ToDistrictReview(1, 1);
  v1::ApproveProposalsRequest approve;
  approve.set_request_id(NextRequestId());
  approve.add_proposal_ids(Upper(review[0]));
  approve.add_proposal_ids(review[0]);
  v1::ProposalsChanged changed;
  grpc::Status status = review_->ApproveProposals(Context(DinsosToken()).get(), approve, &changed);
  ExpectRefused(status, "proposal_ids[1]");  // was ABORTED, retryable and never succeeding
  EXPECT_THAT(status.error_message(), HasSubstr("listed twice"));

  const std::vector<std::string> agreed = ToAgreed(10, 1);
  v1::AssignVerifierRequest assign;
  assign.set_request_id(NextRequestId());
  assign.add_proposal_ids(agreed[0]);
  assign.add_proposal_ids(Upper(agreed[0]));
  assign.set_verifier_id("verifier@3201");
  status = verification_->AssignVerifier(Context(OperatorToken()).get(), assign, &changed);
  ExpectRefused(status, "proposal_ids[1]");

  // Alone, an upper-case id is the proposal; answers name it in lower case.
  approve.clear_proposal_ids();
  approve.set_request_id(NextRequestId());
  approve.add_proposal_ids(Upper(review[0]));
  status = review_->ApproveProposals(Context(DinsosToken()).get(), approve, &changed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(changed.proposals_size(), 1);
  EXPECT_EQ(changed.proposals(0).proposal_id(), review[0]);
}

TEST_F(EdgeValidationTest, GetProposalAcceptsAnUpperCaseId) {
  v1::Proposal created;
  ASSERT_TRUE(Create(NewProposal(kDesaA, 1), &created).ok());
  v1::GetProposalRequest get;
  get.set_proposal_id(Upper(created.proposal_id()));
  v1::Proposal got;
  grpc::Status status = proposals_->GetProposal(Context(OperatorToken()).get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.proposal_id(), created.proposal_id());
}

}  // namespace
}  // namespace usulan::testing
