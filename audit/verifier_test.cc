#include "audit/verifier.h"

#include <limits>

#include "absl/strings/str_cat.h"

#include "audit/digest.h"
#include "audit/merkle.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace usulan::audit {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kId[] = "3f2c1d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

// A well-formed chain of `n` rows.
std::vector<StoredRow> Chain(int n) {
  std::vector<StoredRow> rows;
  std::string previous(kZeroHash);
  for (int i = 1; i <= n; ++i) {
    StoredRow row;
    row.fields.proposal_id = kId;
    row.fields.sequence = i;
    row.fields.from_state = i == 1 ? "" : "DRAFT";
    row.fields.to_state = "DRAFT";
    row.fields.event = i == 1 ? "create" : "update_draft";
    row.fields.actor_id = "operator-1";
    row.fields.role = "village_operator";
    row.fields.region_code = "3201012001";
    row.fields.request_id = "r" + std::to_string(i);
    row.fields.at_us = 1714557600000000 + i;
    row.fields.machine_version = 1;
    row.fields.prev_hash = previous;
    row.hash = TransitionHash(row.fields);
    previous = row.hash;
    rows.push_back(row);
  }
  return rows;
}

std::vector<FindingKind> Kinds(const std::vector<Finding>& findings) {
  std::vector<FindingKind> out;
  for (const auto& f : findings) out.push_back(f.kind);
  return out;
}

std::vector<int64_t> Sequences(const std::vector<Finding>& findings) {
  std::vector<int64_t> out;
  for (const auto& f : findings) out.push_back(f.sequence);
  return out;
}

TEST(ChainVerifierTest, IntactChainHasNoFindings) {
  EXPECT_THAT(VerifyProposalChain(kId, Chain(5), 5), IsEmpty());
  EXPECT_THAT(VerifyProposalChain(kId, Chain(1), std::nullopt), IsEmpty());
  EXPECT_THAT(VerifyProposalChain(kId, {}, std::nullopt), IsEmpty());
}

TEST(ChainVerifierTest, ChangedRow) {
  auto rows = Chain(4);
  rows[1].fields.reason = "changed";
  auto findings = VerifyProposalChain(kId, rows, 4);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowAltered));
  EXPECT_THAT(Sequences(findings), ElementsAre(2));
  EXPECT_EQ(findings[0].proposal_id, kId);
}

TEST(ChainVerifierTest, ChangedAndRehashedRowBreaksTheNextLink) {
  auto rows = Chain(4);
  rows[1].fields.actor_id = "someone-else";
  rows[1].hash = TransitionHash(rows[1].fields);
  auto findings = VerifyProposalChain(kId, rows, 4);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kChainBroken));
  EXPECT_THAT(Sequences(findings), ElementsAre(3));
}

TEST(ChainVerifierTest, DeletedRows) {
  auto rows = Chain(5);
  rows.erase(rows.begin() + 1, rows.begin() + 3);  // sequences 2 and 3
  auto findings = VerifyProposalChain(kId, rows, 5);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowMissing));
  EXPECT_THAT(Sequences(findings), ElementsAre(2));
  EXPECT_EQ(findings[0].detail, "sequences 2 to 3 are missing");

  rows = Chain(5);
  rows.erase(rows.begin());  // the creation record
  EXPECT_THAT(Kinds(VerifyProposalChain(kId, rows, 5)), ElementsAre(FindingKind::kRowMissing));

  rows = Chain(5);
  rows.pop_back();  // the last row: only the proposal's version tells
  findings = VerifyProposalChain(kId, rows, 5);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowMissing));
  EXPECT_THAT(Sequences(findings), ElementsAre(5));

  // Every row gone.
  findings = VerifyProposalChain(kId, {}, 3);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowMissing));
  EXPECT_EQ(findings[0].detail,
            "sequences 1 to 3 are missing: the trail ends before the proposal's version");
}

