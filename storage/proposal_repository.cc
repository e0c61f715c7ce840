// Proposals, their households and NIK claims, the transition write and the audit
// trail.
#include <pqxx/pqxx>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "audit/digest.h"
#include "audit/transition_encoding.h"
#include "storage/errors.h"
#include "storage/proposal_rows.h"
#include "storage/sql_util.h"
#include "storage/transition_rows.h"
#include "storage/tx.h"
#include "storage/not_found.h"
#include "workflow/register_change.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsertProposal = "proposal_insert";
constexpr const char* kInsertHousehold = "household_upsert";
constexpr const char* kInsertMembers = "members_insert";
constexpr const char* kInsertObjectionPoint = "objection_point_insert";
constexpr const char* kDeleteMembers = "members_delete";
constexpr const char* kFindClaimedNiks = "nik_claims_find_other";
constexpr const char* kInsertNikClaims = "nik_claims_insert";
constexpr const char* kDeleteNikClaims = "nik_claims_delete";
constexpr const char* kSelectProposal = "proposal_select";
constexpr const char* kLockProposal = "proposal_lock";
constexpr const char* kSelectMembers = "members_select";
constexpr const char* kProposalVersion = "proposal_version";
constexpr const char* kUpdateReasons = "proposal_update_reasons";
constexpr const char* kSelectHistory = "transitions_select";
std::string SelectProposalSql(bool lock) {
  return absl::StrCat(SelectProposalColumnsSql(), " WHERE p.id = $1::uuid",
                      lock ? " FOR UPDATE OF p" : "");
}

std::string BoolArrayLiteral(const std::vector<bool>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += values[i] ? 't' : 'f';
  }
  return out + "}";
}

std::string Str(std::string_view s) { return std::string(s); }

std::string NikConflictMessage(size_t index) {
  return absl::StrCat("household.members[", index, "].nik is already in another open proposal");
}

// The 0-based index of the first member whose NIK hash is in `claimed`.
std::optional<size_t> FirstClaimed(const std::vector<std::string>& nik_hmacs,
                                   const std::set<std::string>& claimed) {
  for (size_t i = 0; i < nik_hmacs.size(); ++i) {
    if (claimed.count(nik_hmacs[i]) > 0) return i;
  }
  return std::nullopt;
}

std::vector<std::string> MemberNiks(const workflow::Household& household) {
  std::vector<std::string> niks;
  niks.reserve(household.members.size());
  for (const auto& member : household.members) niks.push_back(member.nik);
  return niks;
}

// ALREADY_EXISTS naming the first member whose NIK another proposal holds.
// `nik_hmacs` are the members' NIK hashes in hex, in household order. Read-only,
// so a refusal leaves the transaction usable.
absl::Status CheckNikClaims(pqxx::transaction_base& work, const std::string& proposal_id,
                            const std::vector<std::string>& nik_hmacs) {
  std::set<std::string> claimed;
  for (const auto& row :
       work.exec_prepared(kFindClaimedNiks, TextArrayLiteral(nik_hmacs), proposal_id)) {
    claimed.insert(row[0].as<std::string>());
  }
  if (auto index = FirstClaimed(nik_hmacs, claimed)) {
    return absl::AlreadyExistsError(NikConflictMessage(*index));
  }
  return absl::OkStatus();
}

// Writes members (with their NIK and name hashes, hex in household order) and,
// when `claim`, NIK claims of `household` (workflow::ClaimsNiks). A claim lost to
// a concurrent transaction after the pre-check
// gives ALREADY_EXISTS (the caller must poison the transaction: part of the
// change is written).
absl::Status WriteMembersAndClaims(pqxx::transaction_base& work, const std::string& proposal_id,
                                   const workflow::Household& household,
                                   const std::vector<std::string>& nik_hmacs,
                                   const std::vector<std::string>& name_hmacs, bool claim) {
  std::vector<std::string> names, relationships, sexes, birth_dates, occupations;
  std::vector<bool> disabilities;
  for (const auto& member : household.members) {
    names.push_back(member.name);
    relationships.push_back(Str(workflow::Name(member.relationship)));
    sexes.push_back(Str(workflow::Name(member.sex)));
    birth_dates.push_back(member.birth_date);
    occupations.push_back(member.occupation);
    disabilities.push_back(member.has_disability);
  }
  const std::vector<std::string> niks = MemberNiks(household);
  work.exec_prepared(kInsertMembers, proposal_id, TextArrayLiteral(niks),
                     TextArrayLiteral(names), TextArrayLiteral(relationships),
                     TextArrayLiteral(sexes), TextArrayLiteral(birth_dates),
                     TextArrayLiteral(occupations), BoolArrayLiteral(disabilities),
                     TextArrayLiteral(nik_hmacs), TextArrayLiteral(name_hmacs));
  if (!claim) return absl::OkStatus();

  // ON CONFLICT DO NOTHING waits for a concurrent claimer of the same NIK and
  // skips the row if that one commits, so the loser learns which member lost.
  std::set<int> inserted;
  for (const auto& row :
       work.exec_prepared(kInsertNikClaims, proposal_id, TextArrayLiteral(nik_hmacs))) {
    inserted.insert(row[0].as<int>());
  }
  for (size_t i = 0; i < nik_hmacs.size(); ++i) {
    if (inserted.count(static_cast<int>(i) + 1) == 0) {
      return absl::AlreadyExistsError(NikConflictMessage(i));
    }
  }
  return absl::OkStatus();
}

