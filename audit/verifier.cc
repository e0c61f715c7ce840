#include "audit/verifier.h"

#include <limits>
#include <set>

#include "absl/strings/str_cat.h"
#include "audit/digest.h"

namespace usulan::audit {
namespace {

Finding RowFinding(FindingKind kind, std::string_view proposal_id, int64_t sequence,
                   std::string detail) {
  return Finding{kind, std::string(proposal_id), sequence, 0, std::move(detail)};
}

Finding CheckpointFinding(FindingKind kind, int64_t checkpoint, std::string detail) {
  return Finding{kind, "", 0, checkpoint, std::move(detail)};
}

// How far past the trail's own length WrittenAt looks. The highest sequence comes
// from the rows themselves (and the proposal's version), which a tamperer writes:
// unbounded, one row stored as sequence 2^42 made the search run for weeks
// (fuzz/regressions/audit_verifier/). A row moved further is reported as altered.
constexpr int64_t kMovedSearchSlack = 1000;

// The sequence (other than the stored one, at most `highest`) at which the row's
// content gives its stored hash, if any: the mark of a row moved to another position.
std::optional<int64_t> WrittenAt(const StoredRow& row, int64_t highest) {
  TransitionFields moved = row.fields;
  for (int64_t sequence = 1; sequence <= highest; ++sequence) {
    if (sequence == row.fields.sequence) continue;
    moved.sequence = sequence;
    if (TransitionHash(moved) == row.hash) return sequence;
  }
  return std::nullopt;
}

// The number after `value`; nullopt at the end of int64 (a tampered sequence or
// log index), where `value + 1` would overflow.
std::optional<int64_t> Successor(int64_t value) {
  if (value == std::numeric_limits<int64_t>::max()) return std::nullopt;
  return value + 1;
}

}  // namespace

std::string_view Name(FindingKind kind) {
  switch (kind) {
    case FindingKind::kRowAltered:
      return "row_altered";
    case FindingKind::kRowReordered:
      return "row_reordered";
    case FindingKind::kChainBroken:
      return "chain_broken";
    case FindingKind::kRowMissing:
      return "row_missing";
    case FindingKind::kRowUnexpected:
      return "row_unexpected";
    case FindingKind::kCheckpointAltered:
      return "checkpoint_altered";
    case FindingKind::kCheckpointLinkBroken:
      return "checkpoint_link_broken";
    case FindingKind::kCheckpointSignatureInvalid:
      return "checkpoint_signature_invalid";
    case FindingKind::kCheckpointKeyUnknown:
      return "checkpoint_key_unknown";
    case FindingKind::kCheckpointCountMismatch:
      return "checkpoint_count_mismatch";
    case FindingKind::kCheckpointRootMismatch:
      return "checkpoint_root_mismatch";
  }
  return "unknown";
}

std::vector<Finding> VerifyProposalChain(std::string_view proposal_id,
                                         const std::vector<StoredRow>& rows,
                                         std::optional<int64_t> expected_version) {
  std::vector<Finding> findings;
  int64_t highest = expected_version.value_or(0);
  for (const StoredRow& row : rows) highest = std::max(highest, row.fields.sequence);
  highest = std::min(highest, static_cast<int64_t>(rows.size()) + kMovedSearchSlack);

  std::string previous_hash(kZeroHash);
  int64_t expected_sequence = 1;
  bool previous_flagged = false;  // the row before was missing or moved
  for (const StoredRow& row : rows) {
    const int64_t sequence = row.fields.sequence;
    bool flagged = false;
    if (sequence > expected_sequence) {
      findings.push_back(
          RowFinding(FindingKind::kRowMissing, proposal_id, expected_sequence,
                     sequence - 1 == expected_sequence  // sequence > expected: no overflow
                         ? absl::StrCat("sequence ", expected_sequence, " is missing")
                         : absl::StrCat("sequences ", expected_sequence, " to ", sequence - 1,
                                        " are missing")));
      previous_flagged = true;
    }
    if (TransitionHash(row.fields) != row.hash) {
      if (std::optional<int64_t> written = WrittenAt(row, highest)) {
        findings.push_back(RowFinding(FindingKind::kRowReordered, proposal_id, sequence,
                                      absl::StrCat("the row stored as sequence ", sequence,
                                                   " was written as sequence ", *written)));
      } else {
        findings.push_back(
            RowFinding(FindingKind::kRowAltered, proposal_id, sequence,
                       absl::StrCat("sequence ", sequence,
                                    " does not match its hash: changed after it was written")));
      }
      flagged = true;
    }
    if (row.fields.prev_hash != previous_hash && !previous_flagged && !flagged) {
      findings.push_back(
          RowFinding(FindingKind::kChainBroken, proposal_id, sequence,
                     absl::StrCat("sequence ", sequence,
                                  " does not link to the row before it (prev_hash differs): a row "
                                  "before it was replaced or re-hashed")));
    }
    if (expected_version && sequence > *expected_version) {
      findings.push_back(
          RowFinding(FindingKind::kRowUnexpected, proposal_id, sequence,
                     absl::StrCat("sequence ", sequence, " lies beyond the proposal's version ",
                                  *expected_version, ": inserted")));
    }
    previous_hash = row.hash;
    previous_flagged = flagged;
    // Nothing follows a row at the end of int64: a later row is reported by the
    // checks above, none as missing.
    expected_sequence = Successor(sequence).value_or(sequence);
  }
  if (expected_version && *expected_version >= expected_sequence) {
    findings.push_back(RowFinding(
        FindingKind::kRowMissing, proposal_id, expected_sequence,
        *expected_version == expected_sequence
            ? absl::StrCat("sequence ", expected_sequence,
                           " is missing: the trail ends before the proposal's version")
            : absl::StrCat("sequences ", expected_sequence, " to ", *expected_version,
                           " are missing: the trail ends before the proposal's version")));
  }
  return findings;
}

std::vector<Finding> VerifyCheckpoint(const SignedCheckpoint& checkpoint,
                                      const SignedCheckpoint* previous,
                                      const std::vector<VerifyingKey>& trusted,
                                      const std::optional<Coverage>& coverage) {
  std::vector<Finding> findings;
  const CheckpointFields& f = checkpoint.fields;
  const int64_t n = f.sequence;
  if (CheckpointHash(f) != checkpoint.hash) {
    findings.push_back(CheckpointFinding(FindingKind::kCheckpointAltered, n,
                                         "the stored hash does not match the checkpoint's fields"));
  }
  const std::optional<int64_t> expected_sequence =
      previous ? Successor(previous->fields.sequence) : 1;
  const std::string expected_previous =
      previous ? CheckpointHash(previous->fields) : std::string(kZeroHash);
  if (!expected_sequence || f.sequence != *expected_sequence) {
    findings.push_back(CheckpointFinding(
        FindingKind::kCheckpointLinkBroken, n,
        expected_sequence ? absl::StrCat("expected checkpoint ", *expected_sequence,
                                         " here: checkpoints are missing")
                          : "no checkpoint can follow the one before it (its sequence is the "
                            "largest there is)"));
  } else if (f.previous_hash != expected_previous) {
    findings.push_back(
        CheckpointFinding(FindingKind::kCheckpointLinkBroken, n,
                          "previous_hash is not the hash of the checkpoint before it"));
  } else if (f.first_log_index != (previous ? Successor(previous->fields.last_log_index) : 1) ||
             f.last_log_index < f.first_log_index) {
    findings.push_back(
        CheckpointFinding(FindingKind::kCheckpointLinkBroken, n,
                          "its log range does not start where the checkpoint before it ended"));
  }
  const VerifyingKey* key = nullptr;
  for (const VerifyingKey& candidate : trusted) {
    if (candidate.key_id() == f.key_id) key = &candidate;
  }
  if (key == nullptr) {
    findings.push_back(CheckpointFinding(
        FindingKind::kCheckpointKeyUnknown, n,
        absl::StrCat("signed by key ", f.key_id.substr(0, 16), "..., which is not trusted")));
  } else {
    std::optional<std::string> signature = Base64Decode(checkpoint.signature);
    if (!signature || !key->Verify(EncodeCheckpoint(f), *signature)) {
      findings.push_back(CheckpointFinding(FindingKind::kCheckpointSignatureInvalid, n,
                                           "the signature does not verify"));
    }
  }
  if (coverage) {
    if (coverage->count != f.transition_count) {
      findings.push_back(
          CheckpointFinding(FindingKind::kCheckpointCountMismatch, n,
                            absl::StrCat("covers ", f.transition_count, " transitions but ",
                                         coverage->count, " are stored in its range")));
    }
    if (coverage->merkle_root != f.merkle_root) {
      findings.push_back(CheckpointFinding(
          FindingKind::kCheckpointRootMismatch, n,
          "the Merkle root of the stored transitions differs from the signed one"));
    }
  }
  return findings;
}

}  // namespace usulan::audit
