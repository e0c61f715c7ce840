// Village deliberations (Musdes / Muskel) and their agendas.
#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "storage/errors.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "storage/not_found.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertDeliberation = "deliberation_insert";
constexpr const char* kSelectDeliberation = "deliberation_select";
constexpr const char* kLockDeliberation = "deliberation_lock";
constexpr const char* kDeliberationVersion = "deliberation_version";
constexpr const char* kUpdateDeliberation = "deliberation_update";
constexpr const char* kSelectAgenda = "agenda_select";
constexpr const char* kSelectAgendas = "agenda_select_many";
constexpr const char* kFindProposals = "agenda_find_proposals";
constexpr const char* kFindOpenAgendaItems = "agenda_find_open";
constexpr const char* kOpenDeliberationOf = "agenda_open_deliberation_of";
constexpr const char* kInsertAgendaItems = "agenda_insert";
constexpr const char* kSetOutcome = "agenda_set_outcome";
constexpr const char* kCloseAgenda = "agenda_close";
// One listing statement per region level, as for proposals.
constexpr std::array<const char*, 5> kListDeliberations = {
    "deliberations_list_national", "deliberations_list_province",
    "deliberations_list_kabupaten", "deliberations_list_kecamatan",
    "deliberations_list_desa"};

// Deliberations carry desa and kabupaten codes only. Codes are fixed-length
// digits, so a province is exactly the kabupaten range NN00..NN99 and a kecamatan
// lies inside its kabupaten: both are served by the kabupaten index.
constexpr std::array<const char*, 5> kRegionPredicates = {
    "$1::text = ''",
    "d.kabupaten_code BETWEEN $1 || '00' AND $1 || '99'",
    "d.kabupaten_code = $1",
    "d.kabupaten_code = left($1, 4) AND left(d.desa_code, 6) = $1",
    "d.desa_code = $1",
};


std::string Str(std::string_view s) { return std::string(s); }

std::string DeliberationColumns() {
  return absl::StrCat(
      "d.id::text AS id, d.kind, d.desa_code, to_char(d.meeting_date, 'YYYY-MM-DD') "
      "AS meeting_date, d.status, d.version, d.opened_by, ",
      MicrosOf("d.opened_at"),
      " AS opened_at_us, d.attendance, d.quorum, d.minutes_sha256, d.closed_by, ",
      MicrosOf("d.closed_at"), " AS closed_at_us");
}

std::string ListDeliberationsSql(const char* region_predicate) {
  return absl::StrCat("SELECT ", DeliberationColumns(), " FROM deliberations d WHERE ",
                      region_predicate,
                      " AND ($2::text IS NULL OR d.status = $2)"
                      " AND ($3::bigint IS NULL OR (d.opened_at, d.id) > (",
                      TimestampParam(3), ", $4::uuid)) ORDER BY d.opened_at, d.id LIMIT $5");
}

template <typename T>
T Require(std::optional<T> value, const char* what) {
  if (!value) throw CorruptRow(absl::StrCat("unknown ", what, " name"));
  return *value;
}

DeliberationRecord ReadDeliberation(const pqxx::row& row) {
  DeliberationRecord d;
  d.id = row["id"].as<std::string>();
  d.kind = Require(workflow::ParseDeliberationKind(row["kind"].as<std::string>()), "kind");
  d.desa_code = row["desa_code"].as<std::string>();
  d.meeting_date = row["meeting_date"].as<std::string>();
  d.status =
      Require(workflow::ParseDeliberationStatus(row["status"].as<std::string>()), "status");
  d.version = row["version"].as<int64_t>();
  d.opened_by = row["opened_by"].as<std::string>();
  d.opened_at = FromMicros(row["opened_at_us"].as<int64_t>());
  d.attendance = row["attendance"].as<int32_t>();
  d.quorum = row["quorum"].as<int32_t>();
  d.minutes_sha256 = row["minutes_sha256"].as<std::string>();
  d.closed_by = row["closed_by"].as<std::string>();
  if (!row["closed_at_us"].is_null()) d.closed_at = FromMicros(row["closed_at_us"].as<int64_t>());
  return d;
}

workflow::AgendaItem ReadAgendaItem(const pqxx::row& row) {
  workflow::AgendaItem item;
  item.proposal_id = row["proposal_id"].as<std::string>();
  item.outcome = Require(workflow::ParseAgendaOutcome(row["outcome"].as<std::string>()),
                         "agenda outcome");
  item.reason = row["reason"].as<std::string>();
  return item;
}

absl::Status NotFound(const std::string& id) {
  return absl::NotFoundError(absl::StrCat("deliberation ", id, " not found"));
}

