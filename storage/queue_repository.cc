// Work queues (listing and counting proposals by region, state, kind, route,
// verifier assignment and age) and the lookup of proposals by a member's NIK. Which index
// serves which queue is documented in migrations/0003_queues.sql and 0006_queue_scale.sql.
#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <map>

#include "absl/strings/str_cat.h"
#include "storage/errors.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "workflow/formats.h"

namespace usulan::storage {
namespace {

// One statement per region level, indexed by the level (national, province,
// kabupaten, kecamatan, desa; see ListingLevel), plus one for a verifier's own
// assignments at any level.
constexpr std::array<const char*, 5> kListProposals = {
    "queue_list_national", "queue_list_province", "queue_list_kabupaten",
    "queue_list_kecamatan", "queue_list_desa"};
constexpr const char* kListAssigned = "queue_list_assigned";
// The same pages without a kind, route or overdue filter (a plain work queue, by far the
// most frequent call): the per-state scans then read only indexed columns.
constexpr std::array<const char*, 5> kListPlain = {
    "queue_page_national", "queue_page_province", "queue_page_kabupaten",
    "queue_page_kecamatan", "queue_page_desa"};
constexpr const char* kListAssignedPlain = "queue_page_assigned";
constexpr std::array<const char*, 5> kCountProposals = {
    "queue_count_national", "queue_count_province", "queue_count_kabupaten",
    "queue_count_kecamatan", "queue_count_desa"};
constexpr const char* kCountAssigned = "queue_count_assigned";
constexpr const char* kFindByNik = "nik_find_proposals";
constexpr const char* kMembersOf = "nik_members_of";
constexpr const char* kListFiledBy = "queue_list_filed_by";

// The region predicate of each level: an equality on the parent column of the
// prefix's own length, so that the (code, state, created_at, id) indexes apply (an
// equality works with any collation, LIKE 'prefix%' would not). A kecamatan
// prefix narrows by its kabupaten first so that the kabupaten index serves it.
constexpr std::array<const char*, 5> kRegionPredicates = {
    "$1::text = ''",
    "p.province_code = $1",
    "p.kabupaten_code = $1",
    "p.kabupaten_code = left($1, 4) AND p.kecamatan_code = $1",
    "p.desa_code = $1",
};
// A verifier's listings go through proposals_assigned_queue (assigned_verifier,
// state, created_at, id) INCLUDE (desa_code) WHERE assigned_verifier <> ''. The
// region is a filter that no index key can serve, so the planner has no other
// index to prefer; since 0006 it is checked on the index's desa_code, which keeps
// the plain queue an index-only scan in page order. The literal `<> ''` lets the
// planner prove the partial index's predicate. $n is the verifier.
std::string AssignedPredicate(int n) {
  return absl::StrCat("left(p.desa_code, length($1)) = $1 AND p.assigned_verifier = $", n,
                      " AND p.assigned_verifier <> ''");
}

// A page of a queue. Parameters: $1 region prefix, $2 states (text[], never
// empty, no duplicates), $3 kinds (text[] or NULL = every kind), $4/$5 cursor
// (microseconds, uuid; NULL on the first page), $6 overdue cut-off (microseconds
// or NULL), $7 limit, $8 routes (text[] or NULL = every route), [$9 verifier].
//
// Each requested state is read by its own index range scan, already in
// (created_at, id) order and stopped after $7 rows (the LATERAL subquery); the
// middle query merges at most (states x $7) keys and keeps $7; only those rows
// are then read from the table (by primary key) and counted members. So a page
// costs the same at the millionth row as at the first, whatever the number of
// states, instead of collecting and sorting every row of the region in those
// states.
//
// The scans select only (created_at, id), which with the region and state
// predicates are all columns of the (code, state, created_at, id) indexes: an
// index-only scan, no table page per candidate. Measured at 10 million
// proposals (docs/performance.md, "Work queues at scale"), reading the full row
// of every candidate (5 states x 51 for Dinsos) cost 1-20 ms cold where this
// costs 1-7 ms. That holds only without the kind, route and overdue filters,
// which need table columns: `with_filters` false is the plain-queue variant,
// which leaves them out (its outer guard refers to $3, $6 and $8, so both
// variants take the same parameters, and returns nothing unless all are NULL);
// true keeps them in the scans. A route filter is a filter on rows the state's
// index range already returns in page order, like the kind: the keyset paging
// is the same.
//
// Overdue: state_since >= created_at always, so `created_at < cut-off` is implied
// by `state_since < cut-off`; stated explicitly, it bounds the index range scan
// (a proposal created after the cut-off cannot be overdue).
std::string ListSql(const std::string& region_predicate, bool with_filters) {
  const std::string filters =
      with_filters
          ? absl::StrCat(" AND ($3::text[] IS NULL OR p.kind = ANY ($3::text[]))"
                         " AND ($8::text[] IS NULL OR p.route = ANY ($8::text[]))"
                         " AND ($6::bigint IS NULL OR (p.state_since < ",
                         TimestampParam(6), " AND p.created_at < ", TimestampParam(6), "))")
          : std::string();
  const char* guard =
      with_filters ? ""
                   : " WHERE $3::text[] IS NULL AND $6::bigint IS NULL AND $8::text[] IS NULL";
  return absl::StrCat(
      "SELECT p.id::text AS id, p.kind, p.state, p.version, p.desa_code, p.route, "
      "(SELECT count(*) FROM members m WHERE m.proposal_id = p.id)::int AS member_count, ",
      MicrosOf("p.created_at"), " AS created_at_us, ", MicrosOf("p.state_since"),
      " AS state_since_us "
      "FROM (SELECT q.id, q.created_at "
      "FROM unnest($2::text[]) AS s(state) CROSS JOIN LATERAL ("
      "SELECT p.id, p.created_at FROM proposals p WHERE ",
      region_predicate, " AND p.state = s.state", filters,
      " AND ($4::bigint IS NULL OR (p.created_at, p.id) > (", TimestampParam(4),
      ", $5::uuid))"
      " ORDER BY p.created_at, p.id LIMIT $7) q",
      guard,
      " ORDER BY q.created_at, q.id LIMIT $7) k "
      "JOIN proposals p ON p.id = k.id "
      "ORDER BY k.created_at, k.id");
}

// Counts per (state, kind). Parameters: $1 region prefix, $2 overdue cut-off
// (microseconds or NULL), [$3 verifier]. Reads the region's range of its queue
// index (or, national, the whole table): a count is a dashboard figure, asked
// for far less often than a page.
std::string CountSql(const std::string& region_predicate) {
  return absl::StrCat(
      "SELECT p.state, p.kind, count(*) AS n FROM proposals p WHERE ", region_predicate,
      " AND ($2::bigint IS NULL OR (p.state_since < ", TimestampParam(2),
      " AND p.created_at < ", TimestampParam(2),
      "))"
      " GROUP BY p.state, p.kind");
}

template <typename T>
T Require(std::optional<T> value, const char* what) {
  if (!value) throw CorruptRow(absl::StrCat("unknown ", what, " name"));
  return *value;
}

workflow::Relationship ParseRelationship(const std::string& name) {
  using workflow::Relationship;
  for (Relationship r : {Relationship::kUnspecified, Relationship::kHead, Relationship::kSpouse,
                         Relationship::kChild, Relationship::kParent,
                         Relationship::kOtherRelative, Relationship::kOther}) {
    if (workflow::Name(r) == name) return r;
  }
  throw CorruptRow("unknown relationship name");
}

template <typename E, size_t N>
std::string NamesLiteral(const std::vector<E>& values, const std::array<E, N>& all) {
  // Lifecycle order, without duplicates: a state named twice must not be read twice.
  std::vector<std::string> names;
  for (E value : all) {
    if (values.empty() || std::find(values.begin(), values.end(), value) != values.end()) {
      names.emplace_back(workflow::Name(value));
    }
  }
  return TextArrayLiteral(names);
}

// A row of a listing (ListSql or kListFiledBy).
ProposalSummaryRecord SummaryOf(const pqxx::row& row) {
  ProposalSummaryRecord summary;
  summary.id = row["id"].as<std::string>();
  summary.kind = Require(workflow::ParseKind(row["kind"].as<std::string>()), "kind");
  summary.state = Require(workflow::ParseState(row["state"].as<std::string>()), "state");
  summary.version = row["version"].as<int64_t>();
  summary.desa_code = row["desa_code"].as<std::string>();
  summary.route = Require(workflow::ParseRoute(row["route"].as<std::string>()), "route");
  summary.member_count = row["member_count"].as<int>();
  summary.created_at = FromMicros(row["created_at_us"].as<int64_t>());
  summary.state_since = FromMicros(row["state_since_us"].as<int64_t>());
  return summary;
}

std::string OptionalMicros(const std::optional<TimePoint>& t) {
  return t ? std::to_string(ToMicros(*t)) : std::string();
}

}  // namespace

const std::vector<Statement>& QueueStatements() {
  static const std::vector<Statement> statements = [] {
    std::vector<Statement> s;
    for (size_t level = 0; level < kListProposals.size(); ++level) {
      s.push_back({kListProposals[level], ListSql(kRegionPredicates[level], true)});
      s.push_back({kListPlain[level], ListSql(kRegionPredicates[level], false)});
      s.push_back({kCountProposals[level], CountSql(kRegionPredicates[level])});
    }
    s.push_back({kListAssigned, ListSql(AssignedPredicate(9), true)});
    s.push_back({kListAssignedPlain, ListSql(AssignedPredicate(9), false)});
    s.push_back({kCountAssigned, CountSql(AssignedPredicate(3))});
    // members_nik_hmac serves the lookup: the NIK is found by its keyed hash
    // (0005_personal_data.sql), never by the number in an index. Households
    // erased for privacy have no members left, so they are not found.
    s.push_back({kFindByNik,
                 absl::StrCat("SELECT p.id::text AS id, p.kind, p.state, p.desa_code, "
                              "p.assigned_verifier, ",
                              MicrosOf("p.created_at"), " AS created_at_us, ",
                              MicrosOf("p.state_since"),
                              " AS state_since_us, m.position, h.kk_number "
                              "FROM members m JOIN proposals p ON p.id = m.proposal_id "
                              "JOIN households h ON h.proposal_id = m.proposal_id "
                              "WHERE m.nik_hmac = decode($1, 'hex') "
                              "ORDER BY p.created_at DESC, p.id DESC LIMIT $2")});
    // A citizen's own filings (CitizenService.ListMyFilings), newest first,
    // through the index proposals_created_by (0015).
    s.push_back({kListFiledBy,
                 absl::StrCat("SELECT p.id::text AS id, p.kind, p.state, p.version, p.desa_code, "
                              "p.route, (SELECT count(*) FROM members m WHERE m.proposal_id = "
                              "p.id)::int AS member_count, ",
                              MicrosOf("p.created_at"), " AS created_at_us, ",
                              MicrosOf("p.state_since"),
                              " AS state_since_us FROM proposals p WHERE p.created_by = $1 "
                              "AND ($2::bigint IS NULL OR (p.created_at, p.id) < (",
                              TimestampParam(2),
                              ", $3::uuid)) ORDER BY p.created_at DESC, p.id DESC LIMIT $4")});
    s.push_back({kMembersOf,
                 "SELECT proposal_id::text AS proposal_id, position, nik, name, relationship "
                 "FROM members WHERE proposal_id = ANY ($1::uuid[]) "
                 "ORDER BY proposal_id, position"});
    return s;
  }();
  return statements;
}

absl::StatusOr<std::vector<ProposalSummaryRecord>> QueueRepository::ListProposals(
    const ProposalFilter& filter) {
  absl::StatusOr<size_t> level_or =
      ListingLevel(filter.region_prefix, filter.after ? &filter.after->id : nullptr, filter.limit);
  if (!level_or.ok()) return level_or.status();
  const bool plain = filter.kinds.empty() && filter.routes.empty() && !filter.state_since_before;
  const char* statement = !filter.assigned_verifier.empty()
                              ? (plain ? kListAssignedPlain : kListAssigned)
                          : plain ? kListPlain[*level_or]
                                  : kListProposals[*level_or];
  const std::string states = NamesLiteral(filter.states, workflow::kAllStates);
  const std::string kinds =
      filter.kinds.empty() ? std::string() : NamesLiteral(filter.kinds, workflow::kAllKinds);
  const std::string routes =
      filter.routes.empty() ? std::string() : NamesLiteral(filter.routes, workflow::kAllRoutes);
  const std::string after_micros =
      filter.after ? std::to_string(ToMicros(filter.after->created_at)) : "";
  const std::string after_id = filter.after ? filter.after->id : "";
  const std::string cutoff = OptionalMicros(filter.state_since_before);
  try {
    const pqxx::result rows =
        filter.assigned_verifier.empty()
            ? tx_.work_.exec_prepared(statement, filter.region_prefix, states, NullIfEmpty(kinds),
                                  NullIfEmpty(after_micros), NullIfEmpty(after_id),
                                  NullIfEmpty(cutoff), filter.limit, NullIfEmpty(routes))
            : tx_.work_.exec_prepared(statement, filter.region_prefix, states, NullIfEmpty(kinds),
                                  NullIfEmpty(after_micros), NullIfEmpty(after_id),
                                  NullIfEmpty(cutoff), filter.limit, NullIfEmpty(routes),
                                  filter.assigned_verifier);
    std::vector<ProposalSummaryRecord> out;
    for (const auto& row : rows) out.push_back(SummaryOf(row));
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, statement);
  }
}

