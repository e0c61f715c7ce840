// Recomputes what a register entry's history claims (register_encoding.h) and
// compares the entry row with its last history row, naming each mismatch: the
// check behind RegisterService.VerifyEntryChain. Pure: the rows and the entry
// come from storage as stored. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/register_encoding.h"

namespace usulan::audit {

enum class RegisterFindingKind {
  kNoHistory,         // the entry has no history row at all
  kRowMissing,        // sequences are not 1, 2, 3, ...: rows deleted or inserted
  kUnknownEncoding,   // a row names an encoding that is neither v1 nor v2
  kEncodingDowngrade, // a v1 row after a v2 row: rows written since 0018 are all v2
  kRowAltered,        // the row's content no longer matches its own hash
  kChainBroken,       // prev_hash is not the hash of the row before it
  kHeadMismatch,      // the entry's version or history_head is not its last row's
  kEntryAltered,      // the entry's status, desil, its date, programmes or
                      // household are not what its last rows say
};
// lower_snake names, e.g. "entry_altered"; stable (printed by usulanctl, in tests).
std::string_view Name(RegisterFindingKind kind);

struct RegisterFinding {
  RegisterFindingKind kind;
  int64_t sequence = 0;  // the row's (0 for findings about the entry row)
  std::string detail;    // one sentence naming the field, never its value
};

// A history row as stored: its fields (prev_hash and encoding included) and its
// stored hash.
struct StoredRegisterRow {
  RegisterRowFields fields;
  std::string hash;
};

// What the entry row holds now (register_entries), as stored.
struct EntryRowState {
  std::string entry_id;
  std::string status;  // ACTIVE | INACTIVE
  std::optional<int> desil;
  std::string desil_date;  // "" when none
  std::vector<std::string> programmes;
  std::string household_proposal;
  int64_t version = 0;
  std::string history_head;
};

// Verifies `rows` (the entry's history ordered by sequence) and `entry`. The
// entry's status and desil are compared with the last row; its desil date and
// programmes only when the last row is v2 (v1 did not hash them); its household
// with the proposal of the last LISTED or CORRECTED row. Empty when everything
// holds. A finding's consequences are not repeated (after a missing row, the
// links are not also reported).
std::vector<RegisterFinding> VerifyRegisterEntry(const EntryRowState& entry,
                                                 const std::vector<StoredRegisterRow>& rows);

}  // namespace usulan::audit
