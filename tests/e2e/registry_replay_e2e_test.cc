// A repeated request never reaches the civil registry: SubmitProposal and
// CorrectProposal look for the stored answer of their request id before they send
// a household's NIKs and names to Dukcapil, so a client's retry (or an id reused
// for another request) is answered from the database alone. A registry that counts
// its calls shows it.
#include <atomic>

#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

class CountingRegistry final : public workflow::PopulationRegistry {
 public:
  explicit CountingRegistry(workflow::PopulationRegistry& inner) : inner_(inner) {}
  absl::StatusOr<std::vector<workflow::MemberCheck>> Check(
      const workflow::Household& household) override {
    ++calls_;
    return inner_.Check(household);
  }
  int calls() const { return calls_.load(); }

 private:
  workflow::PopulationRegistry& inner_;
  std::atomic<int> calls_{0};
};

class RegistryReplayE2eTest : public E2eTest {
 protected:
  workflow::PopulationRegistry& Registry() override {
    counting_ = std::make_unique<CountingRegistry>(*registry_);
    return *counting_;
  }

  // A draft whose third member the registry does not know.
  v1::Proposal MismatchingDraft(int seed, v1::Household* household = nullptr) {
    v1::CreateProposalRequest request = NewProposal(kDesaA, seed);
    request.mutable_household()->mutable_members(2)->set_nik(
        MakeNik(kKecamatan, "2010-01-01", false, 9000 + seed));
    if (household != nullptr) *household = request.household();
    v1::Proposal created;
    grpc::Status status =
        proposals_->CreateProposal(Context(OperatorToken()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  std::unique_ptr<CountingRegistry> counting_;
};

TEST_F(RegistryReplayE2eTest, RepeatedCorrectionIsAnsweredWithoutAskingTheRegistry) {
  v1::Household household;
  const v1::Proposal draft = MismatchingDraft(1, &household);
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(draft.proposal_id());
  v1::Proposal submitted;
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  ASSERT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);

  // A correction that still carries the unknown NIK: the proposal stays in
  // NIK_MISMATCH, where a correction would ask the registry again.
  v1::CorrectProposalRequest correct;
  correct.set_request_id(NextRequestId());
  correct.set_proposal_id(draft.proposal_id());
  correct.set_reason("data dicek ulang dengan KK");
  *correct.mutable_household() = household;
  v1::Proposal corrected;
  grpc::Status first =
      proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &corrected);
  ASSERT_TRUE(first.ok()) << first.error_message();
  ASSERT_EQ(corrected.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
  const int asked = counting_->calls();

  v1::Proposal replayed;
  grpc::Status again =
      proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, &replayed);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(replayed.version(), corrected.version());
  EXPECT_EQ(replayed.state(), corrected.state());
  EXPECT_EQ(counting_->calls(), asked) << "the replay asked the civil registry";
}

TEST_F(RegistryReplayE2eTest, RequestIdReusedForAnotherSubmissionNeverReachesTheRegistry) {
  const v1::Proposal one = MismatchingDraft(1);
  const v1::Proposal other = MismatchingDraft(2);
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(one.proposal_id());
  v1::Proposal submitted;
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  const int asked = counting_->calls();

  // The same request id for another proposal's submission: refused, and the
  // other household is not sent to the registry for it.
  submit.set_proposal_id(other.proposal_id());
  v1::Proposal refused;
  grpc::Status reused = proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &refused);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << reused.error_message();
  EXPECT_EQ(counting_->calls(), asked) << "the reused id sent a household to the civil registry";

  // A plain retry of the first submission is answered from its stored answer.
  submit.set_proposal_id(one.proposal_id());
  v1::Proposal replayed;
  ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &replayed).ok());
  EXPECT_EQ(replayed.version(), submitted.version());
  EXPECT_EQ(counting_->calls(), asked);
}

}  // namespace
}  // namespace usulan::testing