absl::StatusOr<std::vector<ProposalSummaryRecord>> QueueRepository::ListFiledBy(
    const std::string& creator, const std::optional<ProposalCursor>& before, int limit) {
  if (limit < 1 || limit > 1000) return absl::InvalidArgumentError("limit must be 1..1000");
  if (before && !IsUuid(before->id)) return absl::InvalidArgumentError("cursor id is not a UUID");
  const std::string before_micros = before ? std::to_string(ToMicros(before->created_at)) : "";
  const std::string before_id = before ? before->id : "";
  try {
    std::vector<ProposalSummaryRecord> out;
    for (const auto& row : tx_.work_.exec_prepared(kListFiledBy, creator,
                                                   NullIfEmpty(before_micros),
                                                   NullIfEmpty(before_id), limit)) {
      out.push_back(SummaryOf(row));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kListFiledBy);
  }
}

absl::StatusOr<std::vector<ProposalCountRecord>> QueueRepository::CountProposals(
    const ProposalCountFilter& filter) {
  absl::StatusOr<size_t> level_or = ListingLevel(filter.region_prefix, nullptr, 1);
  if (!level_or.ok()) return level_or.status();
  const char* statement =
      filter.assigned_verifier.empty() ? kCountProposals[*level_or] : kCountAssigned;
  const std::string cutoff = OptionalMicros(filter.state_since_before);
  try {
    const pqxx::result rows =
        filter.assigned_verifier.empty()
            ? tx_.work_.exec_prepared(statement, filter.region_prefix, NullIfEmpty(cutoff))
            : tx_.work_.exec_prepared(statement, filter.region_prefix, NullIfEmpty(cutoff),
                                  filter.assigned_verifier);
    std::vector<ProposalCountRecord> out;
    for (const auto& row : rows) {
      out.push_back({Require(workflow::ParseState(row["state"].as<std::string>()), "state"),
                     Require(workflow::ParseKind(row["kind"].as<std::string>()), "kind"),
                     row["n"].as<int64_t>()});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, statement);
  }
}