absl::StatusOr<DeliberationRecord> LoadDeliberation(pqxx::transaction_base& work,
                                                    const std::string& id, bool lock) {
  if (!IsUuid(id)) return NotFound(id);
  const pqxx::result rows = work.exec_prepared(lock ? kLockDeliberation : kSelectDeliberation, id);
  if (rows.empty()) return NotFound(id);
  DeliberationRecord d = ReadDeliberation(rows[0]);
  for (const auto& row : work.exec_prepared(kSelectAgenda, id)) {
    d.agenda.push_back(ReadAgendaItem(row));
  }
  return d;
}

// Adds `proposal_ids` as pending items. Refusals found before writing leave the
// transaction usable; `wrote` tells the caller whether something was written.
absl::Status AddItems(pqxx::transaction_base& work, const std::string& deliberation_id,
                      const std::vector<std::string>& proposal_ids, bool& wrote) {
  wrote = false;
  if (!IsUuid(deliberation_id)) return NotFound(deliberation_id);
  if (work.exec_prepared(kDeliberationVersion, deliberation_id).empty()) {
    return NotFound(deliberation_id);
  }
  for (size_t i = 0; i < proposal_ids.size(); ++i) {
    if (!IsUuid(proposal_ids[i])) {
      return ProposalNotFound(proposal_ids[i]);
    }
    for (size_t j = 0; j < i; ++j) {
      if (proposal_ids[j] == proposal_ids[i]) {
        return absl::InvalidArgumentError(
            absl::StrCat("proposal_ids[", i, "] repeats proposal_ids[", j, "]"));
      }
    }
  }
  if (proposal_ids.empty()) return absl::OkStatus();

  // PostgreSQL answers in its canonical (lower-case) UUID form.
  auto canonical = [](std::string id) {
    std::transform(id.begin(), id.end(), id.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return id;
  };
  const std::string ids = TextArrayLiteral(proposal_ids);
  std::set<std::string> existing;
  for (const auto& row : work.exec_prepared(kFindProposals, ids)) {
    existing.insert(row[0].as<std::string>());
  }
  for (const std::string& id : proposal_ids) {
    if (existing.count(canonical(id)) == 0) {
      return ProposalNotFound(id);
    }
  }
  auto first_taken = [&](const std::set<std::string>& taken) -> std::optional<size_t> {
    for (size_t i = 0; i < proposal_ids.size(); ++i) {
      if (taken.count(canonical(proposal_ids[i])) > 0) return i;
    }
    return std::nullopt;
  };
  auto taken_error = [](size_t i) {
    return absl::AlreadyExistsError(absl::StrCat(
        "proposal_ids[", i, "] is already on the agenda of an open deliberation"));
  };
  std::set<std::string> on_open_agenda;
  for (const auto& row : work.exec_prepared(kFindOpenAgendaItems, ids)) {
    on_open_agenda.insert(row[0].as<std::string>());
  }
  if (auto i = first_taken(on_open_agenda)) return taken_error(*i);

  // ON CONFLICT on the one-open-agenda index waits for a concurrent adder of the
  // same proposal and skips it if that one commits, so the loser can name it.
  std::set<std::string> inserted;
  wrote = true;
  for (const auto& row : work.exec_prepared(kInsertAgendaItems, deliberation_id, ids)) {
    inserted.insert(row[0].as<std::string>());
  }
  for (size_t i = 0; i < proposal_ids.size(); ++i) {
    if (inserted.count(canonical(proposal_ids[i])) == 0) return taken_error(i);
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<Statement>& DeliberationStatements() {
  static const std::vector<Statement> statements = [] {
    std::vector<Statement> s = {
        {kInsertDeliberation,
         absl::StrCat(
             "INSERT INTO deliberations (id, kind, desa_code, kabupaten_code, meeting_date, "
             "status, version, opened_by, opened_at, attendance, quorum, minutes_sha256, "
             "closed_by, closed_at) "
             "VALUES ($1::uuid, $2, $3, left($3, 4), $4::date, $5, $6, $7, ",
             TimestampParam(8), ", $9, $10, $11, $12, ", TimestampParam(13), ")")},
        {kSelectDeliberation,
         absl::StrCat("SELECT ", DeliberationColumns(),
                      " FROM deliberations d WHERE d.id = $1::uuid")},
        {kLockDeliberation,
         absl::StrCat("SELECT ", DeliberationColumns(),
                      " FROM deliberations d WHERE d.id = $1::uuid FOR UPDATE")},
        {kDeliberationVersion, "SELECT version FROM deliberations WHERE id = $1::uuid"},
        {kUpdateDeliberation,
         absl::StrCat("UPDATE deliberations SET version = $2 + 1, status = $3, "
                      "attendance = $4, quorum = $5, minutes_sha256 = $6, closed_by = $7, "
                      "closed_at = ",
                      TimestampParam(8), " WHERE id = $1::uuid AND version = $2")},
        {kSelectAgenda,
         "SELECT proposal_id::text AS proposal_id, outcome, reason FROM agenda_items "
         "WHERE deliberation_id = $1::uuid ORDER BY position"},
        {kSelectAgendas,
         "SELECT deliberation_id::text AS deliberation_id, proposal_id::text AS proposal_id, "
         "outcome, reason FROM agenda_items WHERE deliberation_id = ANY ($1::uuid[]) "
         "ORDER BY deliberation_id, position"},
        {kFindProposals, "SELECT id::text FROM proposals WHERE id = ANY ($1::uuid[])"},
        {kOpenDeliberationOf,
         "SELECT deliberation_id::text FROM agenda_items WHERE proposal_id = $1 AND open"},
        {kFindOpenAgendaItems,
         "SELECT proposal_id::text FROM agenda_items "
         "WHERE proposal_id = ANY ($1::uuid[]) AND open"},
        // Items of a closed deliberation are never open, whoever adds them.
        {kInsertAgendaItems,
         "INSERT INTO agenda_items (deliberation_id, proposal_id, position, outcome, reason, "
         "open) "
         "SELECT $1::uuid, u.proposal_id, "
         "coalesce((SELECT max(position) FROM agenda_items WHERE deliberation_id = $1::uuid), "
         "0) + u.ord, 'PENDING', '', "
         "(SELECT status = 'OPEN' FROM deliberations WHERE id = $1::uuid) "
         "FROM unnest($2::uuid[]) WITH ORDINALITY AS u(proposal_id, ord) "
         "ON CONFLICT (proposal_id) WHERE open DO NOTHING RETURNING proposal_id::text"},
        {kSetOutcome,
         "UPDATE agenda_items SET outcome = $3, reason = $4 "
         "WHERE deliberation_id = $1::uuid AND proposal_id = $2::uuid"},
        {kCloseAgenda, "UPDATE agenda_items SET open = false WHERE deliberation_id = $1::uuid"},
    };
    for (size_t level = 0; level < kListDeliberations.size(); ++level) {
      s.push_back({kListDeliberations[level], ListDeliberationsSql(kRegionPredicates[level])});
    }
    return s;
  }();
  return statements;
}

absl::Status DeliberationRepository::InsertDeliberation(const DeliberationRecord& d) {
  if (!IsUuid(d.id)) return absl::InvalidArgumentError("deliberation id must be a UUID");
  if (!workflow::IsIsoDate(d.meeting_date)) {
    return absl::InvalidArgumentError("meeting_date must be a date written YYYY-MM-DD");
  }
  try {
    const std::string closed_at = d.closed_at ? std::to_string(ToMicros(*d.closed_at)) : "";
    tx_.work_.exec_prepared(kInsertDeliberation, d.id, Str(workflow::Name(d.kind)), d.desa_code,
                        d.meeting_date, Str(workflow::Name(d.status)), d.version, d.opened_by,
                        ToMicros(d.opened_at), d.attendance, d.quorum, d.minutes_sha256,
                        d.closed_by, NullIfEmpty(closed_at));
    if (d.agenda.empty()) return absl::OkStatus();
    // A record that arrives with its agenda (e.g. an import) gets it written too.
    std::vector<std::string> ids;
    for (const auto& item : d.agenda) ids.push_back(item.proposal_id);
    bool wrote = false;
    if (absl::Status s = AddItems(tx_.work_, d.id, ids, wrote); !s.ok()) return tx_.Fail(s);
    for (const auto& item : d.agenda) {
      if (item.outcome == workflow::AgendaOutcome::kPending) continue;
      tx_.work_.exec_prepared(kSetOutcome, d.id, item.proposal_id,
                          Str(workflow::Name(item.outcome)), item.reason);
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertDeliberation);
  }
}

absl::StatusOr<DeliberationRecord> DeliberationRepository::LockDeliberation(const std::string& id) {
  try {
    return LoadDeliberation(tx_.work_, id, /*lock=*/true);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLockDeliberation);
  }
}

absl::StatusOr<DeliberationRecord> DeliberationRepository::GetDeliberation(const std::string& id) {
  try {
    return LoadDeliberation(tx_.work_, id, /*lock=*/false);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSelectDeliberation);
  }
}

absl::Status DeliberationRepository::AddAgendaItems(const std::string& deliberation_id,
                                const std::vector<std::string>& proposal_ids) {
  bool wrote = false;
  try {
    absl::Status status = AddItems(tx_.work_, deliberation_id, proposal_ids, wrote);
    // Refusals before the insert leave nothing behind; after it, part may be.
    return wrote && !status.ok() ? tx_.Fail(status) : status;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertAgendaItems);
  }
}

