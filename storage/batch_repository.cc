// District batches, Pusdatin decisions, and the queries of the cycle job.
#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "absl/strings/str_cat.h"
#include "storage/errors.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "storage/not_found.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertBatch = "batch_insert";
constexpr const char* kInsertBatchMembers = "batch_members_insert";
constexpr const char* kFindOpenMembers = "batch_members_find_open";
constexpr const char* kSelectBatch = "batch_select";
constexpr const char* kLockBatch = "batch_lock";
constexpr const char* kSelectBatchMembers = "batch_members_select";
constexpr const char* kBatchVersion = "batch_version";
constexpr const char* kUpdateBatch = "batch_update";
constexpr const char* kCloseBatchMembers = "batch_members_close";
constexpr const char* kOpenBatchOf = "batch_open_of";
constexpr const char* kInsertDecision = "decision_insert";
constexpr const char* kSelectDecision = "decision_select";
constexpr const char* kSelectDecisionExceptions = "decision_exceptions_select";
constexpr const char* kCycleCandidates = "proposals_cycle_candidates";
constexpr const char* kLapsingObjections = "proposals_lapsing_objections";
// Batches belong to a kabupaten: listings are national, by province or by kabupaten.
constexpr std::array<const char*, 3> kListBatches = {
    "batches_list_national", "batches_list_province", "batches_list_kabupaten"};
constexpr std::array<const char*, 3> kRegionPredicates = {
    "$1::text = ''", "b.province_code = $1", "b.kabupaten_code = $1"};

std::string Str(std::string_view s) { return std::string(s); }

std::string Canonical(std::string id) {
  std::transform(id.begin(), id.end(), id.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return id;
}

std::string BatchColumns() {
  return absl::StrCat(
      "b.id::text AS id, b.kabupaten_code, b.cycle_id, b.status, b.version, "
      "b.manifest_sha256, b.created_by, ",
      MicrosOf("b.created_at"),
      " AS created_at_us, b.letter_number, b.letter_sha256, b.ratified_by, b.return_reason, ",
      MicrosOf("b.status_since"), " AS status_since_us");
}

std::string DueColumns() {
  return absl::StrCat("p.id::text AS id, p.state, p.cycle_id, ", MicrosOf("p.state_since"),
                      " AS state_since_us, ", MicrosOf("p.created_at"), " AS created_at_us");
}

BatchRecord ReadBatch(const pqxx::row& row) {
  BatchRecord b;
  b.id = row["id"].as<std::string>();
  b.kabupaten_code = row["kabupaten_code"].as<std::string>();
  b.cycle_id = row["cycle_id"].as<std::string>();
  auto status = workflow::ParseBatchStatus(row["status"].as<std::string>());
  if (!status) throw CorruptRow("unknown batch status name");
  b.status = *status;
  b.version = row["version"].as<int64_t>();
  b.manifest_sha256 = row["manifest_sha256"].as<std::string>();
  b.created_by = row["created_by"].as<std::string>();
  b.created_at = FromMicros(row["created_at_us"].as<int64_t>());
  b.letter_number = row["letter_number"].as<std::string>();
  b.letter_sha256 = row["letter_sha256"].as<std::string>();
  b.ratified_by = row["ratified_by"].as<std::string>();
  b.return_reason = row["return_reason"].as<std::string>();
  b.status_since = FromMicros(row["status_since_us"].as<int64_t>());
  return b;
}

DueProposal ReadDue(const pqxx::row& row) {
  auto state = workflow::ParseState(row["state"].as<std::string>());
  if (!state) throw CorruptRow("unknown state name");
  return DueProposal{row["id"].as<std::string>(), *state, row["cycle_id"].as<std::string>(),
                     FromMicros(row["state_since_us"].as<int64_t>()),
                     FromMicros(row["created_at_us"].as<int64_t>())};
}

absl::Status BatchNotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("batch ", id, " not found"));
}