absl::StatusOr<std::vector<NikHitRecord>> QueueRepository::FindProposalsByNik(const std::string& nik) {
  if (nik.size() != 16 || !workflow::IsAllDigits(nik)) {
    return absl::InvalidArgumentError("nik must be 16 digits");
  }
  absl::StatusOr<std::string> nik_hmac = tx_.NikHmac(nik);
  if (!nik_hmac.ok()) return nik_hmac.status();
  try {
    std::vector<NikHitRecord> out;
    std::map<std::string, size_t> index;  // proposal id -> position in `out`
    std::vector<std::string> ids;
    for (const auto& row : tx_.work_.exec_prepared(kFindByNik, *nik_hmac, kMaxNikHits)) {
      NikHitRecord hit;
      hit.proposal_id = row["id"].as<std::string>();
      hit.kind = Require(workflow::ParseKind(row["kind"].as<std::string>()), "kind");
      hit.state = Require(workflow::ParseState(row["state"].as<std::string>()), "state");
      hit.desa_code = row["desa_code"].as<std::string>();
      hit.assigned_verifier = row["assigned_verifier"].as<std::string>();
      hit.created_at = FromMicros(row["created_at_us"].as<int64_t>());
      hit.state_since = FromMicros(row["state_since_us"].as<int64_t>());
      hit.position = row["position"].as<int>();
      hit.kk_number = row["kk_number"].as<std::string>();
      // The same person listed twice in one household cannot pass validation, but
      // one hit per proposal is what callers expect either way.
      if (index.count(hit.proposal_id) > 0) continue;
      index[hit.proposal_id] = out.size();
      ids.push_back(hit.proposal_id);
      out.push_back(std::move(hit));
    }
    if (ids.empty()) return out;
    for (const auto& row : tx_.work_.exec_prepared(kMembersOf, TextArrayLiteral(ids))) {
      NikHitRecord& hit = out[index.at(row["proposal_id"].as<std::string>())];
      hit.members.push_back({row["position"].as<int>(), row["nik"].as<std::string>(),
                             row["name"].as<std::string>(),
                             ParseRelationship(row["relationship"].as<std::string>())});
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kFindByNik);
  }
}

}  // namespace usulan::storage
