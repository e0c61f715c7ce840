// The tamper-evident audit trail, read back as stored: rows with their hashes for
// verification and export, and the checkpoints (0004_audit_chain.sql). The rows
// are written, and hashed, in proposal_repository.cc (InsertTransition).
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "audit/merkle.h"
#include "storage/errors.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "workflow/region.h"

namespace usulan::storage {
namespace {

constexpr const char* kListProposalVersions = "audit_proposal_versions";
constexpr const char* kStoredTransitions = "audit_stored_transitions";
constexpr const char* kOrphans = "audit_orphan_proposals";
constexpr const char* kExportTransitions = "audit_export_transitions";
constexpr const char* kListCheckpoints = "audit_checkpoints_list";
constexpr const char* kGetCheckpoint = "audit_checkpoint_get";
constexpr const char* kLatestCheckpoint = "audit_checkpoint_latest";
constexpr const char* kRangeLeaves = "audit_checkpoint_range_leaves";
constexpr const char* kCheckpointLock = "audit_checkpoint_lock";
constexpr const char* kLockTimeout = "audit_lock_timeout";
constexpr const char* kWritersBarrier = "audit_writers_barrier";
constexpr const char* kMaxLogIndex = "audit_max_log_index";
constexpr const char* kInsertCheckpoint = "audit_checkpoint_insert";

// Serialises checkpoint creation across every replica ("usulan_cp" in ASCII).
constexpr int64_t kCheckpointLockKey = 0x7573756c616e5f63;

// Rows read per round trip when a checkpoint's range is walked.
constexpr int kLeafBatch = 10000;

// A row as stored, every field in the text the hash was computed over. The keys
// of `attributes` come back sorted by their bytes (COLLATE "C"), like std::map.
std::string StoredRowSql(const std::string& where_and_order) {
  return absl::StrCat(
      "SELECT t.proposal_id::text AS proposal_id, t.sequence, "
      "coalesce(t.from_state, '') AS from_state, t.to_state, t.event, t.actor_id, t.role, "
      "t.region_code, t.reason, t.evidence_hashes, "
      "(SELECT array_agg(a.key ORDER BY a.key COLLATE \"C\") "
      "   FROM jsonb_each_text(t.attributes) a) AS attribute_keys, "
      "(SELECT array_agg(a.value ORDER BY a.key COLLATE \"C\") "
      "   FROM jsonb_each_text(t.attributes) a) AS attribute_values, "
      "t.request_id, ",
      MicrosOf("t.at"),
      " AS at_us, t.machine_version, t.prev_hash, t.hash, t.log_index, "
      // The covering checkpoint: the one whose log_index range holds the row.
      "coalesce((SELECT c.sequence FROM checkpoints c "
      "  WHERE c.last_log_index >= t.log_index AND c.first_log_index <= t.log_index "
      "  ORDER BY c.last_log_index LIMIT 1), 0) AS checkpoint "
      "FROM transitions t ",
      where_and_order);
}

constexpr const char* kCheckpointColumns =
    "sequence, first_log_index, last_log_index, transition_count, merkle_root, "
    "previous_hash, ";

std::string CheckpointSql(const std::string& rest) {
  return absl::StrCat("SELECT ", kCheckpointColumns, MicrosOf("created_at"),
                      " AS created_at_us, key_id, signature, hash FROM checkpoints ", rest);
}

StoredTransition ReadStored(const pqxx::row& row) {
  StoredTransition t;
  audit::TransitionFields& f = t.row.fields;
  f.proposal_id = row["proposal_id"].as<std::string>();
  f.sequence = row["sequence"].as<int64_t>();
  f.from_state = row["from_state"].as<std::string>();
  f.to_state = row["to_state"].as<std::string>();
  f.event = row["event"].as<std::string>();
  f.actor_id = row["actor_id"].as<std::string>();
  f.role = row["role"].as<std::string>();
  f.region_code = row["region_code"].as<std::string>();
  f.reason = row["reason"].as<std::string>();
  f.evidence_hashes = ReadTextArray(row["evidence_hashes"]);
  const std::vector<std::string> keys = ReadTextArray(row["attribute_keys"]);
  const std::vector<std::string> values = ReadTextArray(row["attribute_values"]);
  if (keys.size() != values.size()) throw CorruptRow("attribute keys and values differ");
  for (size_t i = 0; i < keys.size(); ++i) f.attributes[keys[i]] = values[i];
  f.request_id = row["request_id"].as<std::string>();
  f.at_us = row["at_us"].as<int64_t>();
  f.machine_version = row["machine_version"].as<int>();
  f.prev_hash = row["prev_hash"].as<std::string>();
  t.row.hash = row["hash"].as<std::string>();
  t.log_index = row["log_index"].as<int64_t>();
  t.checkpoint = row["checkpoint"].as<int64_t>();
  return t;
}

CheckpointRecord ReadCheckpoint(const pqxx::row& row) {
  CheckpointRecord r;
  audit::CheckpointFields& f = r.checkpoint.fields;
  f.sequence = row["sequence"].as<int64_t>();
  f.first_log_index = row["first_log_index"].as<int64_t>();
  f.last_log_index = row["last_log_index"].as<int64_t>();
  f.transition_count = row["transition_count"].as<int64_t>();
  f.merkle_root = row["merkle_root"].as<std::string>();
  f.previous_hash = row["previous_hash"].as<std::string>();
  f.created_at_us = row["created_at_us"].as<int64_t>();
  f.key_id = row["key_id"].as<std::string>();
  r.checkpoint.signature = row["signature"].as<std::string>();
  r.checkpoint.hash = row["hash"].as<std::string>();
  return r;
}

// Calls `visit(proposal_id, sequence, hash)` for every row whose log_index is in
// [first, last], in log order, a batch at a time along the log_index index.
template <typename Visit>
void WalkRange(pqxx::transaction_base& work, int64_t first, int64_t last, Visit visit) {
  int64_t after = first - 1;
  for (;;) {
    const pqxx::result rows = work.exec_prepared(kRangeLeaves, after, last, kLeafBatch);
    for (const auto& row : rows) {
      visit(row["proposal_id"].as<std::string>(), row["sequence"].as<int64_t>(),
            row["hash"].as<std::string>());
      after = row["log_index"].as<int64_t>();
    }
    if (rows.size() < static_cast<size_t>(kLeafBatch)) return;
  }
}

audit::Digest RequireDigest(const std::string& hex) {
  std::optional<audit::Digest> digest = audit::DigestFromHex(hex);
  if (!digest) throw CorruptRow("a stored transition hash is not 64 hex characters");
  return *digest;
}

}  // namespace

const std::vector<Statement>& AuditStatements() {
  static const std::vector<Statement> statements = {
      {kListProposalVersions,
       "SELECT id::text AS id, version FROM proposals "
       "WHERE ($1::text = '' OR starts_with(desa_code, $1)) AND id > $2::uuid "
       "ORDER BY id LIMIT $3"},
      {kOrphans,
       "SELECT DISTINCT t.proposal_id::text AS id FROM transitions t "
       "WHERE NOT EXISTS (SELECT 1 FROM proposals p WHERE p.id = t.proposal_id) "
       "ORDER BY 1 LIMIT $1"},
      {kStoredTransitions,
       StoredRowSql("WHERE t.proposal_id = ANY ($1::uuid[]) ORDER BY t.proposal_id, t.sequence")},
      {kExportTransitions,
       StoredRowSql(absl::StrCat("JOIN proposals p ON p.id = t.proposal_id "
                                 "WHERE ($1::text = '' OR starts_with(p.desa_code, $1)) "
                                 "AND ($2::bigint IS NULL OR t.at >= ",
                                 TimestampParam(2),
                                 ") "
                                 "AND ($3::bigint IS NULL OR t.at < ",
                                 TimestampParam(3),
                                 ") "
                                 "AND ($4::bigint IS NULL OR (t.at, t.proposal_id, t.sequence) > (",
                                 TimestampParam(4),
                                 ", $5::uuid, $6::bigint)) "
                                 "ORDER BY t.at, t.proposal_id, t.sequence LIMIT $7"))},
      {kListCheckpoints, CheckpointSql("WHERE sequence > $1 ORDER BY sequence LIMIT $2")},
      {kGetCheckpoint, CheckpointSql("WHERE sequence = $1")},
      {kLatestCheckpoint, CheckpointSql("ORDER BY sequence DESC LIMIT 1")},
      {kRangeLeaves,
       "SELECT proposal_id::text AS proposal_id, sequence, hash, log_index FROM transitions "
       "WHERE log_index > $1 AND log_index <= $2 ORDER BY log_index LIMIT $3"},
      {kCheckpointLock, "SELECT pg_advisory_xact_lock($1)"},
      {kLockTimeout, "SELECT set_config('lock_timeout', $1, true)"},
      {kWritersBarrier, "SELECT pg_advisory_xact_lock($1)"},
      {kMaxLogIndex, "SELECT coalesce(max(log_index), 0) AS last FROM transitions"},
      {kInsertCheckpoint,
       absl::StrCat("INSERT INTO checkpoints (sequence, first_log_index, last_log_index, "
                    "transition_count, merkle_root, previous_hash, created_at, key_id, "
                    "signature, hash) VALUES ($1, $2, $3, $4, $5, $6, ",
                    TimestampParam(7), ", $8, $9, $10)")},
  };
  return statements;
}

absl::StatusOr<std::vector<ProposalVersion>> AuditLogRepository::ListProposalVersions(
    const std::string& region_prefix, const std::string& after_id, int limit) {
  if (!workflow::LevelOf(region_prefix)) {
    return absl::InvalidArgumentError("region_prefix must be a region code");
  }
  if (!after_id.empty() && !IsUuid(after_id)) {
    return absl::InvalidArgumentError("cursor is malformed");
  }
  if (limit < 1 || limit > kMaxListLimit) {
    return absl::InvalidArgumentError("limit must be between 1 and 1000");
  }
  try {
    std::vector<ProposalVersion> out;
    for (const auto& row : tx_.work_.exec_prepared(
             kListProposalVersions, region_prefix,
             after_id.empty() ? std::string("00000000-0000-0000-0000-000000000000") : after_id,
             limit)) {
      out.push_back({row["id"].as<std::string>(), row["version"].as<int64_t>()});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListProposalVersions);
  }
}

absl::StatusOr<std::vector<std::string>> AuditLogRepository::OrphanTransitionProposals(int limit) {
  try {
    std::vector<std::string> out;
    for (const auto& row : tx_.work_.exec_prepared(kOrphans, limit)) {
      out.push_back(row["id"].as<std::string>());
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kOrphans);
  }
}

absl::StatusOr<std::vector<StoredTransition>> AuditLogRepository::GetStoredTransitions(
    const std::vector<std::string>& proposal_ids) {
  std::vector<std::string> ids;
  for (const std::string& id : proposal_ids) {
    if (IsUuid(id)) ids.push_back(id);
  }
  std::vector<StoredTransition> out;
  if (ids.empty()) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kStoredTransitions, TextArrayLiteral(ids))) {
      out.push_back(ReadStored(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kStoredTransitions);
  }
}

