// The register's SQL (0013_register.sql).
#include "storage/register_repository.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "audit/digest.h"
#include "audit/register_encoding.h"
#include "base/string_view_compat.h"
#include "storage/errors.h"
#include "storage/proposal_rows.h"
#include "storage/sql_util.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertEntry = "register_entry_insert";
constexpr const char* kInsertHistory = "register_history_insert";
constexpr const char* kSelectEntry = "register_entry_select";
constexpr const char* kLockEntry = "register_entry_lock";
constexpr const char* kUpdateEntry = "register_entry_update";
constexpr const char* kSelectHistory = "register_history_select";
constexpr const char* kHouseholdsOf = "register_households_of";
constexpr const char* kOpenProposal = "register_open_proposal";
constexpr const char* kEntriesOfPerson = "register_entries_of_person";
constexpr const char* kEntriesOfNiks = "register_entries_of_niks";
constexpr const char* kMemberHmacsOf = "register_member_hmacs_of";
constexpr const char* kDeceasedFiling = "register_deceased_filing";
constexpr const char* kInsertDeceasedFiling = "register_deceased_filing_insert";
constexpr const char* kEntriesWithHistory = "register_entries_with_history";
constexpr const char* kLockEntriesOfKks = "register_lock_entries_of_kks";
constexpr const char* kOpenObjectionBy = "register_open_objection_by";
constexpr const char* kEntryOfKk = "register_entry_of_kk";
constexpr std::array<const char*, 5> kListEntries = {
    "register_list_national", "register_list_province", "register_list_kabupaten",
    "register_list_kecamatan", "register_list_desa"};
constexpr std::array<const char*, 5> kCycleHistory = {
    "register_cycle_national", "register_cycle_province", "register_cycle_kabupaten",
    "register_cycle_kecamatan", "register_cycle_desa"};
constexpr std::array<const char*, 5> kCountEntries = {
    "register_count_national", "register_count_province", "register_count_kabupaten",
    "register_count_kecamatan", "register_count_desa"};

// As for the proposal queues (queue_repository.cc): an equality on the parent
// column of the prefix's length, so that the (code, desa_code, id) indexes serve it.
constexpr std::array<const char*, 5> kRegionPredicates = {
    "$1::text = ''",
    "e.province_code = $1",
    "e.kabupaten_code = $1",
    "e.kabupaten_code = left($1, 4) AND e.kecamatan_code = $1",
    "e.desa_code = $1",
};

// `extra`: more columns (", x AS y") before the FROM.
std::string EntryColumnsSql(std::string_view extra = "") {
  return absl::StrCat(
      "SELECT e.id::text AS id, e.province_code, e.kabupaten_code, e.kecamatan_code, "
      "e.desa_code, e.status, e.listed_by::text AS listed_by, e.listed_decree, e.since_cycle, "
      "e.desil, coalesce(to_char(e.desil_date, 'YYYY-MM-DD'), '') AS desil_date, "
      "e.household_proposal::text AS household_proposal, e.programmes, e.version, "
      "e.history_head, ",
      MicrosOf("e.updated_at"), " AS updated_at_us", base::AsAbsl(extra),
      " FROM register_entries e");
}

std::string HistoryColumnList() {
  return absl::StrCat(
      "h.entry_id::text AS entry_id, h.sequence, h.change, "
      "coalesce(h.proposal_id::text, '') AS proposal_id, h.decree_number, h.cycle, "
      "h.status_after, h.desil_after, ",
      MicrosOf("h.at"),
      " AS at_us, h.prev_hash, h.hash, h.encoding, "
      "coalesce(to_char(h.desil_date_after, 'YYYY-MM-DD'), '') AS desil_date_after, "
      "coalesce(h.programmes_after, '{}') AS programmes_after");
}

std::string HistoryColumnsSql() { return "SELECT " + HistoryColumnList(); }