absl::StatusOr<BatchRecord> LoadBatch(pqxx::transaction_base& work, const std::string& id,
                                      bool lock) {
  if (!IsUuid(id)) return BatchNotFound(id);
  const pqxx::result rows = work.exec_prepared(lock ? kLockBatch : kSelectBatch, id);
  if (rows.empty()) return BatchNotFound(id);
  BatchRecord batch = ReadBatch(rows[0]);
  for (const auto& row : work.exec_prepared(kSelectBatchMembers, id)) {
    auto state = workflow::ParseState(row["state"].as<std::string>());
    if (!state) throw CorruptRow("unknown state name");
    batch.members.push_back({row["proposal_id"].as<std::string>(),
                             row["sealed_version"].as<int64_t>(), *state,
                             row["open"].as<bool>()});
  }
  return batch;
}

}  // namespace

const std::vector<Statement>& BatchStatements() {
  static const std::vector<Statement> statements = [] {
    std::vector<Statement> s = {
        {kInsertBatch,
         absl::StrCat("INSERT INTO batches (id, province_code, kabupaten_code, cycle_id, status, "
                      "version, manifest_sha256, created_by, created_at, status_since) "
                      "VALUES ($1::uuid, left($2, 2), $2, $3, $4, $5, $6, $7, ",
                      TimestampParam(8), ", ", TimestampParam(8), ")")},
        {kFindOpenMembers,
         "SELECT proposal_id::text FROM batch_members WHERE proposal_id = ANY ($1::uuid[]) "
         "AND open"},
        // ON CONFLICT on the one-open-batch index waits for a concurrent sealer of the
        // same proposal and skips it if that one commits, so the loser can name it.
        {kInsertBatchMembers,
         "INSERT INTO batch_members (batch_id, proposal_id, position, sealed_version, open) "
         "SELECT $1::uuid, u.proposal_id, u.ord, u.version, true "
         "FROM unnest($2::uuid[], $3::bigint[]) WITH ORDINALITY AS u(proposal_id, version, ord) "
         "ON CONFLICT (proposal_id) WHERE open DO NOTHING RETURNING proposal_id::text"},
        {kSelectBatch, absl::StrCat("SELECT ", BatchColumns(), " FROM batches b WHERE b.id = $1::uuid")},
        {kLockBatch,
         absl::StrCat("SELECT ", BatchColumns(), " FROM batches b WHERE b.id = $1::uuid FOR UPDATE")},
        {kSelectBatchMembers,
         "SELECT m.proposal_id::text AS proposal_id, m.sealed_version, p.state, m.open "
         "FROM batch_members m JOIN proposals p ON p.id = m.proposal_id "
         "WHERE m.batch_id = $1::uuid ORDER BY m.position"},
        {kBatchVersion, "SELECT version FROM batches WHERE id = $1::uuid"},
        {kUpdateBatch,
         absl::StrCat("UPDATE batches SET version = $2 + 1, status = $3, letter_number = $4, "
                      "letter_sha256 = $5, ratified_by = $6, return_reason = $7, status_since = ",
                      TimestampParam(8), " WHERE id = $1::uuid AND version = $2")},
        {kCloseBatchMembers,
         "UPDATE batch_members SET open = false WHERE batch_id = $1::uuid "
         "AND proposal_id = ANY ($2::uuid[])"},
        {kOpenBatchOf,
         "SELECT batch_id::text FROM batch_members WHERE proposal_id = $1::uuid AND open"},
        {kInsertDecision,
         absl::StrCat(
             "INSERT INTO batch_decisions (batch_id, decision_id, manifest_sha256, "
             "decree_number, decree_sha256, exceptions, accepted_count, rejected_count, "
             "returned_count, decided_by, decided_at, request_id, decision_sha256) "
             "VALUES ($1::uuid, $2::uuid, $3, $4, $5, "
             "(SELECT coalesce(jsonb_agg(jsonb_build_object('proposal_id', u.p, 'action', u.a, "
             "'reason_code', u.c, 'reason', u.r) ORDER BY u.o), '[]'::jsonb) "
             "FROM unnest($6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY "
             "AS u(p, a, c, r, o)), $10, $11, $12, $13, ",
             TimestampParam(14), ", $15, $16) ON CONFLICT (batch_id) DO NOTHING")},
        {kSelectDecision,
         absl::StrCat("SELECT batch_id::text AS batch_id, decision_id::text AS decision_id, "
                      "manifest_sha256, decree_number, decree_sha256, accepted_count, "
                      "rejected_count, returned_count, decided_by, ",
                      MicrosOf("decided_at"),
                      " AS decided_at_us, request_id, decision_sha256 FROM batch_decisions "
                      "WHERE batch_id = $1::uuid")},
        {kSelectDecisionExceptions,
         "SELECT e.value->>'proposal_id' AS proposal_id, e.value->>'action' AS action, "
         "e.value->>'reason_code' AS reason_code, e.value->>'reason' AS reason "
         "FROM batch_decisions d, jsonb_array_elements(d.exceptions) WITH ORDINALITY "
         "AS e(value, ord) WHERE d.batch_id = $1::uuid ORDER BY e.ord"},
        // Served by the partial index proposals_cycle_due.
        {kCycleCandidates,
         absl::StrCat("SELECT ", DueColumns(),
                      " FROM proposals p WHERE p.state IN ('VILLAGE_FINAL', 'DEFERRED') "
                      "AND ($1::bigint IS NULL OR (p.state_since, p.id) > (",
                      TimestampParam(1), ", $2::uuid)) ORDER BY p.state_since, p.id LIMIT $3")},
        // Served by the partial index proposals_objections_open.
        {kLapsingObjections,
         absl::StrCat("SELECT ", DueColumns(),
                      " FROM proposals p WHERE p.kind = 'OBJECTION' AND p.state IN ('DRAFT', "
                      "'SUBMITTED', 'NIK_MISMATCH', 'PRELIST', 'AGREED', 'IN_VERIFICATION', "
                      "'OBJECTION_FILED') "
                      "AND p.created_at < ",
                      TimestampParam(1), " ORDER BY p.created_at, p.id LIMIT $2")},
    };
    for (size_t level = 0; level < kListBatches.size(); ++level) {
      s.push_back(
          {kListBatches[level],
           absl::StrCat("SELECT ", BatchColumns(), " FROM batches b WHERE ",
                        kRegionPredicates[level],
                        " AND ($2::text[] IS NULL OR b.status = ANY ($2::text[]))"
                        " AND ($3::bigint IS NULL OR (b.created_at, b.id) > (",
                        TimestampParam(3), ", $4::uuid)) ORDER BY b.created_at, b.id LIMIT $5")});
    }
    return s;
  }();
  return statements;
}