TEST(ChainVerifierTest, SwappedSequencesAreReportedAsReordered) {
  auto rows = Chain(5);
  std::swap(rows[1].fields.sequence, rows[2].fields.sequence);
  std::swap(rows[1], rows[2]);  // ordered by (new) sequence, as storage reads them
  auto findings = VerifyProposalChain(kId, rows, 5);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowReordered, FindingKind::kRowReordered));
  EXPECT_THAT(Sequences(findings), ElementsAre(2, 3));
  EXPECT_EQ(findings[0].detail, "the row stored as sequence 2 was written as sequence 3");
}

TEST(ChainVerifierTest, InsertedRows) {
  // A forged row in the middle (the rows after it renumbered) with a made-up hash.
  auto rows = Chain(4);
  StoredRow forged = rows[1];
  forged.fields.reason = "forged";
  forged.hash = std::string(64, 'a');
  rows.insert(rows.begin() + 2, forged);
  for (size_t i = 0; i < rows.size(); ++i) rows[i].fields.sequence = static_cast<int64_t>(i + 1);
  auto findings = VerifyProposalChain(kId, rows, 4);
  EXPECT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].kind, FindingKind::kRowAltered);
  EXPECT_EQ(findings[0].sequence, 3);

  // A well-formed row appended past the proposal's version.
  rows = Chain(5);
  rows.pop_back();
  findings = VerifyProposalChain(kId, Chain(5), 4);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowUnexpected));
  EXPECT_THAT(Sequences(findings), ElementsAre(5));
}

// Found with the fuzz harness (fuzz/regressions/audit_verifier/): the search for
// where a moved row was written went up to the highest stored sequence, so one
// tampered row at 2^42 kept the verifier busy for weeks. The search now stops a
// little past the trail's length.
TEST(ChainVerifierTest, ARowAtAHugeSequenceIsReportedWithoutSearchingUpToIt) {
  auto rows = Chain(3);
  rows[2].fields.sequence = int64_t{1} << 42;
  auto findings = VerifyProposalChain(kId, rows, std::nullopt);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kRowMissing, FindingKind::kRowReordered));
  EXPECT_THAT(Sequences(findings), ElementsAre(3, int64_t{1} << 42));
  EXPECT_EQ(findings[1].detail,
            absl::StrCat("the row stored as sequence ", int64_t{1} << 42,
                         " was written as sequence 3"));
  // The same bound holds when the proposal's version is the huge number, and for
  // a row whose content changed too (found nowhere: altered).
  rows[2].fields.reason = "changed";
  EXPECT_THAT(Kinds(VerifyProposalChain(kId, rows, int64_t{1} << 42)),
              ElementsAre(FindingKind::kRowMissing, FindingKind::kRowAltered));
}

// Found with the fuzz harness (UBSan): a sequence at the end of int64 overflowed
// `sequence + 1`.
TEST(ChainVerifierTest, SequencesAtTheEndOfInt64AreFindingsNotOverflows) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  auto rows = Chain(3);
  rows[1].fields.sequence = kMax;
  rows[2].fields.sequence = kMax;
  auto findings = VerifyProposalChain(kId, rows, std::nullopt);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings[0].kind, FindingKind::kRowMissing);
  EXPECT_EQ(findings[0].detail,
            absl::StrCat("sequences 2 to ", kMax - 1, " are missing"));
  rows[1].fields.sequence = std::numeric_limits<int64_t>::min();
  EXPECT_FALSE(VerifyProposalChain(kId, rows, std::nullopt).empty());
}

class CheckpointVerifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    key_ = std::make_unique<SigningKey>(*SigningKey::FromPem(*SigningKey::GeneratePem()));
    trusted_ = {key_->verifying_key()};
    for (int i = 0; i < 3; ++i) leaves_.push_back(Sha256("row " + std::to_string(i)));
  }

  Coverage CoverageOf(const std::vector<Digest>& hashes) {
    MerkleRootBuilder builder;
    for (const Digest& hash : hashes) builder.AddLeafHash(LeafHash(hash));
    return {static_cast<int64_t>(hashes.size()), ToHex(builder.Root())};
  }

  SignedCheckpoint Make(int64_t sequence, const SignedCheckpoint* previous, const SigningKey& key) {
    SignedCheckpoint cp;
    cp.fields.sequence = sequence;
    cp.fields.first_log_index = 10 * (sequence - 1) + 1;
    cp.fields.last_log_index = 10 * sequence;
    const Coverage coverage = CoverageOf(leaves_);
    cp.fields.transition_count = coverage.count;
    cp.fields.merkle_root = coverage.merkle_root;
    cp.fields.previous_hash = previous ? previous->hash : std::string(kZeroHash);
    cp.fields.created_at_us = 1714557600000000 + sequence;
    cp.fields.key_id = key.verifying_key().key_id();
    cp.signature = Base64Encode(*key.Sign(EncodeCheckpoint(cp.fields)));
    cp.hash = CheckpointHash(cp.fields);
    return cp;
  }

  std::unique_ptr<SigningKey> key_;
  std::vector<VerifyingKey> trusted_;
  std::vector<Digest> leaves_;
};

TEST_F(CheckpointVerifierTest, IntactCheckpointsHaveNoFindings) {
  const SignedCheckpoint first = Make(1, nullptr, *key_);
  const SignedCheckpoint second = Make(2, &first, *key_);
  EXPECT_THAT(VerifyCheckpoint(first, nullptr, trusted_, CoverageOf(leaves_)), IsEmpty());
  EXPECT_THAT(VerifyCheckpoint(second, &first, trusted_, CoverageOf(leaves_)), IsEmpty());
  EXPECT_THAT(VerifyCheckpoint(second, &first, trusted_, std::nullopt), IsEmpty());
}

TEST_F(CheckpointVerifierTest, RowsThatDoNotGiveTheSignedRoot) {
  const SignedCheckpoint cp = Make(1, nullptr, *key_);
  std::vector<Digest> rehashed = leaves_;
  rehashed[1] = Sha256("re-hashed row");
  EXPECT_THAT(Kinds(VerifyCheckpoint(cp, nullptr, trusted_, CoverageOf(rehashed))),
              ElementsAre(FindingKind::kCheckpointRootMismatch));
  std::vector<Digest> fewer = {leaves_[0], leaves_[2]};
  EXPECT_THAT(
      Kinds(VerifyCheckpoint(cp, nullptr, trusted_, CoverageOf(fewer))),
      ElementsAre(FindingKind::kCheckpointCountMismatch, FindingKind::kCheckpointRootMismatch));
  std::vector<Digest> reordered = {leaves_[1], leaves_[0], leaves_[2]};
  EXPECT_THAT(Kinds(VerifyCheckpoint(cp, nullptr, trusted_, CoverageOf(reordered))),
              ElementsAre(FindingKind::kCheckpointRootMismatch));
}

