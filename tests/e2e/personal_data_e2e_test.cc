// PersonalDataService.ErasePersonalData end to end (README, "Personal data"): who
// may erase and when, what is left afterwards (the proposal, its history, verifiable
// chains and checkpoints), and that no copy of the household's personal data
// survives anywhere in the database.
#include <string>
#include <vector>

#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

class PersonalDataE2eTest : public E2eTest {
 protected:
  std::string DinsosToken(const std::string& kabupaten = kKabupaten) const {
    return Token(Role::kDistrictOfficer, kabupaten, "dinsos.bogor");
  }
  std::string AuditorToken() const { return Token(Role::kAuditor, "", "auditor.bpk"); }

  // A proposal of desa A, submitted (PRELIST), then withdrawn by the village:
  // settled (WITHDRAWN) now. Remembers its household.
  v1::Proposal Withdrawn(int seed) {
    v1::CreateProposalRequest create = NewProposal(kDesaA, seed);
    household_ = create.household();
    v1::Proposal created;
    grpc::Status status =
        proposals_->CreateProposal(Context(OperatorToken()).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::SubmitProposalRequest submit;
    submit.set_request_id(NextRequestId());
    submit.set_proposal_id(created.proposal_id());
    v1::Proposal submitted;
    status = proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::WithdrawProposalRequest withdraw;
    withdraw.set_request_id(NextRequestId());
    withdraw.set_proposal_id(created.proposal_id());
    withdraw.set_reason("household moved away");
    v1::Proposal withdrawn;
    status = proposals_->WithdrawProposal(Context(OperatorToken()).get(), withdraw, &withdrawn);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(withdrawn.state(), v1::PROPOSAL_STATE_WITHDRAWN);
    return withdrawn;
  }

  v1::ErasePersonalDataRequest EraseRequest(const std::string& id) {
    v1::ErasePersonalDataRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason("retention period over");
    return request;
  }

  grpc::Status Erase(const v1::ErasePersonalDataRequest& request, const std::string& token,
                     v1::Proposal* response) {
    return personal_data_->ErasePersonalData(Context(token).get(), request, response);
  }

  void PastRetention() { clock_.Advance(std::chrono::hours(24) * (kRetentionDays + 1)); }

  // Every piece of personal data of the household: KK number, NIKs, names.
  std::vector<std::string> PersonalValues() const {
    std::vector<std::string> values = {household_.kk_number(), household_.address()};
    for (const v1::Member& m : household_.members()) {
      values.push_back(m.nik());
      values.push_back(m.name());
    }
    return values;
  }

  v1::Household household_;
};

TEST_F(PersonalDataE2eTest, ErasesAfterRetentionLeavingAVerifiableTrailAndNoCopy) {
  const v1::Proposal withdrawn = Withdrawn(1);
  const std::string id = withdrawn.proposal_id();
  // The test can fail: before erasure the household is in its tables and in the
  // stored answers of the calls that wrote it.
  for (const std::string& value : PersonalValues()) {
    EXPECT_NE(TablesHolding(value), "") << value;
  }
  EXPECT_THAT(TablesHolding(household_.members(0).nik()), HasSubstr("idempotency"));
  v1::CreateCheckpointRequest checkpoint;
  checkpoint.set_request_id(NextRequestId());
  v1::CreateCheckpointResponse made;
  ASSERT_TRUE(audit_->CreateCheckpoint(Context(AuditorToken()).get(), checkpoint, &made).ok());
  ASSERT_TRUE(made.created());

  // Before the retention period is over: refused, naming the state and the date.
  v1::Proposal answer;
  grpc::Status status = Erase(EraseRequest(id), DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("event erase_personal_data is not allowed in state WITHDRAWN before "));
  EXPECT_THAT(status.error_message(), HasSubstr("retention period of 30 days"));

  PastRetention();
  v1::ErasePersonalDataRequest request = EraseRequest(id);
  request.set_expected_version(withdrawn.version());
  status = Erase(request, DinsosToken(), &answer);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(answer.state(), v1::PROPOSAL_STATE_WITHDRAWN);
  EXPECT_EQ(answer.version(), withdrawn.version() + 1);
  EXPECT_FALSE(answer.has_household());
  EXPECT_TRUE(answer.has_personal_data_erased_at());

  // The proposal stays readable, flagged as erased.
  v1::GetProposalRequest get;
  get.set_proposal_id(id);
  v1::Proposal read;
  ASSERT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), get, &read).ok());
  EXPECT_EQ(read.state(), v1::PROPOSAL_STATE_WITHDRAWN);
  EXPECT_FALSE(read.has_household());
  EXPECT_EQ(read.personal_data_erased_at().seconds(), answer.personal_data_erased_at().seconds());
  v1::ListProposalsRequest list;
  list.set_region_prefix(kDesaA);
  v1::ListProposalsResponse listed;
  ASSERT_TRUE(proposals_->ListProposals(Context(OperatorToken()).get(), list, &listed).ok());
  ASSERT_EQ(listed.proposals_size(), 1);
  EXPECT_EQ(listed.proposals(0).member_count(), 0);

  // The erasure is the last row of the trail: who, as what, where, why; no
  // personal data.
  v1::GetHistoryRequest history_request;
  history_request.set_proposal_id(id);
  v1::GetHistoryResponse history;
  ASSERT_TRUE(
      audit_->GetHistory(Context(AuditorToken()).get(), history_request, &history).ok());
  ASSERT_EQ(history.transitions_size(), static_cast<int>(answer.version()));
  const v1::Transition& last = history.transitions(history.transitions_size() - 1);
  EXPECT_EQ(last.event(), "erase_personal_data");
  EXPECT_EQ(last.from_state(), v1::PROPOSAL_STATE_WITHDRAWN);
  EXPECT_EQ(last.to_state(), v1::PROPOSAL_STATE_WITHDRAWN);
  EXPECT_EQ(last.actor_id(), "dinsos.bogor");
  EXPECT_EQ(last.role(), "district_officer");
  EXPECT_EQ(last.region_code(), kKabupaten);
  EXPECT_EQ(last.reason(), "retention period over");
  EXPECT_EQ(last.attributes().at("retention_days"), "30");

  // LookupNik no longer finds the person.
  v1::LookupNikRequest lookup;
  lookup.set_nik(household_.members(0).nik());
  v1::LookupNikResponse found;
  ASSERT_TRUE(proposals_->LookupNik(Context(OperatorToken()).get(), lookup, &found).ok());
  EXPECT_EQ(found.proposals_size(), 0);

  // Chains and checkpoints verify, before and after a checkpoint over the erasure.
  v1::VerifyChainRequest verify;
  verify.set_everything(true);
  v1::VerifyChainResponse verified;
  ASSERT_TRUE(audit_->VerifyChain(Context(AuditorToken()).get(), verify, &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.DebugString();
  EXPECT_EQ(verified.transitions_not_checkpointed(), 1);
  checkpoint.set_request_id(NextRequestId());
  ASSERT_TRUE(audit_->CreateCheckpoint(Context(AuditorToken()).get(), checkpoint, &made).ok());
  ASSERT_TRUE(made.created());
  ASSERT_TRUE(audit_->VerifyChain(Context(AuditorToken()).get(), verify, &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.DebugString();
  EXPECT_EQ(verified.checkpoints_checked(), 2);
  EXPECT_EQ(verified.transitions_not_checkpointed(), 0);
  verify.set_proposal_id(id);
  ASSERT_TRUE(audit_->VerifyChain(Context(DinsosToken()).get(), verify, &verified).ok());
  EXPECT_TRUE(verified.ok()) << verified.DebugString();

  // No row anywhere holds the KK number, address, a NIK or a name any more.
  for (const std::string& value : PersonalValues()) {
    EXPECT_EQ(TablesHolding(value), "") << value;
  }
}

TEST_F(PersonalDataE2eTest, RefusedForOpenProposalsOtherRolesAndOtherRegions) {
  const v1::Proposal open = CreateAndSubmit(kDesaA, 2);
  PastRetention();
  v1::Proposal answer;
  grpc::Status status = Erase(EraseRequest(open.proposal_id()), DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("event erase_personal_data is not allowed in state PRELIST"));

  const std::string id = Withdrawn(3).proposal_id();
  PastRetention();
  for (const std::string& token :
       {OperatorToken(), HeadToken(), Token(Role::kRegent, kKabupaten),
        Token(Role::kProvinceOfficer, kProvince), Token(Role::kAuditor, ""),
        Token(Role::kSystem, ""), DinsosToken("3202")}) {
    status = Erase(EraseRequest(id), token, &answer);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
  }
  status = Erase(EraseRequest(id), "", &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::ErasePersonalDataRequest bad = EraseRequest(id);
  bad.set_reason(" ");
  status = Erase(bad, DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("reason"));
  bad = EraseRequest("not-a-uuid");
  status = Erase(bad, DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  bad = EraseRequest("00000000-0000-4000-8000-000000000000");
  status = Erase(bad, DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CountRows("households"), 2);

  // Pusdatin may erase nationally.
  status = Erase(EraseRequest(id), Token(Role::kCentralReviewer, "", "pusdatin.reviewer"),
                 &answer);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(CountRows("households"), 1);
}

TEST_F(PersonalDataE2eTest, IdempotentByRequestIdAndVersionChecked) {
  const v1::Proposal withdrawn = Withdrawn(4);
  PastRetention();
  v1::ErasePersonalDataRequest stale = EraseRequest(withdrawn.proposal_id());
  stale.set_expected_version(withdrawn.version() - 1);
  v1::Proposal answer;
  grpc::Status status = Erase(stale, DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);

  const v1::ErasePersonalDataRequest request = EraseRequest(withdrawn.proposal_id());
  v1::Proposal first, replayed;
  ASSERT_TRUE(Erase(request, DinsosToken(), &first).ok());
  ASSERT_TRUE(Erase(request, DinsosToken(), &replayed).ok());
  EXPECT_EQ(first.SerializeAsString(), replayed.SerializeAsString());
  EXPECT_EQ(CountRows("transitions WHERE event = 'erase_personal_data'"), 1);

  // A new request finds the data already gone.
  status = Erase(EraseRequest(withdrawn.proposal_id()), DinsosToken(), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("was already erased on"));
  EXPECT_EQ(CountRows("transitions WHERE event = 'erase_personal_data'"), 1);

  // The same people may be proposed again.
  v1::CreateProposalRequest again = NewProposal(kDesaA, 4);
  v1::Proposal created;
  status = proposals_->CreateProposal(Context(OperatorToken()).get(), again, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

}  // namespace
}  // namespace usulan::testing
