// Records of the tamper-evident audit trail that cross the storage boundary
// (tx.h, "audit trail"). The row and checkpoint contents are the audit/ library's
// own structs, filled with exactly what is stored, so verification recomputes
// hashes over the stored values and nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/checkpoint.h"
#include "audit/digest.h"
#include "audit/verifier.h"
#include "storage/records.h"

namespace usulan::storage {

struct StoredTransition {
  audit::StoredRow row;    // fields (prev_hash included) and the stored hash
  int64_t log_index = 0;   // position in log order (the checkpoints' leaf order)
  int64_t checkpoint = 0;  // sequence of the covering checkpoint; 0 = not yet covered
};

struct ProposalVersion {
  std::string id;
  int64_t version = 0;
};

// A checkpoint covers the rows whose log_index is in its fields' [first, last]
// (0004_audit_chain.sql explains why that range is final when it is taken).
struct CheckpointRecord {
  audit::SignedCheckpoint checkpoint;
};

// What the next checkpoint will cover; made under the checkpoint lock, which the
// transaction holds until it ends.
struct CheckpointDraft {
  std::optional<CheckpointRecord> previous;
  int64_t first_log_index = 1;
  int64_t last_log_index = 0;
  audit::Coverage coverage;  // count 0: nothing new to cover
};

// Keyset position of an export: the last row sent.
struct ExportCursor {
  TimePoint at;
  std::string proposal_id;
  int64_t sequence = 0;
};

struct ExportFilter {
  std::string region_prefix;      // of the proposals' desa codes; "" = everywhere
  std::optional<TimePoint> from;  // inclusive
  std::optional<TimePoint> to;    // exclusive
  std::optional<ExportCursor> after;
  int limit = 1000;  // 1..1000
};

}  // namespace usulan::storage
