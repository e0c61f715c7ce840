// Plain records of the register (0013_register.sql) that cross the storage
// boundary. No personal data: an entry names the proposal holding its household;
// only DeterminationHouseholdRecord, read for a determination with personal data,
// holds names, NIK and KK.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "workflow/household.h"
#include "workflow/region.h"
#include "workflow/register_change.h"
#include "workflow/vocabulary.h"

namespace usulan::storage {

struct RegisterEntryRecord {
  std::string id;  // = the NEW proposal that listed it
  workflow::RegionRef region;
  workflow::EntryStatus status = workflow::EntryStatus::kActive;
  std::string listed_by;
  std::string listed_decree;
  std::string since_cycle;  // YYYY-MM
  std::optional<int> desil;
  std::string desil_date;  // YYYY-MM-DD, "" with no desil
  std::string household_proposal;
  std::vector<std::string> programmes;
  int64_t version = 1;  // = sequence of the latest history row
  std::string history_head;  // hash of that row (set by storage when read or written)
  base::TimePoint updated_at;
};

struct RegisterHistoryRecord {
  std::string entry_id;
  int64_t sequence = 0;
  workflow::RegisterChange change = workflow::RegisterChange::kListed;
  std::string proposal_id;  // "" for DESIL_CHANGED
  std::string decree_number;
  std::string cycle;
  workflow::EntryStatus status_after = workflow::EntryStatus::kActive;
  std::optional<int> desil_after;
  base::TimePoint at;
  std::string prev_hash;
  std::string hash;
  // The encoding the row was hashed with (audit/register_encoding.h); rows of v2
  // (every row written since 0018) also hash the two fields after it.
  std::string encoding;
  std::string desil_date_after;  // YYYY-MM-DD, "" when none (v2)
  std::vector<std::string> programmes_after;  // (v2)
};

// An entry and its history as one statement read them (a verifier's read).
struct EntryWithHistory {
  RegisterEntryRecord entry;
  std::vector<RegisterHistoryRecord> history;
};

// One change to make to a locked entry (RegisterRepository::ApplyChange).
struct RegisterChangeRecord {
  workflow::RegisterChange change = workflow::RegisterChange::kCorrected;
  std::string proposal_id;  // "" for DESIL_CHANGED
  std::string decree_number;
  std::string cycle;
  std::optional<workflow::EntryStatus> status_after;  // nullopt: unchanged
  // CORRECTED: the proposal whose household becomes the entry's data.
  std::string household_proposal;
  // DESIL_CHANGED: the new desil and its date.
  std::optional<int> desil;
  std::string desil_date;
  // A programme the entry joins (e.g. "PBI-JK"), "" for none.
  std::string add_programme;
  base::TimePoint at;
};

struct RegisterCursor {
  std::string desa_code;
  std::string id;
};

struct RegisterFilter {
  std::string region_prefix;  // "" = everywhere
  std::vector<workflow::EntryStatus> statuses;  // empty = both
  std::optional<RegisterCursor> after;
  int limit = 50;  // 1..1000
};

struct RegisterCountRecord {
  std::string desa_code;
  int64_t active = 0;
  int64_t inactive = 0;
};

// An ACTIVE entry whose household holds a person of the death list
// (RegisterRepository::ActiveEntriesOfPerson).
struct PersonEntryMatch {
  std::string entry_id;
  std::string desa_code;
  // 1-based position of the person among the household's members.
  int member_position = 0;
};

// An ACTIVE entry whose current household lists a person by the keyed hash of
// their NIK (RegisterRepository::ActiveEntriesOfNiks): what a household that is
// to be listed must not overlap (docs/register.md#one-entry-per-person).
struct ListedNik {
  std::string nik_hmac;  // hex
  std::string entry_id;
  std::string desa_code;
  size_t member_index = 0;  // 0-based in the household asked about (ActiveEntriesOfHousehold)
};

// An ACTIVE entry, locked, and its household's KK number (personal data: never
// logged) as RegisterRepository::LockActiveEntriesOfKks found it.
struct RankedEntry {
  RegisterEntryRecord entry;
  std::string kk_number;
};

// Keyset position in a cycle's history: the last row read.
struct HistoryCursor {
  base::TimePoint at;
  std::string entry_id;
  int64_t sequence = 0;
};

// One change of a cycle as the determination lists it: the history row with its
// entry's region and its proposal's kind and route (none for DESIL_CHANGED).
struct CycleChangeRecord {
  RegisterHistoryRecord history;
  workflow::RegionRef region;
  std::optional<workflow::Kind> kind;
  std::optional<workflow::Route> route;
  // The proposal whose household was the entry's data after this change (the
  // latest LISTED or CORRECTED at or before it): whose names a determination with
  // personal data carries, even when a later correction changed them.
  std::string household_proposal;
};

// The personal data a determination with personal data carries of one
// household (never logged; see docs/personal-data-access.md).
struct DeterminationHouseholdRecord {
  std::string kk_number;
  std::vector<workflow::Member> members;  // by position; the head has kHead
};

}  // namespace usulan::storage