// `kk_hmac`: the KK's keyed hash in hex (Tx::KkHmac), "" for none.
void WriteHousehold(pqxx::transaction_base& work, const std::string& proposal_id,
                    const workflow::Household& household, const std::string& kk_hmac) {
  const workflow::SocioEconomic& se = household.socio_economic;
  work.exec_prepared(kInsertHousehold, proposal_id, household.kk_number, household.address,
                     se.floor_area_m2, se.floor_type, se.wall_type, se.roof_type,
                     se.drinking_water_source, se.lighting_source, se.cooking_fuel,
                     se.toilet_facility, se.monthly_expenditure_idr, se.monthly_income_idr,
                     kk_hmac);
}

// `audit_head`, when given, receives the hash of the proposal's latest audit row.
absl::StatusOr<ProposalRecord> LoadProposal(pqxx::transaction_base& work, const std::string& id,
                                            bool lock, std::string* audit_head = nullptr) {
  if (!IsUuid(id)) return ProposalNotFound(id);
  const pqxx::result rows = work.exec_prepared(lock ? kLockProposal : kSelectProposal, id);
  if (rows.empty()) return ProposalNotFound(id);
  ProposalRecord p = ReadProposalRow(rows[0]);
  if (audit_head != nullptr) *audit_head = rows[0]["audit_head"].as<std::string>();
  if (!rows[0]["kk_number"].is_null()) {
    for (const auto& m : work.exec_prepared(kSelectMembers, id)) {
      p.household.members.push_back(ReadMemberRow(m));
    }
  }
  return p;
}

}  // namespace

