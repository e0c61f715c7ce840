// Personal data (0005_personal_data.sql, README "Personal data"): the NIK and KK
// keyed hashes, their back-fill, erasure of a household, and the expiry of
// stored answers.
#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "storage/member_hashes.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "storage/not_found.h"

namespace usulan::storage {
namespace {

constexpr const char* kKeyCheckInsert = "nik_key_check_insert";
constexpr const char* kKeyCheckSelect = "nik_key_check_select";
constexpr const char* kMembersWithoutHmac = "members_without_nik_hmac";
constexpr const char* kSetMemberHmac = "members_set_nik_hmac";
constexpr const char* kFillClaims = "nik_claims_fill_hmac";
constexpr const char* kHouseholdsWithoutKkHmac = "households_without_kk_hmac";
constexpr const char* kSetKkHmac = "households_set_kk_hmac";
constexpr const char* kEraseClaims = "erase_nik_claims";
constexpr const char* kEraseHousehold = "erase_household";
constexpr const char* kEraseAnswers = "erase_idempotency_answers";
constexpr const char* kMarkErased = "erase_mark_proposal";
constexpr const char* kPurgeRequests = "idempotency_purge";

absl::Status NoKey() {
  return absl::FailedPreconditionError(
      "no NIK key is configured (--nik-key-file): NIKs cannot be hashed");
}

}  // namespace

const std::vector<Statement>& PersonalDataStatements() {
  static const std::vector<Statement> statements = {
      {kKeyCheckInsert,
       "INSERT INTO nik_key_check (id, fingerprint) VALUES (1, decode($1, 'hex')) "
       "ON CONFLICT (id) DO NOTHING"},
      {kKeyCheckSelect, "SELECT encode(fingerprint, 'hex') FROM nik_key_check WHERE id = 1"},
      // members_nik_hmac (a b-tree holds NULLs) finds the rows still to fill, so
      // each batch reads only those.
      {kMembersWithoutHmac,
       "SELECT proposal_id::text, position, nik FROM members WHERE nik_hmac IS NULL "
       "LIMIT $1"},
      {kSetMemberHmac,
       "UPDATE members m SET nik_hmac = decode(u.h, 'hex') "
       "FROM unnest($1::uuid[], $2::int[], $3::text[]) AS u(proposal_id, position, h) "
       "WHERE m.proposal_id = u.proposal_id AND m.position = u.position "
       "AND m.nik_hmac IS NULL"},
      {kFillClaims,
       "UPDATE nik_claims c SET nik_hmac = m.nik_hmac FROM members m "
       "WHERE c.nik_hmac IS NULL AND m.proposal_id = c.proposal_id "
       "AND m.position = c.position AND m.nik_hmac IS NOT NULL"},
      // households_kk_hmac (0017) finds the rows still to fill; a household
      // without a KK has no hash to fill. Shaped like the members' statements
      // (FillMemberHashes: id, position, value), a household's position being 0.
      {kHouseholdsWithoutKkHmac,
       "SELECT proposal_id::text, 0, kk_number FROM households "
       "WHERE kk_hmac IS NULL AND kk_number <> '' LIMIT $1"},
      {kSetKkHmac,
       "UPDATE households h SET kk_hmac = decode(u.h, 'hex') "
       "FROM unnest($1::uuid[], $2::int[], $3::text[]) AS u(proposal_id, position, h) "
       "WHERE h.proposal_id = u.proposal_id AND h.kk_hmac IS NULL"},
      {kEraseClaims, "DELETE FROM nik_claims WHERE proposal_id = $1::uuid"},
      // members and an objection's point go with their household (ON DELETE
      // CASCADE), and with the household row its KK and the KK's keyed hash
      // (kk_hmac).
      {kEraseHousehold, "DELETE FROM households WHERE proposal_id = $1::uuid"},
      // Answers written without a proposal id are searched for the id's text (a
      // Proposal answer carries it as a string field); only those since the
      // proposal was created can mention it, and expiry bounds the table.
      {kEraseAnswers,
       absl::StrCat("DELETE FROM idempotency WHERE proposal_id = $1::uuid "
                    "OR (proposal_id IS NULL AND response IS NOT NULL AND created_at >= ",
                    TimestampParam(2),
                    " AND position(convert_to($1::text, 'UTF8') IN response) > 0)")},
      // A citizen's reason is their own words about a household (often a
      // neighbour's): it goes with the household ($3). The trail holds only its
      // keyed digest (services/digest.h, ReasonDigest); an office's reason is in
      // the trail anyway.
      {kMarkErased,
       absl::StrCat("UPDATE proposals SET personal_data_erased_at = ", TimestampParam(2),
                    ", updated_at = ", TimestampParam(2),
                    ", reason = CASE WHEN $3 THEN '' ELSE reason END WHERE id = $1::uuid")},
      {kPurgeRequests,
       absl::StrCat("DELETE FROM idempotency WHERE ctid = ANY (ARRAY("
                    "SELECT ctid FROM idempotency WHERE created_at < ",
                    TimestampParam(1), " ORDER BY created_at LIMIT $2))")},
  };
  return statements;
}

absl::StatusOr<std::string> Tx::NikHmac(const std::string& nik) const {
  if (nik_key_ == nullptr || nik_key_->empty()) return NoKey();
  return audit::ToHex(audit::NikHmac(*nik_key_, nik));
}

absl::StatusOr<std::string> Tx::KkHmac(const std::string& kk_number) const {
  if (nik_key_ == nullptr || nik_key_->empty()) return NoKey();
  if (kk_number.empty()) return std::string();
  return audit::ToHex(audit::KkHmac(*nik_key_, kk_number));
}

absl::StatusOr<std::vector<std::string>> Tx::MemberNikHmacs(
    const workflow::Household& household) const {
  std::vector<std::string> out;
  out.reserve(household.members.size());
  for (const workflow::Member& member : household.members) {
    absl::StatusOr<std::string> hmac = NikHmac(member.nik);
    if (!hmac.ok()) return hmac.status();
    out.push_back(std::move(*hmac));
  }
  return out;
}

absl::Status PersonalDataRepository::CheckNikKey() {
  if (tx_.nik_key_ == nullptr || tx_.nik_key_->empty()) return NoKey();
  const std::string fingerprint = audit::ToHex(audit::NikKeyFingerprint(*tx_.nik_key_));
  try {
    tx_.work_.exec_prepared(kKeyCheckInsert, fingerprint);
    const pqxx::result stored = tx_.work_.exec_prepared(kKeyCheckSelect);
    if (stored.empty() || stored[0][0].as<std::string>() != fingerprint) {
      return absl::FailedPreconditionError(
          "the NIK key (--nik-key-file) is not the key this database's NIK hashes were "
          "made with; start with that key (README, \"Personal data\")");
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kKeyCheckInsert);
  }
}

int FillMemberHashes(pqxx::transaction_base& work, const char* select, const char* update,
                     int limit, const std::function<std::string(const std::string&)>& hash_hex) {
  std::vector<std::string> ids, hashes;
  std::vector<int> positions;
  for (const auto& row : work.exec_prepared(select, limit)) {
    ids.push_back(row[0].as<std::string>());
    positions.push_back(row[1].as<int>());
    hashes.push_back(hash_hex(row[2].as<std::string>()));
  }
  if (ids.empty()) return 0;
  work.exec_prepared(update, TextArrayLiteral(ids), IntArrayLiteral(positions),
                     TextArrayLiteral(hashes));
  return static_cast<int>(ids.size());
}

absl::StatusOr<int> PersonalDataRepository::BackfillNikHmac(int limit) {
  if (tx_.nik_key_ == nullptr || tx_.nik_key_->empty()) return NoKey();
  if (limit < 1 || limit > 10000) return absl::InvalidArgumentError("limit must be 1..10000");
  try {
    const int filled = FillMemberHashes(
        tx_.work_, kMembersWithoutHmac, kSetMemberHmac, limit,
        [&](const std::string& nik) { return audit::ToHex(audit::NikHmac(*tx_.nik_key_, nik)); });
    if (filled == 0) tx_.work_.exec_prepared(kFillClaims);
    return filled;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSetMemberHmac);
  }
}

