// One entry per person (docs/register.md#one-entry-per-person): a household may
// not be listed while one of its members sits in another ACTIVE entry's current
// household. Asked when a NEW or CORRECTION is created, submitted, corrected or
// reworked (CheckMembersNotListed), and again inside Pusdatin's decision
// (DecisionListing), since an entry may have been listed meanwhile (the NIK
// claims of open proposals are released at acceptance). Members are matched by
// the keyed hash of their NIK (members.nik_hmac); no NIK is in any answer.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "storage/tx.h"
#include "workflow/batch.h"
#include "workflow/household.h"
#include "workflow/machine.h"

namespace usulan::app {

// True for the kinds whose acceptance makes a household an entry's current
// data: NEW (a new entry) and CORRECTION (of the entry it names).
bool ListsHousehold(workflow::Kind kind);

// For a NEW, or a CORRECTION of `entry_id`, with `household`: FAILED_PRECONDITION
// "household.members[i].nik is already listed in the register ..." for the first
// member in an ACTIVE entry (other than `entry_id`). The entry's id is named only
// when its desa is within `actor`'s region; otherwise the answer says "outside
// your region" and nothing more (the caller typed the NIK: it learns that the
// person is listed, not where). OK for the other kinds. Reads only: a refusal
// leaves the transaction usable. FAILED_PRECONDITION without a NIK key.
absl::Status CheckMembersNotListed(storage::Tx& tx, const workflow::Actor& actor,
                                   workflow::Kind kind, const std::string& entry_id,
                                   const workflow::Household& household);

// The same question for the members of a decision, asked in the decision's
// transaction in the order the members are decided: a member listed meanwhile,
// or a member of a proposal this decision accepted earlier, refuses the later
// proposal. Not thread-safe; lives within one transaction.
class DecisionListing {
 public:
  // Reads the members' NIK hashes of `proposal_ids` and the ACTIVE entries that
  // hold them (two statements, however many proposals).
  absl::Status Load(storage::Tx& tx, const std::vector<std::string>& proposal_ids);

  // For `proposal` (loaded) about to be accepted: the exception refusing it
  // (REJECT, reason code DUPLICATE, the reason naming the member's position and
  // the entry or the earlier proposal) when it would list someone twice; else
  // nullopt, and its members count as listed for the proposals decided after it.
  std::optional<workflow::DecisionException> Accept(const storage::ProposalRecord& proposal);

 private:
  std::map<std::string, std::vector<std::string>> members_;  // proposal id -> hashes
  std::map<std::string, std::set<std::string>> listed_;      // hash -> ACTIVE entries
  std::map<std::string, std::string> accepted_;              // hash -> proposal id
};

}  // namespace usulan::app