absl::StatusOr<std::optional<std::string>> DeliberationRepository::OpenDeliberationOf(
    const std::string& proposal_id) {
  if (!IsUuid(proposal_id)) return std::optional<std::string>();
  try {
    const pqxx::result rows = tx_.work_.exec_prepared(kOpenDeliberationOf, proposal_id);
    if (rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(rows[0][0].as<std::string>());
  } catch (const std::exception& e) {
    return tx_.Fail(e, kOpenDeliberationOf);
  }
}

absl::Status DeliberationRepository::SetAgendaOutcome(const std::string& deliberation_id,
                                  const std::string& proposal_id,
                                  workflow::AgendaOutcome outcome, const std::string& reason) {
  const absl::Status not_on_agenda = absl::NotFoundError(absl::StrCat(
      "proposal ", proposal_id, " is not on the agenda of deliberation ", deliberation_id));
  if (!IsUuid(deliberation_id) || !IsUuid(proposal_id)) return not_on_agenda;
  try {
    const pqxx::result updated = tx_.work_.exec_prepared(
        kSetOutcome, deliberation_id, proposal_id, Str(workflow::Name(outcome)), reason);
    if (updated.affected_rows() == 0) return not_on_agenda;
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSetOutcome);
  }
}

absl::Status DeliberationRepository::UpdateDeliberation(const DeliberationRecord& d, int64_t current_version) {
  if (!IsUuid(d.id)) return NotFound(d.id);
  if (!d.minutes_sha256.empty() && !workflow::IsSha256Hex(d.minutes_sha256)) {
    return absl::InvalidArgumentError(
        "minutes_sha256 must be 64 lower-case hex characters (SHA-256)");
  }
  try {
    const std::string closed_at = d.closed_at ? std::to_string(ToMicros(*d.closed_at)) : "";
    const pqxx::result updated = tx_.work_.exec_prepared(
        kUpdateDeliberation, d.id, current_version, Str(workflow::Name(d.status)), d.attendance,
        d.quorum, d.minutes_sha256, d.closed_by, NullIfEmpty(closed_at));
    if (updated.affected_rows() == 0) {
      const pqxx::result current = tx_.work_.exec_prepared(kDeliberationVersion, d.id);
      if (current.empty()) return NotFound(d.id);
      return absl::AbortedError(absl::StrCat("deliberation ", d.id,
                                             " changed concurrently (version ",
                                             current[0][0].as<int64_t>(), ", expected ",
                                             current_version, ")"));
    }
    if (d.status == workflow::DeliberationStatus::kClosed) {
      // Closed agenda items stop blocking their proposals from other agendas.
      tx_.work_.exec_prepared(kCloseAgenda, d.id);
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kUpdateDeliberation);
  }
}

