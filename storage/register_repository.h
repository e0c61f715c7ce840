// The register (0013_register.sql): entries, their hash-chained history, the
// register reads, the question a new proposal asks (is another one of its kind
// open for this entry?), and the reads of a cycle's determination.
// A view of one transaction (storage/tx.h: Tx::register_entries()); every method
// runs prepared statements only, and a failure poisons the transaction as Tx
// says. Not thread-safe; never outlives its Tx.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "audit/register_encoding.h"
#include "storage/register_records.h"
#include "workflow/vocabulary.h"

namespace usulan::storage {

class Tx;

// The fields a history row was hashed with (audit/register_encoding.h), for a
// verifier: what storage hashes on write, read back.
audit::RegisterRowFields RowFieldsOf(const RegisterHistoryRecord& row);

// NOT_FOUND "register entry <id> not found".
absl::Status EntryNotFound(std::string_view id);

class RegisterRepository {
 public:
  explicit RegisterRepository(Tx& tx) : tx_(tx) {}

  // Lists a household: inserts `entry` (version 1, its id the NEW proposal's)
  // and its LISTED history row 1, chained to 64 zeros, at entry.updated_at in
  // cycle entry.since_cycle with the decree entry.listed_decree.
  // ALREADY_EXISTS when the entry is there.
  absl::Status CreateEntry(const RegisterEntryRecord& entry);

  // Reads an entry; LockEntry also locks its row (FOR UPDATE) so that its next
  // change chains to the head read. NOT_FOUND (EntryNotFound) for an unknown or
  // malformed id.
  absl::StatusOr<RegisterEntryRecord> GetEntry(const std::string& id) {
    return ReadEntry(id, /*lock=*/false);
  }
  absl::StatusOr<RegisterEntryRecord> LockEntry(const std::string& id) {
    return ReadEntry(id, /*lock=*/true);
  }

  // Makes `change` to `entry` (read by LockEntry in this transaction): the next
  // history row, hash-chained to the previous one, and the entry's new status,
  // household proposal, desil, programmes and version. `entry` is updated to
  // what was written. ABORTED when the stored version is no longer entry.version.
  absl::Status ApplyChange(RegisterEntryRecord& entry, const RegisterChangeRecord& change);

  // Each of `entry_ids` that exists with its whole history (by sequence), read
  // by one statement so that the two agree even while a decision changes the
  // entry; in (desa_code, id) order. Malformed and unknown ids are absent.
  absl::StatusOr<std::vector<EntryWithHistory>> EntriesWithHistory(
      const std::vector<std::string>& entry_ids);

  // The entry's history, by sequence. Empty for an unknown id.
  absl::StatusOr<std::vector<RegisterHistoryRecord>> GetHistory(const std::string& entry_id);

  // A page of entries in (desa_code, id) order after filter.after.
  // INVALID_ARGUMENT for a malformed prefix, cursor or limit (ListingLevel).
  absl::StatusOr<std::vector<RegisterEntryRecord>> ListEntries(const RegisterFilter& filter);

  // Active and inactive entries per desa of the region, in desa order; desa
  // without entries are absent.
  absl::StatusOr<std::vector<RegisterCountRecord>> CountEntries(const std::string& region_prefix);

  // The changes of `cycle` (YYYY-MM) to entries whose desa code starts with
  // `region_prefix` ("" = everywhere, else a region code), in (at, entry_id,
  // sequence) order after `after`, at most `limit` (1..1000): what a cycle's
  // determination lists. INVALID_ARGUMENT for a malformed prefix, cursor or limit.
  absl::StatusOr<std::vector<CycleChangeRecord>> HistoryOfCycle(
      const std::string& cycle, const std::string& region_prefix,
      const std::optional<HistoryCursor>& after, int limit);

  // Personal data: the KK number and members of each of `proposal_ids` that
  // still has its household (an erased one is absent), keyed by proposal id.
  // For the determination with personal data only; the caller records the
  // access (AccessLogRepository::RecordExport). Malformed ids are absent.
  absl::StatusOr<std::map<std::string, DeterminationHouseholdRecord>> HouseholdsOf(
      const std::vector<std::string>& proposal_ids);

  // The id of an open (non-terminal) proposal of `kind` naming `entry_id`, or ""
  // when there is none.
  absl::StatusOr<std::string> OpenProposalOf(const std::string& entry_id, workflow::Kind kind);

  // The ACTIVE entries whose current household lists a member with `nik` (by
  // its keyed hash, members_nik_hmac), by entry id, each once.
  // FAILED_PRECONDITION without a NIK key.
  absl::StatusOr<std::vector<PersonEntryMatch>> ActiveEntriesOfPerson(const std::string& nik);

  // The ACTIVE entries whose current household lists a member with one of
  // `nik_hmacs` (hex keyed NIK hashes, members_nik_hmac), by entry id, then hash.
  absl::StatusOr<std::vector<ListedNik>> ActiveEntriesOfNiks(
      const std::vector<std::string>& nik_hmacs);

  // The CENTRAL deactivation that filed the death of the person with `nik` (by
  // its keyed hash) on `death_date` (YYYY-MM-DD) for `entry_id`, in whatever
  // state it is now, or "" (0018_register_integrity.sql). FAILED_PRECONDITION
  // without a NIK key.
  absl::StatusOr<std::string> DeceasedFiling(const std::string& entry_id, const std::string& nik,
                                             const std::string& death_date);
  // Remembers that `proposal_id` filed that death (DeceasedFiling answers it).
  absl::Status RecordDeceasedFiling(const std::string& proposal_id, const std::string& entry_id,
                                    const std::string& nik, const std::string& death_date);

  // The same for the members of `household` (hashed here), by member index,
  // then entry id. FAILED_PRECONDITION without a NIK key.
  absl::StatusOr<std::vector<ListedNik>> ActiveEntriesOfHousehold(
      const workflow::Household& household);

  // The members' keyed NIK hashes (hex, household order; "" for a member whose
  // hash is not filled yet) of each of `proposal_ids` that has members, by id.
  // Malformed ids are absent.
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> MemberNikHmacsOf(
      const std::vector<std::string>& proposal_ids);

  // Locks (FOR UPDATE, in entry-id order, so two overlapping batches cannot
  // deadlock) the ACTIVE entries whose current household's KK is one of
  // `kk_numbers`, and answers them with that KK. Found by the KK's keyed hash
  // (households_kk_hmac, 0017): no index holds a plain KK. FAILED_PRECONDITION
  // without a NIK key.
  absl::StatusOr<std::vector<RankedEntry>> LockActiveEntriesOfKks(
      const std::vector<std::string>& kk_numbers);

  // The id of an open OBJECTION naming `entry_id` that `created_by` filed, or "".
  absl::StatusOr<std::string> OpenObjectionBy(const std::string& entry_id,
                                              const std::string& created_by);

  // The entry, in any desa, whose current household data (household_proposal)
  // carries KK `kk_number`: one of `preferred_desa` first, then an ACTIVE one
  // before an INACTIVE one, then the latest changed. nullopt when the KK is in
  // no entry (or the household data was erased: its KK and hash went with it).
  // Found by the KK's keyed hash (households_kk_hmac, 0017). FAILED_PRECONDITION
  // without a NIK key.
  absl::StatusOr<std::optional<RegisterEntryRecord>> EntryOfKk(const std::string& kk_number,
                                                               const std::string& preferred_desa);

 private:
  absl::StatusOr<RegisterEntryRecord> ReadEntry(const std::string& id, bool lock);
  Tx& tx_;
};

}  // namespace usulan::storage