// A cycle's changes in the entries of a region ($1, as kRegionPredicates), in
// the register_history_cycle index's order, with what the determination lists
// beside each: the entry's region, the proposal's kind and route, and the
// household that was the entry's data after the change (the latest LISTED or
// CORRECTED row at or before it, through the history's primary key).
std::string CycleHistorySql(const char* region_predicate) {
  return absl::StrCat(
      HistoryColumnsSql(),
      ", e.province_code, e.kabupaten_code, e.kecamatan_code, e.desa_code, "
      "coalesce(p.kind, '') AS kind, coalesce(p.route, '') AS route, "
      "(SELECT l.proposal_id::text FROM register_history l WHERE l.entry_id = h.entry_id "
      "AND l.sequence <= h.sequence AND l.change IN ('LISTED', 'CORRECTED') "
      "ORDER BY l.sequence DESC LIMIT 1) AS household_proposal "
      "FROM register_history h JOIN register_entries e ON e.id = h.entry_id "
      "LEFT JOIN proposals p ON p.id = h.proposal_id WHERE ",
      region_predicate,
      " AND h.cycle = $2 AND ($3::bigint IS NULL OR (h.at, h.entry_id, h.sequence) > (",
      TimestampParam(3), ", $4::uuid, $5::bigint)) ORDER BY h.at, h.entry_id, h.sequence LIMIT $6");
}

RegisterEntryRecord ReadEntryRow(const pqxx::row& row) {
  RegisterEntryRecord e;
  e.id = row["id"].as<std::string>();
  e.region.province_code = row["province_code"].as<std::string>();
  e.region.kabupaten_code = row["kabupaten_code"].as<std::string>();
  e.region.kecamatan_code = row["kecamatan_code"].as<std::string>();
  e.region.desa_code = row["desa_code"].as<std::string>();
  e.status = Require(workflow::ParseEntryStatus(row["status"].as<std::string>()), "entry status");
  e.listed_by = row["listed_by"].as<std::string>();
  e.listed_decree = row["listed_decree"].as<std::string>();
  e.since_cycle = row["since_cycle"].as<std::string>();
  if (!row["desil"].is_null()) e.desil = row["desil"].as<int>();
  e.desil_date = row["desil_date"].as<std::string>();
  e.household_proposal = row["household_proposal"].as<std::string>();
  e.programmes = ReadTextArray(row["programmes"]);
  e.version = row["version"].as<int64_t>();
  e.history_head = row["history_head"].as<std::string>();
  e.updated_at = FromMicros(row["updated_at_us"].as<int64_t>());
  return e;
}

RegisterHistoryRecord ReadHistoryRow(const pqxx::row& row) {
  RegisterHistoryRecord h;
  h.entry_id = row["entry_id"].as<std::string>();
  h.sequence = row["sequence"].as<int64_t>();
  h.change = Require(workflow::ParseRegisterChange(row["change"].as<std::string>()), "change");
  h.proposal_id = row["proposal_id"].as<std::string>();
  h.decree_number = row["decree_number"].as<std::string>();
  h.cycle = row["cycle"].as<std::string>();
  h.status_after =
      Require(workflow::ParseEntryStatus(row["status_after"].as<std::string>()), "entry status");
  if (!row["desil_after"].is_null()) h.desil_after = row["desil_after"].as<int>();
  h.at = FromMicros(row["at_us"].as<int64_t>());
  h.prev_hash = row["prev_hash"].as<std::string>();
  h.hash = row["hash"].as<std::string>();
  h.encoding = row["encoding"].as<std::string>();
  h.desil_date_after = row["desil_date_after"].as<std::string>();
  h.programmes_after = ReadTextArray(row["programmes_after"]);
  return h;
}

}  // namespace

audit::RegisterRowFields RowFieldsOf(const RegisterHistoryRecord& row) {
  audit::RegisterRowFields f;
  f.entry_id = row.entry_id;
  f.sequence = row.sequence;
  f.change = std::string(workflow::Name(row.change));
  f.proposal_id = row.proposal_id;
  f.decree_number = row.decree_number;
  f.cycle = row.cycle;
  f.status_after = std::string(workflow::Name(row.status_after));
  f.desil_after = row.desil_after;
  f.at_us = ToMicros(row.at);
  f.prev_hash = row.prev_hash;
  f.encoding = row.encoding;
  f.desil_date_after = row.desil_date_after;
  f.programmes_after = row.programmes_after;
  return f;
}

