// Recomputes what the audit trail claims and names each mismatch precisely: the
// hash chain of one proposal, and one signed checkpoint. Pure: the rows come from
// storage, the trusted keys from the caller (never from the database, which an
// attacker able to tamper with rows could also write). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/signing.h"
#include "audit/transition_encoding.h"

namespace usulan::audit {

enum class FindingKind {
  kRowAltered,                  // the row's content no longer matches its own hash
  kRowReordered,                // the row's hash matches its content at another sequence
  kChainBroken,                 // prev_hash is not the hash of the row before it
  kRowMissing,                  // sequence numbers missing: rows deleted
  kRowUnexpected,               // a row beyond the proposal's version: inserted
  kCheckpointAltered,           // the stored checkpoint hash does not match its fields
  kCheckpointLinkBroken,        // previous_hash / sequence do not follow the one before
  kCheckpointSignatureInvalid,  // the signature does not verify with the named key
  kCheckpointKeyUnknown,        // signed by a key that is not trusted
  kCheckpointCountMismatch,     // the covered rows are not as many as it says
  kCheckpointRootMismatch,      // the covered rows' hashes give another Merkle root
};
// lower_snake names, e.g. "row_altered"; stable (printed by usulanctl, in tests).
std::string_view Name(FindingKind kind);

struct Finding {
  FindingKind kind;
  std::string proposal_id;  // for row findings
  int64_t sequence = 0;     // the row's sequence (row findings)
  int64_t checkpoint = 0;   // the checkpoint's sequence (checkpoint findings)
  std::string detail;       // one sentence for people; never row contents
};

// A row as stored: its fields (prev_hash included) and its stored hash.
struct StoredRow {
  TransitionFields fields;
  std::string hash;
};

// Verifies the rows of one proposal, ordered by sequence. `expected_version` is the
// proposal's version (its last sequence) when the proposal row exists, so trailing
// deletions and appended rows are found too. Empty when everything holds.
// Consequences of one finding are not repeated: the row after a missing or
// reordered one is not also reported as a broken link.
std::vector<Finding> VerifyProposalChain(std::string_view proposal_id,
                                         const std::vector<StoredRow>& rows,
                                         std::optional<int64_t> expected_version);

// What the covered rows say: how many, and the Merkle root of their stored hashes
// in log order (MerkleRootBuilder over LeafHash of each raw hash).
struct Coverage {
  int64_t count = 0;
  std::string merkle_root;  // hex
};

// Verifies one checkpoint: its stored hash, its link to `previous` (nullptr for
// the first: sequence 1, 64 zeros, log range from 1; else the next sequence, the
// previous hash, the range right after the previous one), its signature under one of `trusted`,
// and, when `coverage` is given, count and root. Empty when everything holds.
std::vector<Finding> VerifyCheckpoint(const SignedCheckpoint& checkpoint,
                                      const SignedCheckpoint* previous,
                                      const std::vector<VerifyingKey>& trusted,
                                      const std::optional<Coverage>& coverage);

}  // namespace usulan::audit