const std::vector<Statement>& ProposalStatements() {
  static const std::vector<Statement> statements = [] {
    std::vector<Statement> s = {
        {kInsertProposal,
         absl::StrCat(
             "INSERT INTO proposals (id, kind, state, version, province_code, "
             "kabupaten_code, kecamatan_code, desa_code, machine_version, reason, "
             "deactivation_reason, assigned_verifier, last_approver, nik_mismatch_members, "
             "created_by, created_at, state_since, updated_at, audit_head, route, register_entry_id) "
             "VALUES ($1::uuid, $2, $16, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
             "$12::int[], $13, ",
             TimestampParam(14), ", ", TimestampParam(14), ", ", TimestampParam(14),
             ", $15, $17, $18::uuid)")},
        // An upsert, so that a household erased for privacy can be written again.
        {kInsertHousehold,
         "INSERT INTO households (proposal_id, kk_number, address, floor_area_m2, "
         "floor_type, wall_type, roof_type, drinking_water_source, lighting_source, "
         "cooking_fuel, toilet_facility, monthly_expenditure_idr, monthly_income_idr, "
         "kk_hmac) "
         "VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
         "decode(NULLIF($14, ''), 'hex')) "
         "ON CONFLICT (proposal_id) DO UPDATE SET kk_number = EXCLUDED.kk_number, "
         "kk_hmac = EXCLUDED.kk_hmac, "
         "address = EXCLUDED.address, floor_area_m2 = EXCLUDED.floor_area_m2, "
         "floor_type = EXCLUDED.floor_type, wall_type = EXCLUDED.wall_type, "
         "roof_type = EXCLUDED.roof_type, "
         "drinking_water_source = EXCLUDED.drinking_water_source, "
         "lighting_source = EXCLUDED.lighting_source, cooking_fuel = EXCLUDED.cooking_fuel, "
         "toilet_facility = EXCLUDED.toilet_facility, "
         "monthly_expenditure_idr = EXCLUDED.monthly_expenditure_idr, "
         "monthly_income_idr = EXCLUDED.monthly_income_idr"},
        // One statement for all members: positions are the 1-based array order.
        // NIK hashes travel as hex text (arrays are text literals) and are stored
        // as bytea.
        {kInsertMembers,
         "INSERT INTO members (proposal_id, position, nik, name, relationship, sex, "
         "birth_date, occupation, has_disability, nik_hmac, name_hmac) "
         "SELECT $1::uuid, u.position, u.nik, u.name, u.relationship, u.sex, "
         "NULLIF(u.birth_date, '')::date, u.occupation, u.has_disability, "
         "decode(u.nik_hmac, 'hex'), decode(u.name_hmac, 'hex') "
         "FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
         "$7::text[], $8::boolean[], $9::text[], $10::text[]) WITH ORDINALITY "
         "AS u(nik, name, relationship, sex, birth_date, occupation, has_disability, "
         "nik_hmac, name_hmac, position)"},
        {kDeleteMembers, "DELETE FROM members WHERE proposal_id = $1::uuid"},
        {kInsertObjectionPoint,
         "INSERT INTO objection_points (proposal_id, latitude, longitude) "
         "VALUES ($1::uuid, $2, $3)"},
        {kFindClaimedNiks,
         "SELECT encode(nik_hmac, 'hex') FROM nik_claims "
         "WHERE nik_hmac = ANY (ARRAY(SELECT decode(h, 'hex') FROM unnest($1::text[]) AS h)) "
         "AND proposal_id <> $2::uuid"},
        {kInsertNikClaims,
         "INSERT INTO nik_claims (nik_hmac, proposal_id, position) "
         "SELECT decode(u.nik_hmac, 'hex'), $1::uuid, u.position "
         "FROM unnest($2::text[]) WITH ORDINALITY AS u(nik_hmac, position) "
         "ON CONFLICT (nik_hmac) DO NOTHING RETURNING position"},
        {kDeleteNikClaims, "DELETE FROM nik_claims WHERE proposal_id = $1::uuid"},
        {kSelectProposal, SelectProposalSql(false)},
        {kLockProposal, SelectProposalSql(true)},
        {kSelectMembers, absl::StrCat("SELECT ", MemberColumnsSql(),
                                      " FROM members WHERE proposal_id = $1::uuid "
                                      "ORDER BY position")},
        {kProposalVersion, "SELECT version FROM proposals WHERE id = $1::uuid"},
        {kUpdateReasons,
         "UPDATE proposals SET reason = $2, deactivation_reason = $3, updated_at = now() "
         "WHERE id = $1::uuid"},
        {kSelectHistory,
         absl::StrCat(
             "SELECT t.sequence, t.from_state, t.to_state, t.event, t.actor_id, t.role, "
             "t.region_code, t.reason, t.evidence_hashes, "
             "(SELECT array_agg(a.key ORDER BY a.key) FROM jsonb_each_text(t.attributes) a) "
             "AS attribute_keys, "
             "(SELECT array_agg(a.value ORDER BY a.key) FROM jsonb_each_text(t.attributes) a) "
             "AS attribute_values, "
             "t.request_id, ",
             MicrosOf("t.at"),
             " AS at_us, t.machine_version "
             "FROM transitions t WHERE t.proposal_id = $1::uuid ORDER BY t.sequence")},
    };
    return s;
  }();
  return statements;
}

absl::Status ProposalRepository::InsertProposal(const ProposalRecord& proposal,
                                const workflow::AuditRecord& creation,
                                const std::string& request_id) {
  if (!IsUuid(proposal.id)) return absl::InvalidArgumentError("proposal id must be a UUID");
  absl::StatusOr<std::vector<std::string>> nik_hmacs = tx_.MemberNikHmacs(proposal.household);
  if (!nik_hmacs.ok()) return nik_hmacs.status();
  absl::StatusOr<std::vector<std::string>> name_hmacs = tx_.MemberNameHmacs(proposal.household);
  if (!name_hmacs.ok()) return name_hmacs.status();
  absl::StatusOr<std::string> kk_hmac = tx_.KkHmac(proposal.household.kk_number);
  if (!kk_hmac.ok()) return kk_hmac.status();
  try {
    // Checked before anything is written, so that a refusal leaves the
    // transaction usable (and the answer names the member).
    const bool claim = workflow::ClaimsNiks(proposal.kind, proposal.route);
    if (absl::Status s = claim ? CheckNikClaims(tx_.work_, proposal.id, *nik_hmacs)
                               : absl::OkStatus();
        !s.ok()) {
      return s;
    }
    audit::TransitionFields first =
        TransitionFieldsOf(proposal.id, /*sequence=*/1, creation, request_id, proposal.created_at);
    first.prev_hash = std::string(audit::kZeroHash);
    std::string hash = audit::TransitionHash(first);
    const workflow::RegionRef& r = proposal.region;
    tx_.work_.exec_prepared(kInsertProposal, proposal.id, Str(workflow::Name(proposal.kind)),
                        r.province_code, r.kabupaten_code, r.kecamatan_code, r.desa_code,
                        proposal.machine_version, proposal.reason,
                        Str(workflow::Name(proposal.deactivation_reason)),
                        proposal.assigned_verifier, proposal.last_approver,
                        IntArrayLiteral(proposal.nik_mismatch_members), proposal.created_by,
                        ToMicros(proposal.created_at), hash,
                        Str(workflow::Name(creation.to)), Str(workflow::Name(proposal.route)),
                        NullIfEmpty(proposal.register_entry_id));
    WriteHousehold(tx_.work_, proposal.id, proposal.household, *kk_hmac);
    if (proposal.objection_point) {
      tx_.work_.exec_prepared(kInsertObjectionPoint, proposal.id,
                              proposal.objection_point->latitude,
                              proposal.objection_point->longitude);
    }
    if (absl::Status s =
            WriteMembersAndClaims(tx_.work_, proposal.id, proposal.household, *nik_hmacs,
                                  *name_hmacs, claim);
        !s.ok()) {
      return tx_.Fail(s);
    }
    InsertTransitionRows(tx_.work_, {{std::move(first), std::move(hash)}});
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsertProposal);
  }
}