absl::StatusOr<int> PersonalDataRepository::BackfillKkHmac(int limit) {
  if (tx_.nik_key_ == nullptr || tx_.nik_key_->empty()) return NoKey();
  if (limit < 1 || limit > 10000) return absl::InvalidArgumentError("limit must be 1..10000");
  try {
    return FillMemberHashes(
        tx_.work_, kHouseholdsWithoutKkHmac, kSetKkHmac, limit,
        [&](const std::string& kk) { return audit::ToHex(audit::KkHmac(*tx_.nik_key_, kk)); });
  } catch (const std::exception& e) {
    return tx_.Fail(e, kSetKkHmac);
  }
}

absl::Status PersonalDataRepository::ErasePersonalData(const std::string& proposal_id, TimePoint at,
                                   TimePoint answers_since, bool with_reason) {
  if (!IsUuid(proposal_id)) {
    return ProposalNotFound(proposal_id);
  }
  try {
    const pqxx::result marked =
        tx_.work_.exec_prepared(kMarkErased, proposal_id, ToMicros(at), with_reason);
    if (marked.affected_rows() == 0) {
      return ProposalNotFound(proposal_id);
    }
    tx_.work_.exec_prepared(kEraseClaims, proposal_id);
    tx_.work_.exec_prepared(kEraseHousehold, proposal_id);
    tx_.work_.exec_prepared(kEraseAnswers, proposal_id, ToMicros(answers_since));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kEraseHousehold);
  }
}

absl::StatusOr<int> PersonalDataRepository::PurgeRequests(TimePoint before, int limit) {
  if (limit < 1 || limit > 100000) return absl::InvalidArgumentError("limit must be 1..100000");
  try {
    const pqxx::result purged = tx_.work_.exec_prepared(kPurgeRequests, ToMicros(before), limit);
    return static_cast<int>(purged.affected_rows());
  } catch (const std::exception& e) {
    return tx_.Fail(e, kPurgeRequests);
  }
}

}  // namespace usulan::storage