namespace {

// Hashes a new row of `entry` as it is after the change (`row.prev_hash` is the
// caller's): encoding v2, covering the entry's desil date and programmes.
void Chain(RegisterHistoryRecord& row, const RegisterEntryRecord& entry) {
  row.encoding = std::string(audit::kRegisterEncodingV2);
  row.desil_date_after = entry.desil_date;
  row.programmes_after = entry.programmes;
  row.hash = audit::RegisterRowHash(RowFieldsOf(row));
}

std::string OptionalInt(const std::optional<int>& value) {
  return value ? std::to_string(*value) : std::string();
}

void InsertHistory(pqxx::transaction_base& work, const RegisterHistoryRecord& h) {
  const std::string desil = OptionalInt(h.desil_after);
  work.exec_prepared(kInsertHistory, h.entry_id, h.sequence, std::string(workflow::Name(h.change)),
                     NullIfEmpty(h.proposal_id), h.decree_number, h.cycle,
                     std::string(workflow::Name(h.status_after)), NullIfEmpty(desil),
                     ToMicros(h.at), h.prev_hash, h.hash, h.encoding,
                     NullIfEmpty(h.desil_date_after), TextArrayLiteral(h.programmes_after));
}

// The terminal states as a text[] literal: a proposal in none of them is open.
std::string TerminalStates() {
  std::vector<std::string> names;
  for (workflow::State state : workflow::kAllStates) {
    if (workflow::IsTerminal(state)) names.emplace_back(workflow::Name(state));
  }
  return TextArrayLiteral(names);
}

}  // namespace

absl::Status EntryNotFound(std::string_view id) {
  return absl::NotFoundError("register entry " + std::string(id) + " not found");
}