absl::Status BatchRepository::InsertBatch(const BatchRecord& batch) {
  if (!IsUuid(batch.id)) return absl::InvalidArgumentError("batch id must be a UUID");
  std::vector<std::string> ids, versions;
  for (const BatchMemberRecord& m : batch.members) {
    if (!IsUuid(m.proposal_id)) {
      return ProposalNotFound(m.proposal_id);
    }
    ids.push_back(m.proposal_id);
    versions.push_back(std::to_string(m.sealed_version));
  }
  auto taken_error = [](size_t i) {
    return absl::AlreadyExistsError(
        absl::StrCat("proposal_ids[", i, "] is already in an open batch"));
  };
  auto first_taken = [&](const std::set<std::string>& taken) -> std::optional<size_t> {
    for (size_t i = 0; i < ids.size(); ++i) {
      if (taken.count(Canonical(ids[i])) > 0) return i;
    }
    return std::nullopt;
  };
  try {
    const std::string id_array = TextArrayLiteral(ids);
    std::set<std::string> open;
    for (const auto& row : tx_.work_.exec_prepared(kFindOpenMembers, id_array)) {
      open.insert(row[0].as<std::string>());
    }
    // Nothing written yet: the transaction stays usable after this refusal.
    if (auto i = first_taken(open)) return taken_error(*i);
    tx_.work_.exec_prepared(kInsertBatch, batch.id, batch.kabupaten_code, batch.cycle_id,
                        Str(workflow::Name(batch.status)), batch.version, batch.manifest_sha256,
                        batch.created_by, ToMicros(batch.created_at));
    std::set<std::string> inserted;
    for (const auto& row :
         tx_.work_.exec_prepared(kInsertBatchMembers, batch.id, id_array, TextArrayLiteral(versions))) {
      inserted.insert(row[0].as<std::string>());
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      if (inserted.count(Canonical(ids[i])) == 0) return tx_.Fail(taken_error(i));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertBatch);
  }
}