absl::StatusOr<std::vector<DeliberationRecord>> DeliberationRepository::ListDeliberations(
    const DeliberationFilter& filter) {
  absl::StatusOr<size_t> level_or =
      ListingLevel(filter.region_prefix, filter.after ? &filter.after->id : nullptr, filter.limit);
  if (!level_or.ok()) return level_or.status();
  const size_t level = *level_or;
  const std::string status = filter.status ? Str(workflow::Name(*filter.status)) : "";
  const std::string after_micros =
      filter.after ? std::to_string(ToMicros(filter.after->opened_at)) : "";
  const std::string after_id = filter.after ? filter.after->id : "";
  try {
    std::vector<DeliberationRecord> out;
    std::map<std::string, size_t> index_of;
    std::vector<std::string> ids;
    for (const auto& row : tx_.work_.exec_prepared(
             kListDeliberations[level], filter.region_prefix, NullIfEmpty(status),
             NullIfEmpty(after_micros), NullIfEmpty(after_id), filter.limit)) {
      out.push_back(ReadDeliberation(row));
      index_of[out.back().id] = out.size() - 1;
      ids.push_back(out.back().id);
    }
    if (ids.empty()) return out;
    // All agendas of the page in one round trip.
    for (const auto& row : tx_.work_.exec_prepared(kSelectAgendas, TextArrayLiteral(ids))) {
      auto it = index_of.find(row["deliberation_id"].as<std::string>());
      if (it == index_of.end()) throw CorruptRow("agenda item of an unlisted deliberation");
      out[it->second].agenda.push_back(ReadAgendaItem(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListDeliberations[level]);
  }
}

}  // namespace usulan::storage