const std::vector<Statement>& RegisterStatements() {
  static const std::vector<Statement> statements = [] {
    std::vector<Statement> s = {
        {kInsertEntry,
         absl::StrCat("INSERT INTO register_entries (id, province_code, kabupaten_code, "
                      "kecamatan_code, desa_code, status, listed_by, listed_decree, "
                      "since_cycle, household_proposal, programmes, version, history_head, "
                      "updated_at, desil, desil_date) VALUES ($1::uuid, $2, $3, $4, $5, $6, "
                      "$7::uuid, $8, $9, $10::uuid, $11::text[], 1, $12, ",
                      TimestampParam(13), ", $14::int, $15::date)")},
        {kInsertHistory,
         absl::StrCat("INSERT INTO register_history (entry_id, sequence, change, proposal_id, "
                      "decree_number, cycle, status_after, desil_after, at, prev_hash, hash, "
                      "encoding, desil_date_after, programmes_after) "
                      "VALUES ($1::uuid, $2, $3, $4::uuid, $5, $6, $7, $8::int, ",
                      TimestampParam(9), ", $10, $11, $12, $13::date, $14::text[])")},
        {kSelectEntry, absl::StrCat(EntryColumnsSql(), " WHERE e.id = $1::uuid")},
        {kLockEntry, absl::StrCat(EntryColumnsSql(), " WHERE e.id = $1::uuid FOR UPDATE")},
        {kUpdateEntry,
         absl::StrCat("UPDATE register_entries SET status = $3, household_proposal = $4::uuid, "
                      "desil = $5::int, desil_date = $6::date, programmes = $7::text[], "
                      "version = version + 1, history_head = $8, updated_at = ",
                      TimestampParam(9), " WHERE id = $1::uuid AND version = $2")},
        {kSelectHistory,
         absl::StrCat(HistoryColumnsSql(),
                      " FROM register_history h WHERE h.entry_id = $1::uuid ORDER BY h.sequence")},
        {kHouseholdsOf,
         "SELECT proposal_id::text AS proposal_id, kk_number FROM households "
         "WHERE proposal_id = ANY ($1::uuid[])"},
        // For the changing kinds, proposals_one_open_change_per_entry serves this.
        {kOpenProposal,
         "SELECT id::text FROM proposals WHERE register_entry_id = $1::uuid AND kind = $2 "
         "AND state <> ALL ($3::text[]) ORDER BY created_at, id LIMIT 1"},
        // members_nik_hmac, then register_entries_household (0014).
        {kEntriesOfPerson,
         "SELECT e.id::text AS id, e.desa_code, min(m.position) AS position FROM members m "
         "JOIN register_entries e ON e.household_proposal = m.proposal_id "
         "WHERE m.nik_hmac = decode($1, 'hex') AND e.status = 'ACTIVE' "
         "GROUP BY e.id, e.desa_code ORDER BY e.id"},
        // members_nik_hmac, then register_entries_household (0014).
        {kEntriesOfNiks,
         "SELECT DISTINCT encode(m.nik_hmac, 'hex') AS nik_hmac, e.id::text AS id, e.desa_code "
         "FROM members m JOIN register_entries e ON e.household_proposal = m.proposal_id "
         "WHERE m.nik_hmac = ANY (ARRAY(SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)) "
         "AND e.status = 'ACTIVE' ORDER BY id, nik_hmac"},
        // One statement, so one snapshot: an entry and its history as they were
        // together, even while a decision changes them (a verifier's read).
        {kEntriesWithHistory,
         absl::StrCat(EntryColumnsSql(absl::StrCat(", ", HistoryColumnList())),
                      " LEFT JOIN register_history h ON h.entry_id = e.id"
                      " WHERE e.id = ANY ($1::uuid[]) ORDER BY e.desa_code, e.id, h.sequence")},
        // deceased_filings_entry (0018).
        {kDeceasedFiling,
         "SELECT proposal_id::text FROM deceased_filings WHERE entry_id = $1::uuid "
         "AND nik_hmac = decode($2, 'hex') AND death_date = $3::date "
         "ORDER BY proposal_id LIMIT 1"},
        {kInsertDeceasedFiling,
         "INSERT INTO deceased_filings (proposal_id, entry_id, nik_hmac, death_date) "
         "VALUES ($1::uuid, $2::uuid, decode($3, 'hex'), $4::date)"},
        {kMemberHmacsOf,
         "SELECT proposal_id::text AS proposal_id, coalesce(encode(nik_hmac, 'hex'), '') "
         "AS nik_hmac FROM members WHERE proposal_id = ANY ($1::uuid[]) "
         "ORDER BY proposal_id, position"},
        // By the KK's keyed hash (households_kk_hmac, 0017; no index holds a
        // plain KK), then register_entries_household (0014). $1: hex hashes.
        {kLockEntriesOfKks,
         absl::StrCat(EntryColumnsSql(", h.kk_number AS kk_number"),
                      " JOIN households h ON h.proposal_id = e.household_proposal "
                      "WHERE h.kk_hmac = ANY (ARRAY(SELECT decode(x, 'hex') "
                      "FROM unnest($1::text[]) AS x)) AND e.status = 'ACTIVE' "
                      "ORDER BY e.id FOR UPDATE OF e")},
        // proposals_one_open_objection_per_citizen (0015) serves this.
        {kOpenObjectionBy,
         "SELECT id::text FROM proposals WHERE register_entry_id = $1::uuid AND "
         "kind = 'OBJECTION' AND created_by = $2 AND state <> ALL ($3::text[]) "
         "ORDER BY created_at, id LIMIT 1"},
        // households_kk_hmac, then register_entries_household: every desa.
        {kEntryOfKk,
         absl::StrCat(EntryColumnsSql(),
                      " JOIN households h ON h.proposal_id = e.household_proposal"
                      " WHERE h.kk_hmac = decode($1, 'hex')"
                      " ORDER BY (e.desa_code = $2) DESC, (e.status = 'ACTIVE') DESC,"
                      " e.updated_at DESC, e.id LIMIT 1")},
    };
    for (size_t level = 0; level < kRegionPredicates.size(); ++level) {
      s.push_back({kListEntries[level],
                   absl::StrCat(EntryColumnsSql(), " WHERE ", kRegionPredicates[level],
                                " AND ($2::text[] IS NULL OR e.status = ANY ($2::text[]))"
                                " AND ($3::text IS NULL OR (e.desa_code, e.id) > ($3, $4::uuid))"
                                " ORDER BY e.desa_code, e.id LIMIT $5")});
      s.push_back({kCycleHistory[level], CycleHistorySql(kRegionPredicates[level])});
      s.push_back({kCountEntries[level],
                   absl::StrCat("SELECT e.desa_code, "
                                "count(*) FILTER (WHERE e.status = 'ACTIVE') AS active, "
                                "count(*) FILTER (WHERE e.status = 'INACTIVE') AS inactive "
                                "FROM register_entries e WHERE ",
                                kRegionPredicates[level],
                                " GROUP BY e.desa_code ORDER BY e.desa_code")});
    }
    return s;
  }();
  return statements;
}