absl::StatusOr<BatchRecord> BatchRepository::LockBatch(const std::string& id) {
  try {
    return LoadBatch(tx_.work_, id, /*lock=*/true);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLockBatch);
  }
}

absl::StatusOr<BatchRecord> BatchRepository::GetBatch(const std::string& id) {
  try {
    return LoadBatch(tx_.work_, id, /*lock=*/false);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSelectBatch);
  }
}

absl::Status BatchRepository::UpdateBatch(const BatchRecord& batch, int64_t current_version) {
  if (!IsUuid(batch.id)) return BatchNotFound(batch.id);
  try {
    const pqxx::result updated = tx_.work_.exec_prepared(
        kUpdateBatch, batch.id, current_version, Str(workflow::Name(batch.status)),
        batch.letter_number, batch.letter_sha256, batch.ratified_by, batch.return_reason,
        ToMicros(batch.status_since));
    if (updated.affected_rows() > 0) return absl::OkStatus();
    const pqxx::result current = tx_.work_.exec_prepared(kBatchVersion, batch.id);
    if (current.empty()) return BatchNotFound(batch.id);
    return absl::AbortedError(absl::StrCat("batch ", batch.id, " changed concurrently (version ",
                                           current[0][0].as<int64_t>(), ", expected ",
                                           current_version, ")"));
  } catch (const std::exception& e) {
    return tx_.Fail(e, kUpdateBatch);
  }
}

absl::Status BatchRepository::CloseBatchMembers(const std::string& batch_id,
                                   const std::vector<std::string>& proposal_ids) {
  try {
    tx_.work_.exec_prepared(kCloseBatchMembers, batch_id, TextArrayLiteral(proposal_ids));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCloseBatchMembers);
  }
}

absl::StatusOr<std::optional<std::string>> BatchRepository::OpenBatchOf(const std::string& proposal_id) {
  if (!IsUuid(proposal_id)) return std::optional<std::string>();
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(kOpenBatchOf, proposal_id);
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows[0][0].as<std::string>());
  } catch (const std::exception& e) {
    return tx_.Fail(e, kOpenBatchOf);
  }
}

absl::StatusOr<std::vector<BatchRecord>> BatchRepository::ListBatches(const BatchFilter& filter) {
  absl::StatusOr<size_t> level =
      ListingLevel(filter.region_prefix, filter.after ? &filter.after->id : nullptr, filter.limit);
  if (!level.ok()) return level.status();
  if (*level >= kListBatches.size()) {
    return absl::InvalidArgumentError(
        "region_prefix must be a province or kabupaten code: batches belong to a kabupaten");
  }
  std::string statuses;
  if (!filter.statuses.empty()) {
    std::vector<std::string> names;
    for (auto status : filter.statuses) names.push_back(Str(workflow::Name(status)));
    statuses = TextArrayLiteral(names);
  }
  const std::string after_us = filter.after ? std::to_string(ToMicros(filter.after->at)) : "";
  const std::string after_id = filter.after ? filter.after->id : "";
  try {
    std::vector<BatchRecord> batches;
    for (const auto& row : tx_.work_.exec_prepared(kListBatches[*level], filter.region_prefix,
                                               NullIfEmpty(statuses), NullIfEmpty(after_us),
                                               NullIfEmpty(after_id), filter.limit)) {
      batches.push_back(ReadBatch(row));
    }
    return batches;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListBatches[*level]);
  }
}