TEST_F(CheckpointVerifierTest, ForgedOrAlteredCheckpoints) {
  SignedCheckpoint cp = Make(1, nullptr, *key_);
  // A root rewritten to match re-hashed rows, without re-signing.
  SignedCheckpoint changed = cp;
  changed.fields.merkle_root = ToHex(Sha256("other"));
  changed.hash = CheckpointHash(changed.fields);
  EXPECT_THAT(Kinds(VerifyCheckpoint(changed, nullptr, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointSignatureInvalid));
  // A signature that is not the key's.
  SignedCheckpoint forged = cp;
  std::string signature = *Base64Decode(cp.signature);
  signature[0] = static_cast<char>(signature[0] ^ 0x40);
  forged.signature = Base64Encode(signature);
  EXPECT_THAT(Kinds(VerifyCheckpoint(forged, nullptr, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointSignatureInvalid));
  forged.signature = "not base64!";
  EXPECT_THAT(Kinds(VerifyCheckpoint(forged, nullptr, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointSignatureInvalid));
  // Signed by another key (e.g. an attacker's, with its id written in).
  SigningKey other = *SigningKey::FromPem(*SigningKey::GeneratePem());
  EXPECT_THAT(Kinds(VerifyCheckpoint(Make(1, nullptr, other), nullptr, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointKeyUnknown));
  // A stored hash that does not match.
  SignedCheckpoint rehashed = cp;
  rehashed.hash = std::string(64, 'b');
  EXPECT_THAT(Kinds(VerifyCheckpoint(rehashed, nullptr, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointAltered));
}

TEST_F(CheckpointVerifierTest, BrokenLinks) {
  const SignedCheckpoint first = Make(1, nullptr, *key_);
  const SignedCheckpoint second = Make(2, &first, *key_);
  const SignedCheckpoint third = Make(3, &second, *key_);
  // Checkpoint 2 deleted.
  auto findings = VerifyCheckpoint(third, &first, trusted_, std::nullopt);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kCheckpointLinkBroken));
  EXPECT_EQ(findings[0].checkpoint, 3);
  // The first one does not start the chain.
  EXPECT_THAT(Kinds(VerifyCheckpoint(second, nullptr, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointLinkBroken));
  // The one before was altered (its fields no longer give the hash linked to).
  SignedCheckpoint altered_first = first;
  altered_first.fields.transition_count = 99;
  EXPECT_THAT(Kinds(VerifyCheckpoint(second, &altered_first, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointLinkBroken));
  // A range that does not continue the previous one (rows left out between them).
  SignedCheckpoint gap = Make(2, &first, *key_);
  gap.fields.first_log_index += 1;
  gap.signature = Base64Encode(*key_->Sign(EncodeCheckpoint(gap.fields)));
  gap.hash = CheckpointHash(gap.fields);
  EXPECT_THAT(Kinds(VerifyCheckpoint(gap, &first, trusted_, std::nullopt)),
              ElementsAre(FindingKind::kCheckpointLinkBroken));
}

// Found with the fuzz harness (UBSan): the checkpoint after one at the end of
// int64 (sequence or log range) overflowed `+ 1`; such a successor is a broken link.
TEST_F(CheckpointVerifierTest, NothingFollowsACheckpointAtTheEndOfInt64) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  SignedCheckpoint last = Make(1, nullptr, *key_);
  last.fields.sequence = kMax;
  last.hash = CheckpointHash(last.fields);
  auto findings = VerifyCheckpoint(Make(2, &last, *key_), &last, trusted_, std::nullopt);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kCheckpointLinkBroken));
  EXPECT_THAT(findings[0].detail, ::testing::HasSubstr("no checkpoint can follow"));
  // Sequence and link in order, the log range at the end of int64.
  last.fields.sequence = 1;
  last.fields.last_log_index = kMax;
  last.hash = CheckpointHash(last.fields);
  findings = VerifyCheckpoint(Make(2, &last, *key_), &last, trusted_, std::nullopt);
  EXPECT_THAT(Kinds(findings), ElementsAre(FindingKind::kCheckpointLinkBroken));
  EXPECT_THAT(findings[0].detail, ::testing::HasSubstr("log range"));
}

TEST(FindingNamesTest, AreStable) {
  EXPECT_EQ(Name(FindingKind::kRowAltered), "row_altered");
  EXPECT_EQ(Name(FindingKind::kRowReordered), "row_reordered");
  EXPECT_EQ(Name(FindingKind::kChainBroken), "chain_broken");
  EXPECT_EQ(Name(FindingKind::kRowMissing), "row_missing");
  EXPECT_EQ(Name(FindingKind::kRowUnexpected), "row_unexpected");
  EXPECT_EQ(Name(FindingKind::kCheckpointAltered), "checkpoint_altered");
  EXPECT_EQ(Name(FindingKind::kCheckpointLinkBroken), "checkpoint_link_broken");
  EXPECT_EQ(Name(FindingKind::kCheckpointSignatureInvalid), "checkpoint_signature_invalid");
  EXPECT_EQ(Name(FindingKind::kCheckpointKeyUnknown), "checkpoint_key_unknown");
  EXPECT_EQ(Name(FindingKind::kCheckpointCountMismatch), "checkpoint_count_mismatch");
  EXPECT_EQ(Name(FindingKind::kCheckpointRootMismatch), "checkpoint_root_mismatch");
}

}  // namespace
}  // namespace usulan::audit