absl::Status RegisterRepository::CreateEntry(const RegisterEntryRecord& entry) {
  if (!IsUuid(entry.id)) return absl::InvalidArgumentError("register entry id must be a UUID");
  RegisterHistoryRecord first;
  first.entry_id = entry.id;
  first.sequence = 1;
  first.change = workflow::RegisterChange::kListed;
  first.proposal_id = entry.listed_by;
  first.decree_number = entry.listed_decree;
  first.cycle = entry.since_cycle;
  first.status_after = entry.status;
  first.desil_after = entry.desil;
  first.at = entry.updated_at;
  first.prev_hash = std::string(audit::kZeroHash);
  Chain(first, entry);
  // desil and its date go in together (the table's CHECK), as the LISTED row
  // hashes desil_after = entry.desil.
  if (entry.desil.has_value() == entry.desil_date.empty()) {
    return absl::InvalidArgumentError("a register entry's desil and desil_date go together");
  }
  const std::string desil = OptionalInt(entry.desil);
  try {
    const workflow::RegionRef& r = entry.region;
    tx_.work_.exec_prepared(kInsertEntry, entry.id, r.province_code, r.kabupaten_code,
                            r.kecamatan_code, r.desa_code,
                            std::string(workflow::Name(entry.status)), entry.listed_by,
                            entry.listed_decree, entry.since_cycle, entry.household_proposal,
                            TextArrayLiteral(entry.programmes), first.hash,
                            ToMicros(entry.updated_at), NullIfEmpty(desil),
                            NullIfEmpty(entry.desil_date));
    InsertHistory(tx_.work_, first);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertEntry);
  }
}

absl::StatusOr<RegisterEntryRecord> RegisterRepository::ReadEntry(const std::string& id,
                                                                   bool lock) {
  if (!IsUuid(id)) return EntryNotFound(id);
  const char* statement = lock ? kLockEntry : kSelectEntry;
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(statement, id);
    if (rows.empty()) return EntryNotFound(id);
    return ReadEntryRow(rows[0]);
  } catch (const std::exception& e) {
    return tx_.Fail(e, statement);
  }
}