absl::StatusOr<ProposalRecord> ProposalRepository::LockProposal(const std::string& id) {
  try {
    std::string head;
    auto proposal = LoadProposal(tx_.work_, id, /*lock=*/true, &head);
    if (proposal.ok()) tx_.chain_heads_[proposal->id] = {proposal->version, std::move(head)};
    return proposal;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLockProposal);
  }
}

absl::StatusOr<ProposalRecord> ProposalRepository::GetProposal(const std::string& id) {
  try {
    return LoadProposal(tx_.work_, id, /*lock=*/false);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSelectProposal);
  }
}

absl::Status ProposalRepository::ReplaceHousehold(const std::string& id, const workflow::Household& household,
                                  const std::string& reason,
                                  workflow::DeactivationReason deactivation_reason) {
  if (!IsUuid(id)) return ProposalNotFound(id);
  absl::StatusOr<std::vector<std::string>> nik_hmacs = tx_.MemberNikHmacs(household);
  if (!nik_hmacs.ok()) return nik_hmacs.status();
  absl::StatusOr<std::vector<std::string>> name_hmacs = tx_.MemberNameHmacs(household);
  if (!name_hmacs.ok()) return name_hmacs.status();
  absl::StatusOr<std::string> kk_hmac = tx_.KkHmac(household.kk_number);
  if (!kk_hmac.ok()) return kk_hmac.status();
  try {
    if (tx_.work_.exec_prepared(kProposalVersion, id).empty()) return ProposalNotFound(id);
    if (absl::Status s = CheckNikClaims(tx_.work_, id, *nik_hmacs); !s.ok()) return s;
    tx_.work_.exec_prepared(kUpdateReasons, id, reason,
                        Str(workflow::Name(deactivation_reason)));
    WriteHousehold(tx_.work_, id, household, *kk_hmac);
    tx_.work_.exec_prepared(kDeleteMembers, id);
    tx_.work_.exec_prepared(kDeleteNikClaims, id);
    if (absl::Status s = WriteMembersAndClaims(tx_.work_, id, household, *nik_hmacs, *name_hmacs,
                                               /*claim=*/true);
        !s.ok()) {
      return tx_.Fail(s);
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, "ReplaceHousehold");
  }
}

absl::StatusOr<std::vector<TransitionRecord>> ProposalRepository::GetHistory(const std::string& proposal_id) {
  std::vector<TransitionRecord> out;
  if (!IsUuid(proposal_id)) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kSelectHistory, proposal_id)) {
      TransitionRecord t;
      t.proposal_id = proposal_id;
      t.sequence = row["sequence"].as<int64_t>();
      if (!row["from_state"].is_null()) {
        t.audit.from = Require(workflow::ParseState(row["from_state"].as<std::string>()), "state");
      }
      t.audit.to = Require(workflow::ParseState(row["to_state"].as<std::string>()), "state");
      t.audit.event = row["event"].as<std::string>();
      t.audit.actor_id = row["actor_id"].as<std::string>();
      t.audit.role = Require(workflow::ParseRole(row["role"].as<std::string>()), "role");
      t.audit.region = row["region_code"].as<std::string>();
      t.audit.reason = row["reason"].as<std::string>();
      t.audit.evidence_hashes = ReadTextArray(row["evidence_hashes"]);
      const std::vector<std::string> keys = ReadTextArray(row["attribute_keys"]);
      const std::vector<std::string> values = ReadTextArray(row["attribute_values"]);
      if (keys.size() != values.size()) throw CorruptRow("attribute keys and values differ");
      for (size_t i = 0; i < keys.size(); ++i) t.audit.attributes[keys[i]] = values[i];
      t.audit.machine_version = row["machine_version"].as<int>();
      t.request_id = row["request_id"].as<std::string>();
      t.at = FromMicros(row["at_us"].as<int64_t>());
      out.push_back(std::move(t));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSelectHistory);
  }
}

}  // namespace usulan::storage