absl::StatusOr<std::vector<StoredTransition>> AuditLogRepository::ExportTransitions(const ExportFilter& filter) {
  if (absl::StatusOr<size_t> level = ListingLevel(
          filter.region_prefix, filter.after ? &filter.after->proposal_id : nullptr, filter.limit);
      !level.ok()) {
    return level.status();
  }
  const std::string from = filter.from ? std::to_string(ToMicros(*filter.from)) : "";
  const std::string to = filter.to ? std::to_string(ToMicros(*filter.to)) : "";
  const std::string after_at = filter.after ? std::to_string(ToMicros(filter.after->at)) : "";
  const std::string after_id = filter.after ? filter.after->proposal_id : "";
  const std::string after_sequence = filter.after ? std::to_string(filter.after->sequence) : "";
  try {
    std::vector<StoredTransition> out;
    for (const auto& row :
         tx_.work_.exec_prepared(kExportTransitions, filter.region_prefix, NullIfEmpty(from),
                             NullIfEmpty(to), NullIfEmpty(after_at), NullIfEmpty(after_id),
                             NullIfEmpty(after_sequence), filter.limit)) {
      out.push_back(ReadStored(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kExportTransitions);
  }
}

absl::StatusOr<std::vector<CheckpointRecord>> AuditLogRepository::ListCheckpoints(int64_t after_sequence,
                                                                  int limit) {
  if (limit < 1 || limit > kMaxListLimit) {
    return absl::InvalidArgumentError("limit must be between 1 and 1000");
  }
  try {
    std::vector<CheckpointRecord> out;
    for (const auto& row : tx_.work_.exec_prepared(kListCheckpoints, after_sequence, limit)) {
      out.push_back(ReadCheckpoint(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListCheckpoints);
  }
}

absl::StatusOr<std::optional<CheckpointRecord>> AuditLogRepository::GetCheckpoint(int64_t sequence) {
  try {
    const pqxx::result rows = sequence == 0 ? tx_.work_.exec_prepared(kLatestCheckpoint)
                                            : tx_.work_.exec_prepared(kGetCheckpoint, sequence);
    if (rows.empty()) return std::optional<CheckpointRecord>();
    return std::optional<CheckpointRecord>(ReadCheckpoint(rows[0]));
  } catch (const std::exception& e) {
    return tx_.Fail(e, kGetCheckpoint);
  }
}

absl::StatusOr<audit::Coverage> AuditLogRepository::CheckpointCoverage(const CheckpointRecord& checkpoint) {
  try {
    audit::MerkleRootBuilder builder;
    WalkRange(tx_.work_, checkpoint.checkpoint.fields.first_log_index,
              checkpoint.checkpoint.fields.last_log_index,
              [&](const std::string&, int64_t, const std::string& hash) {
                builder.AddLeafHash(audit::LeafHash(RequireDigest(hash)));
              });
    return audit::Coverage{static_cast<int64_t>(builder.size()), audit::ToHex(builder.Root())};
  } catch (const std::exception& e) {
    return tx_.Fail(e, kRangeLeaves);
  }
}

absl::StatusOr<std::vector<AuditLogRepository::Leaf>> AuditLogRepository::CheckpointLeaves(const CheckpointRecord& checkpoint) {
  try {
    std::vector<Leaf> leaves;
    WalkRange(tx_.work_, checkpoint.checkpoint.fields.first_log_index,
              checkpoint.checkpoint.fields.last_log_index,
              [&](const std::string& proposal_id, int64_t sequence, const std::string& hash) {
                leaves.push_back({proposal_id, sequence, RequireDigest(hash)});
              });
    return leaves;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kRangeLeaves);
  }
}

absl::StatusOr<int64_t> AuditLogRepository::CheckpointBarrier(std::chrono::milliseconds timeout) {
  try {
    tx_.work_.exec_prepared(kLockTimeout, std::to_string(timeout.count()) + "ms");
    try {
      tx_.work_.exec_prepared(kWritersBarrier, kTransitionWritersLockKey);
    } catch (const pqxx::sql_error& e) {
      // lock_not_available: the timeout. (libpqxx 6 does not always fill in the
      // SQLSTATE, so the message is checked too.)
      if (e.sqlstate() != "55P03" &&
          std::string_view(e.what()).find("lock timeout") == std::string_view::npos) {
        throw;
      }
      return tx_.Fail(absl::UnavailableError(
          "transitions are being written for longer than the checkpoint waits; try again"));
    }
    // A statement of its own, so its snapshot sees every writer the lock waited for.
    return tx_.work_.exec_prepared(kMaxLogIndex)[0]["last"].as<int64_t>();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kWritersBarrier);
  }
}

absl::StatusOr<CheckpointDraft> AuditLogRepository::PrepareCheckpoint(int64_t barrier) {
  try {
    tx_.work_.exec_prepared(kCheckpointLock, kCheckpointLockKey);
    CheckpointDraft draft;
    // Read after the lock: the previous checkpoint is then final.
    const pqxx::result latest = tx_.work_.exec_prepared(kLatestCheckpoint);
    if (!latest.empty()) {
      draft.previous = ReadCheckpoint(latest[0]);
      draft.first_log_index = draft.previous->checkpoint.fields.last_log_index + 1;
    }
    // Another checkpointer may have gone past this barrier meanwhile.
    draft.last_log_index = std::max(barrier, draft.first_log_index - 1);
    CheckpointRecord range;
    range.checkpoint.fields.first_log_index = draft.first_log_index;
    range.checkpoint.fields.last_log_index = draft.last_log_index;
    absl::StatusOr<audit::Coverage> coverage = CheckpointCoverage(range);
    if (!coverage.ok()) return coverage.status();
    draft.coverage = *coverage;
    return draft;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCheckpointLock);
  }
}

absl::Status AuditLogRepository::InsertCheckpoint(const CheckpointRecord& record) {
  const audit::CheckpointFields& f = record.checkpoint.fields;
  try {
    tx_.work_.exec_prepared(kInsertCheckpoint, f.sequence, f.first_log_index, f.last_log_index,
                        f.transition_count, f.merkle_root, f.previous_hash, f.created_at_us,
                        f.key_id, record.checkpoint.signature, record.checkpoint.hash);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertCheckpoint);
  }
}

}  // namespace usulan::storage