absl::Status RegisterRepository::ApplyChange(RegisterEntryRecord& entry,
                                             const RegisterChangeRecord& change) {
  RegisterEntryRecord next = entry;
  if (change.status_after) next.status = *change.status_after;
  if (!change.household_proposal.empty()) next.household_proposal = change.household_proposal;
  if (change.desil) {
    next.desil = change.desil;
    next.desil_date = change.desil_date;
  }
  if (!change.add_programme.empty() &&
      std::find(next.programmes.begin(), next.programmes.end(), change.add_programme) ==
          next.programmes.end()) {
    next.programmes.push_back(change.add_programme);
  }
  next.version = entry.version + 1;
  next.updated_at = change.at;

  RegisterHistoryRecord row;
  row.entry_id = entry.id;
  row.sequence = next.version;
  row.change = change.change;
  row.proposal_id = change.proposal_id;
  row.decree_number = change.decree_number;
  row.cycle = change.cycle;
  row.status_after = next.status;
  row.desil_after = next.desil;
  row.at = change.at;
  row.prev_hash = entry.history_head;
  Chain(row, next);
  next.history_head = row.hash;
  try {
    const std::string desil = OptionalInt(next.desil);
    const pqxx::result updated = tx_.work_.exec_prepared(
        kUpdateEntry, entry.id, entry.version, std::string(workflow::Name(next.status)),
        next.household_proposal, NullIfEmpty(desil), NullIfEmpty(next.desil_date),
        TextArrayLiteral(next.programmes), next.history_head, ToMicros(next.updated_at));
    if (updated.affected_rows() != 1) {
      return absl::AbortedError(
          absl::StrCat("register entry ", entry.id, " changed meanwhile; retry"));
    }
    InsertHistory(tx_.work_, row);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kUpdateEntry);
  }
  entry = std::move(next);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<RegisterHistoryRecord>> RegisterRepository::GetHistory(
    const std::string& entry_id) {
  std::vector<RegisterHistoryRecord> out;
  if (!IsUuid(entry_id)) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kSelectHistory, entry_id)) {
      out.push_back(ReadHistoryRow(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSelectHistory);
  }
}

absl::StatusOr<std::vector<RegisterEntryRecord>> RegisterRepository::ListEntries(
    const RegisterFilter& filter) {
  const std::string* after_id = filter.after ? &filter.after->id : nullptr;
  absl::StatusOr<size_t> level = ListingLevel(filter.region_prefix, after_id, filter.limit);
  if (!level.ok()) return level.status();
  std::vector<std::string> statuses;
  for (workflow::EntryStatus s : filter.statuses) statuses.emplace_back(workflow::Name(s));
  const std::string status_list = statuses.empty() ? std::string() : TextArrayLiteral(statuses);
  const std::string after_desa = filter.after ? filter.after->desa_code : std::string();
  const std::string after_entry = filter.after ? filter.after->id : std::string();
  try {
    std::vector<RegisterEntryRecord> out;
    for (const auto& row : tx_.work_.exec_prepared(
             kListEntries[*level], filter.region_prefix, NullIfEmpty(status_list),
             filter.after ? after_desa.c_str() : nullptr, NullIfEmpty(after_entry),
             filter.limit)) {
      out.push_back(ReadEntryRow(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListEntries[*level]);
  }
}

absl::StatusOr<std::vector<RegisterCountRecord>> RegisterRepository::CountEntries(
    const std::string& region_prefix) {
  absl::StatusOr<size_t> level = ListingLevel(region_prefix, nullptr, 1);
  if (!level.ok()) return level.status();
  try {
    std::vector<RegisterCountRecord> out;
    for (const auto& row : tx_.work_.exec_prepared(kCountEntries[*level], region_prefix)) {
      out.push_back({row["desa_code"].as<std::string>(), row["active"].as<int64_t>(),
                     row["inactive"].as<int64_t>()});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCountEntries[*level]);
  }
}

absl::StatusOr<std::vector<CycleChangeRecord>> RegisterRepository::HistoryOfCycle(
    const std::string& cycle, const std::string& region_prefix,
    const std::optional<HistoryCursor>& after, int limit) {
  absl::StatusOr<size_t> level =
      ListingLevel(region_prefix, after ? &after->entry_id : nullptr, limit);
  if (!level.ok()) return level.status();
  const std::string at = after ? std::to_string(ToMicros(after->at)) : std::string();
  const std::string entry = after ? after->entry_id : std::string();
  const std::string sequence = after ? std::to_string(after->sequence) : std::string();
  try {
    std::vector<CycleChangeRecord> out;
    for (const auto& row : tx_.work_.exec_prepared(kCycleHistory[*level], region_prefix, cycle,
                                                   NullIfEmpty(at), NullIfEmpty(entry),
                                                   NullIfEmpty(sequence), limit)) {
      CycleChangeRecord change;
      change.history = ReadHistoryRow(row);
      change.region = {row["province_code"].as<std::string>(),
                       row["kabupaten_code"].as<std::string>(),
                       row["kecamatan_code"].as<std::string>(), row["desa_code"].as<std::string>()};
      const std::string kind = row["kind"].as<std::string>();
      if (!kind.empty()) {
        change.kind = Require(workflow::ParseKind(kind), "kind");
        change.route = Require(workflow::ParseRoute(row["route"].as<std::string>()), "route");
      }
      if (!row["household_proposal"].is_null()) {
        change.household_proposal = row["household_proposal"].as<std::string>();
      }
      out.push_back(std::move(change));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCycleHistory[*level]);
  }
}

absl::StatusOr<std::map<std::string, DeterminationHouseholdRecord>>
RegisterRepository::HouseholdsOf(const std::vector<std::string>& proposal_ids) {
  std::vector<std::string> wanted;
  for (const std::string& id : proposal_ids) {
    if (IsUuid(id)) wanted.push_back(id);
  }
  std::map<std::string, DeterminationHouseholdRecord> out;
  if (wanted.empty()) return out;
  const std::string ids = TextArrayLiteral(wanted);
  try {
    for (const auto& row : tx_.work_.exec_prepared(kHouseholdsOf, ids)) {
      out[row["proposal_id"].as<std::string>()].kk_number = row["kk_number"].as<std::string>();
    }
    for (const auto& row : tx_.work_.exec_prepared(kMembersOfMany, ids)) {
      auto household = out.find(row["proposal_id"].as<std::string>());
      if (household != out.end()) household->second.members.push_back(ReadMemberRow(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kHouseholdsOf);
  }
}

absl::StatusOr<std::string> RegisterRepository::OpenProposalOf(const std::string& entry_id,
                                                                workflow::Kind kind) {
  if (!IsUuid(entry_id)) return std::string();
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(
        kOpenProposal, entry_id, std::string(workflow::Name(kind)), TerminalStates());
    return rows.empty() ? std::string() : rows[0][0].as<std::string>();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kOpenProposal);
  }
}


absl::StatusOr<std::vector<PersonEntryMatch>> RegisterRepository::ActiveEntriesOfPerson(
    const std::string& nik) {
  absl::StatusOr<std::string> nik_hmac = tx_.NikHmac(nik);
  if (!nik_hmac.ok()) return nik_hmac.status();
  std::vector<PersonEntryMatch> out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kEntriesOfPerson, *nik_hmac)) {
      out.push_back({row["id"].as<std::string>(), row["desa_code"].as<std::string>(),
                     row["position"].as<int>()});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kEntriesOfPerson);
  }
}