absl::Status BatchRepository::InsertDecision(const DecisionRecord& d) {
  std::vector<std::string> ids, actions, codes, reasons;
  for (const workflow::DecisionException& e : d.exceptions) {
    ids.push_back(e.proposal_id);
    actions.push_back(Str(workflow::Name(e.action)));
    codes.push_back(e.reason_code);
    reasons.push_back(e.reason);
  }
  try {
    const pqxx::result inserted = tx_.work_.exec_prepared(
        kInsertDecision, d.batch_id, d.decision_id, d.manifest_sha256, d.decree_number,
        d.decree_sha256, TextArrayLiteral(ids), TextArrayLiteral(actions),
        TextArrayLiteral(codes), TextArrayLiteral(reasons), d.accepted_count, d.rejected_count,
        d.returned_count, d.decided_by, ToMicros(d.decided_at), d.request_id, d.decision_sha256);
    if (inserted.affected_rows() == 0) {
      return absl::AlreadyExistsError(absl::StrCat("batch ", d.batch_id, " is already decided"));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertDecision);
  }
}

absl::StatusOr<DecisionRecord> BatchRepository::GetDecision(const std::string& batch_id) {
  const absl::Status not_found =
      absl::NotFoundError(absl::StrCat("decision of batch ", batch_id, " not found"));
  if (!IsUuid(batch_id)) return not_found;
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(kSelectDecision, batch_id);
    if (rows.empty()) return not_found;
    const pqxx::row row = rows[0];
    DecisionRecord d;
    d.batch_id = row["batch_id"].as<std::string>();
    d.decision_id = row["decision_id"].as<std::string>();
    d.manifest_sha256 = row["manifest_sha256"].as<std::string>();
    d.decree_number = row["decree_number"].as<std::string>();
    d.decree_sha256 = row["decree_sha256"].as<std::string>();
    d.accepted_count = row["accepted_count"].as<int>();
    d.rejected_count = row["rejected_count"].as<int>();
    d.returned_count = row["returned_count"].as<int>();
    d.decided_by = row["decided_by"].as<std::string>();
    d.decided_at = FromMicros(row["decided_at_us"].as<int64_t>());
    d.request_id = row["request_id"].as<std::string>();
    d.decision_sha256 = row["decision_sha256"].as<std::string>();
    for (const auto& e : tx_.work_.exec_prepared(kSelectDecisionExceptions, batch_id)) {
      auto action = workflow::ParseExceptionAction(e["action"].as<std::string>());
      if (!action) throw CorruptRow("unknown exception action");
      d.exceptions.push_back({e["proposal_id"].as<std::string>(), *action,
                              e["reason_code"].as<std::string>(), e["reason"].as<std::string>()});
    }
    return d;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSelectDecision);
  }
}

absl::StatusOr<std::vector<DueProposal>> BatchRepository::ListCycleCandidates(
    const std::optional<std::pair<TimePoint, std::string>>& after, int limit) {
  const std::string after_us = after ? std::to_string(ToMicros(after->first)) : "";
  const std::string after_id = after ? after->second : "";
  try {
    std::vector<DueProposal> due;
    for (const auto& row : tx_.work_.exec_prepared(kCycleCandidates, NullIfEmpty(after_us),
                                               NullIfEmpty(after_id), limit)) {
      due.push_back(ReadDue(row));
    }
    return due;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCycleCandidates);
  }
}

absl::StatusOr<std::vector<DueProposal>> BatchRepository::ListLapsingObjections(TimePoint filed_before,
                                                                   int limit) {
  try {
    std::vector<DueProposal> due;
    for (const auto& row :
         tx_.work_.exec_prepared(kLapsingObjections, ToMicros(filed_before), limit)) {
      due.push_back(ReadDue(row));
    }
    return due;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLapsingObjections);
  }
}

}  // namespace usulan::storage
