// The household digest in the audit trail is keyed (issue 11): the evidence of
// every data-entry step is HMAC-SHA256 under the server's household key of the
// household's deterministic encoding, marked household_digest = hmac-sha256, and
// not the plain SHA-256 that anyone holding a candidate household could
// recompute; a server with another household key is refused; rows written
// before (plain SHA-256, unmarked) still verify.
#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "services/convert.h"
#include "services/digest.h"
#include "services/proposal_creation.h"
#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;

class HouseholdDigestE2eTest : public E2eTest {
 protected:
  void Submit(const std::string& proposal_id) {
    v1::SubmitProposalRequest submit;
    submit.set_request_id(NextRequestId());
    submit.set_proposal_id(proposal_id);
    v1::Proposal submitted;
    ASSERT_TRUE(proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &submitted).ok());
  }

  // What an auditor holding the key computes, and what anyone can compute.
  std::string Keyed(const v1::Household& household) const {
    return audit::ToHex(audit::HmacSha256(household_key_, services::DeterministicBytes(household)));
  }
  static std::string Plain(const v1::Household& household) {
    return services::Sha256Hex(services::DeterministicBytes(household));
  }
};

TEST_F(HouseholdDigestE2eTest, EntryEvidenceIsTheKeyedDigestNotThePlainOne) {
  const v1::CreateProposalRequest request = NewProposal(kDesaA, 1);
  v1::Proposal created;
  ASSERT_TRUE(
      proposals_->CreateProposal(Context(OperatorToken()).get(), request, &created).ok());
  v1::UpdateDraftRequest update;
  update.set_request_id(NextRequestId());
  update.set_proposal_id(created.proposal_id());
  *update.mutable_household() = request.household();
  update.mutable_household()->set_address("Kampung Baru RT 02");
  v1::Proposal updated;
  ASSERT_TRUE(proposals_->UpdateDraft(Context(OperatorToken()).get(), update, &updated).ok());
  ASSERT_NO_FATAL_FAILURE(Submit(created.proposal_id()));

  const v1::GetHistoryResponse history = History(created.proposal_id());
  ASSERT_EQ(history.transitions_size(), 4);  // create, update_draft, submit, nik_checked
  const std::string first = Keyed(request.household());
  const std::string second = Keyed(update.household());
  ASSERT_NE(first, Plain(request.household()));
  const std::string expected[] = {first, second, second, second};
  for (int i = 0; i < history.transitions_size(); ++i) {
    const v1::Transition& row = history.transitions(i);
    SCOPED_TRACE(row.event());
    ASSERT_EQ(row.evidence_hashes_size(), 1);
    EXPECT_EQ(row.evidence_hashes(0), expected[i]);
    EXPECT_NE(row.evidence_hashes(0), Plain(i == 0 ? request.household() : update.household()));
    ASSERT_EQ(row.attributes().count("household_digest"), 1u);
    EXPECT_EQ(row.attributes().at("household_digest"), "hmac-sha256");
  }
}

// The database remembers the key its digests were made with: the fixture's
// server recorded it, so a second server with another key may not start (it
// would write digests nobody holding the first key could confirm), nor one with
// a short key; the same key starts.
TEST_F(HouseholdDigestE2eTest, AServerWithAnotherHouseholdKeyIsRefused) {
  server::ServerOptions options{"127.0.0.1:0", verifier_};
  options.household_key = std::string(32, 'x');
  auto other = server::UsulanServer::Start(options, *db_, clock_, *registry_);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(other.status().message(), HasSubstr("--household-key-file"));

  options.household_key = "short";
  auto short_key = server::UsulanServer::Start(options, *db_, clock_, *registry_);
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.status().code(), absl::StatusCode::kInvalidArgument);

  options.household_key = household_key_;
  auto same = server::UsulanServer::Start(options, *db_, clock_, *registry_);
  ASSERT_TRUE(same.ok()) << same.status();
  (*same)->Shutdown(std::chrono::milliseconds(100));
}

// A proposal created by a server before this change: its creation row carries
// the plain SHA-256 and no marker. It moves on under the keyed digest, and its
// chain - old row and new rows - verifies.
TEST_F(HouseholdDigestE2eTest, RowsWithThePlainDigestStillVerify) {
  const v1::CreateProposalRequest request = NewProposal(kDesaA, 2);
  const workflow::Actor actor{"operator.old", workflow::Role::kVillageOperator, kDesaA};
  auto prepared = services::PrepareCreation(actor, request, clock_.Now(), household_key_,
                                            workflow::Route::kVillage, {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  // As the earlier server wrote it.
  prepared->creation.evidence_hashes = {Plain(request.household())};
  prepared->creation.attributes.erase("household_digest");
  v1::Proposal created;
  absl::Status inserted = db_->InTransaction([&](storage::Tx& tx) {
    return services::InsertCreation(tx, *prepared, "old-create", &created);
  });
  ASSERT_TRUE(inserted.ok()) << inserted;

  ASSERT_NO_FATAL_FAILURE(Submit(created.proposal_id()));

  const v1::GetHistoryResponse history = History(created.proposal_id());
  ASSERT_EQ(history.transitions_size(), 3);
  EXPECT_EQ(history.transitions(0).evidence_hashes(0), Plain(request.household()));
  EXPECT_EQ(history.transitions(0).attributes().count("household_digest"), 0u);
  for (int i = 1; i < 3; ++i) {
    EXPECT_EQ(history.transitions(i).evidence_hashes(0), Keyed(request.household()));
    EXPECT_EQ(history.transitions(i).attributes().at("household_digest"), "hmac-sha256");
  }

  v1::VerifyChainRequest verify;
  verify.set_proposal_id(created.proposal_id());
  v1::VerifyChainResponse verified;
  ASSERT_TRUE(audit_
                  ->VerifyChain(Context(Token(workflow::Role::kAuditor, "", "auditor.bpk")).get(),
                                verify, &verified)
                  .ok());
  EXPECT_TRUE(verified.ok());
  EXPECT_EQ(verified.transitions_checked(), 3);
  EXPECT_EQ(verified.findings_size(), 0);
}

}  // namespace
}  // namespace usulan::testing
