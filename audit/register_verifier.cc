#include "audit/register_verifier.h"

#include "audit/digest.h"

namespace usulan::audit {
namespace {

std::string Seq(int64_t sequence) { return std::to_string(sequence); }

// Compares the entry row with what its last rows say (the history holds).
void CompareEntry(const EntryRowState& entry, const std::vector<StoredRegisterRow>& rows,
                  std::vector<RegisterFinding>& out) {
  const StoredRegisterRow& last = rows.back();
  const RegisterRowFields& f = last.fields;
  if (entry.version != f.sequence || entry.history_head != last.hash) {
    out.push_back({RegisterFindingKind::kHeadMismatch, 0,
                   "the entry's version or history_head is not its last history row's (" +
                       Seq(f.sequence) + ")"});
  }
  auto altered = [&](const std::string& field) {
    out.push_back({RegisterFindingKind::kEntryAltered, 0,
                   "the entry's " + field + " is not what history row " + Seq(f.sequence) +
                       " says"});
  };
  if (entry.status != f.status_after) altered("status");
  if (entry.desil != f.desil_after) altered("desil");
  if (f.encoding == kRegisterEncodingV2) {
    if (entry.desil_date != f.desil_date_after) altered("desil_date");
    if (entry.programmes != f.programmes_after) altered("programmes");
  }
  for (auto row = rows.rbegin(); row != rows.rend(); ++row) {
    if (row->fields.change != "LISTED" && row->fields.change != "CORRECTED") continue;
    if (entry.household_proposal != row->fields.proposal_id) altered("household_proposal");
    break;
  }
}

}  // namespace

std::string_view Name(RegisterFindingKind kind) {
  switch (kind) {
    case RegisterFindingKind::kNoHistory:
      return "no_history";
    case RegisterFindingKind::kRowMissing:
      return "row_missing";
    case RegisterFindingKind::kUnknownEncoding:
      return "unknown_encoding";
    case RegisterFindingKind::kEncodingDowngrade:
      return "encoding_downgrade";
    case RegisterFindingKind::kRowAltered:
      return "row_altered";
    case RegisterFindingKind::kChainBroken:
      return "chain_broken";
    case RegisterFindingKind::kHeadMismatch:
      return "head_mismatch";
    case RegisterFindingKind::kEntryAltered:
      return "entry_altered";
  }
  return "unknown";
}

std::vector<RegisterFinding> VerifyRegisterEntry(const EntryRowState& entry,
                                                 const std::vector<StoredRegisterRow>& rows) {
  std::vector<RegisterFinding> out;
  if (rows.empty()) {
    out.push_back({RegisterFindingKind::kNoHistory, 0, "the entry has no history row"});
    return out;
  }
  std::string previous(kZeroHash);
  bool seen_v2 = false;
  bool linked = true;  // false after a missing row: its successor's link says nothing new
  for (size_t i = 0; i < rows.size(); ++i) {
    const StoredRegisterRow& row = rows[i];
    const RegisterRowFields& f = row.fields;
    const int64_t expected = static_cast<int64_t>(i) + 1;
    if (f.sequence != expected || f.entry_id != entry.entry_id) {
      out.push_back({RegisterFindingKind::kRowMissing, f.sequence,
                     "history row " + Seq(expected) + " of the entry is not where expected"});
      linked = false;
      previous = row.hash;
      continue;
    }
    if (!IsRegisterEncoding(f.encoding)) {
      out.push_back({RegisterFindingKind::kUnknownEncoding, f.sequence,
                     "the row names an unknown encoding"});
      previous = row.hash;
      continue;
    }
    if (f.encoding == kRegisterEncodingV2) {
      seen_v2 = true;
    } else if (seen_v2) {
      out.push_back({RegisterFindingKind::kEncodingDowngrade, f.sequence,
                     "a usulan-register-v1 row follows a usulan-register-v2 row"});
    }
    if (RegisterRowHash(f) != row.hash) {
      out.push_back({RegisterFindingKind::kRowAltered, f.sequence,
                     "the row's content does not match its hash"});
    }
    if (linked && f.prev_hash != previous) {
      out.push_back({RegisterFindingKind::kChainBroken, f.sequence,
                     "prev_hash is not the hash of the row before it"});
    }
    linked = true;
    previous = row.hash;
  }
  CompareEntry(entry, rows, out);
  return out;
}

}  // namespace usulan::audit