absl::StatusOr<std::vector<ListedNik>> RegisterRepository::ActiveEntriesOfNiks(
    const std::vector<std::string>& nik_hmacs) {
  std::vector<ListedNik> out;
  if (nik_hmacs.empty()) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kEntriesOfNiks, TextArrayLiteral(nik_hmacs))) {
      out.push_back({row["nik_hmac"].as<std::string>(), row["id"].as<std::string>(),
                     row["desa_code"].as<std::string>()});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kEntriesOfNiks);
  }
}

absl::StatusOr<std::vector<EntryWithHistory>> RegisterRepository::EntriesWithHistory(
    const std::vector<std::string>& entry_ids) {
  std::vector<std::string> wanted;
  for (const std::string& id : entry_ids) {
    if (IsUuid(id)) wanted.push_back(id);
  }
  std::vector<EntryWithHistory> out;
  if (wanted.empty()) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kEntriesWithHistory, TextArrayLiteral(wanted))) {
      const std::string id = row["id"].as<std::string>();
      if (out.empty() || out.back().entry.id != id) out.push_back({ReadEntryRow(row), {}});
      if (!row["sequence"].is_null()) out.back().history.push_back(ReadHistoryRow(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kEntriesWithHistory);
  }
}

absl::StatusOr<std::string> RegisterRepository::DeceasedFiling(const std::string& entry_id,
                                                               const std::string& nik,
                                                               const std::string& death_date) {
  absl::StatusOr<std::string> nik_hmac = tx_.NikHmac(nik);
  if (!nik_hmac.ok()) return nik_hmac.status();
  if (!IsUuid(entry_id)) return std::string();
  try {
    const pqxx::result rows =
        tx_.work_.exec_prepared(kDeceasedFiling, entry_id, *nik_hmac, death_date);
    return rows.empty() ? std::string() : rows[0][0].as<std::string>();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kDeceasedFiling);
  }
}

