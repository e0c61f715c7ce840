// The public status check (0014_public_status.sql, docs/public-status.md).
#include "storage/public_status_repository.h"

#include <pqxx/pqxx>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "storage/member_hashes.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "workflow/person_name.h"

namespace usulan::storage {
namespace {

constexpr const char* kFindListed = "public_status_find_listed";
constexpr const char* kMembersWithoutNameHmac = "members_without_name_hmac";
constexpr const char* kSetNameHmac = "members_set_name_hmac";

absl::Status NoKey() {
  return absl::FailedPreconditionError(
      "no NIK key is configured (--nik-key-file): names cannot be hashed");
}

}  // namespace

const std::vector<Statement>& PublicStatusStatements() {
  static const std::vector<Statement> statements = {
      // members_name_hmac finds the few members of that name nationally, and
      // register_entries_household their entries; the desa narrows both. A
      // member whose household is no entry's current data (an earlier version,
      // a proposal never accepted) is not listed, whatever its name.
      {kFindListed,
       "SELECT e.status, e.programmes, e.since_cycle, e.id::text FROM members m "
       "JOIN register_entries e ON e.household_proposal = m.proposal_id "
       "WHERE m.name_hmac = decode($2, 'hex') AND e.desa_code = $1 "
       "AND e.status IN ('ACTIVE', 'INACTIVE') "
       "ORDER BY e.id, m.position LIMIT $3"},
      // members_name_hmac (a b-tree holds NULLs) finds the rows still to fill.
      {kMembersWithoutNameHmac,
       "SELECT proposal_id::text, position, name FROM members WHERE name_hmac IS NULL "
       "LIMIT $1"},
      {kSetNameHmac,
       "UPDATE members m SET name_hmac = decode(u.h, 'hex') "
       "FROM unnest($1::uuid[], $2::int[], $3::text[]) AS u(proposal_id, position, h) "
       "WHERE m.proposal_id = u.proposal_id AND m.position = u.position "
       "AND m.name_hmac IS NULL"},
  };
  return statements;
}

absl::StatusOr<std::string> Tx::NameHmac(std::string_view name) const {
  if (nik_key_ == nullptr || nik_key_->empty()) return NoKey();
  return audit::ToHex(audit::NameHmac(*nik_key_, workflow::NormalizeName(name)));
}

absl::StatusOr<std::vector<std::string>> Tx::MemberNameHmacs(
    const workflow::Household& household) const {
  std::vector<std::string> out;
  out.reserve(household.members.size());
  for (const workflow::Member& member : household.members) {
    absl::StatusOr<std::string> hmac = NameHmac(member.name);
    if (!hmac.ok()) return hmac.status();
    out.push_back(std::move(*hmac));
  }
  return out;
}

absl::StatusOr<std::vector<PublicStatusRow>> PublicStatusRepository::FindListedMembers(
    std::string_view desa_code, std::string_view normalised_name, int limit) {
  absl::StatusOr<std::string> hmac = tx_.NameHmac(normalised_name);
  if (!hmac.ok()) return hmac.status();
  try {
    std::vector<PublicStatusRow> rows;
    for (const auto& row :
         tx_.work_.exec_prepared(kFindListed, std::string(desa_code), *hmac, limit)) {
      PublicStatusRow out;
      // The column's CHECK allows only the two statuses.
      out.status = workflow::ParseEntryStatus(row[0].as<std::string>())
                       .value_or(workflow::EntryStatus::kInactive);
      out.programmes = ReadTextArray(row[1]);
      out.since_cycle = row[2].as<std::string>();
      out.entry_id = row[3].as<std::string>();
      rows.push_back(std::move(out));
    }
    return rows;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kFindListed);
  }
}

absl::StatusOr<int> PublicStatusRepository::BackfillNameHmac(int limit) {
  if (tx_.nik_key_ == nullptr || tx_.nik_key_->empty()) return NoKey();
  if (limit < 1 || limit > 10000) return absl::InvalidArgumentError("limit must be 1..10000");
  try {
    return FillMemberHashes(tx_.work_, kMembersWithoutNameHmac, kSetNameHmac, limit,
                            [&](const std::string& name) {
                              return audit::ToHex(
                                  audit::NameHmac(*tx_.nik_key_, workflow::NormalizeName(name)));
                            });
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSetNameHmac);
  }
}

}  // namespace usulan::storage