absl::Status RegisterRepository::RecordDeceasedFiling(const std::string& proposal_id,
                                                      const std::string& entry_id,
                                                      const std::string& nik,
                                                      const std::string& death_date) {
  absl::StatusOr<std::string> nik_hmac = tx_.NikHmac(nik);
  if (!nik_hmac.ok()) return nik_hmac.status();
  try {
    tx_.work_.exec_prepared(kInsertDeceasedFiling, proposal_id, entry_id, *nik_hmac, death_date);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertDeceasedFiling);
  }
}

absl::StatusOr<std::vector<ListedNik>> RegisterRepository::ActiveEntriesOfHousehold(
    const workflow::Household& household) {
  absl::StatusOr<std::vector<std::string>> hashes = tx_.MemberNikHmacs(household);
  if (!hashes.ok()) return hashes.status();
  absl::StatusOr<std::vector<ListedNik>> listed = ActiveEntriesOfNiks(*hashes);
  if (!listed.ok()) return listed.status();
  std::vector<ListedNik> out;
  for (size_t i = 0; i < hashes->size(); ++i) {
    for (const ListedNik& entry : *listed) {
      if (entry.nik_hmac != (*hashes)[i]) continue;
      out.push_back(entry);
      out.back().member_index = i;
    }
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::vector<std::string>>>
RegisterRepository::MemberNikHmacsOf(const std::vector<std::string>& proposal_ids) {
  std::vector<std::string> wanted;
  for (const std::string& id : proposal_ids) {
    if (IsUuid(id)) wanted.push_back(id);
  }
  std::map<std::string, std::vector<std::string>> out;
  if (wanted.empty()) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kMemberHmacsOf, TextArrayLiteral(wanted))) {
      out[row["proposal_id"].as<std::string>()].push_back(row["nik_hmac"].as<std::string>());
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kMemberHmacsOf);
  }
}

absl::StatusOr<std::vector<RankedEntry>> RegisterRepository::LockActiveEntriesOfKks(
    const std::vector<std::string>& kk_numbers) {
  std::vector<RankedEntry> out;
  std::vector<std::string> hashes;
  for (const std::string& kk : kk_numbers) {
    absl::StatusOr<std::string> hash = tx_.KkHmac(kk);
    if (!hash.ok()) return hash.status();
    if (!hash->empty()) hashes.push_back(std::move(*hash));
  }
  if (hashes.empty()) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kLockEntriesOfKks, TextArrayLiteral(hashes))) {
      out.push_back({ReadEntryRow(row), row["kk_number"].as<std::string>()});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLockEntriesOfKks);
  }
}

absl::StatusOr<std::string> RegisterRepository::OpenObjectionBy(const std::string& entry_id,
                                                                 const std::string& created_by) {
  if (!IsUuid(entry_id)) return std::string();
  try {
    const pqxx::result rows =
        tx_.work_.exec_prepared(kOpenObjectionBy, entry_id, created_by, TerminalStates());
    return rows.empty() ? std::string() : rows[0][0].as<std::string>();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kOpenObjectionBy);
  }
}

absl::StatusOr<std::optional<RegisterEntryRecord>> RegisterRepository::EntryOfKk(
    const std::string& kk_number, const std::string& preferred_desa) {
  absl::StatusOr<std::string> hash = tx_.KkHmac(kk_number);
  if (!hash.ok()) return hash.status();
  if (hash->empty()) return std::optional<RegisterEntryRecord>();
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(kEntryOfKk, *hash, preferred_desa);
    if (rows.empty()) return std::optional<RegisterEntryRecord>();
    return std::optional<RegisterEntryRecord>(ReadEntryRow(rows[0]));
  } catch (const std::exception& e) {
    return tx_.Fail(e, kEntryOfKk);
  }
}

}  // namespace usulan::storage
