// What an accepted proposal does to the register (workflow/register_change.h),
// applied in the decision's own transaction: a batch decision calls it for each
// accepted member, a single-proposal decision for its one proposal, so the
// register never disagrees with the decisions.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "storage/tx.h"

namespace usulan::app {

// Applies the acceptance of `proposal` (now ACCEPTED, as the decision left it)
// under `decree_number` at `decided_at`: NEW lists a household (entry id = the
// proposal's id, ACTIVE); the other kinds lock the entry they name and record
// their change (CORRECTION makes the proposal the entry's household data).
// `add_programme` (e.g. "PBI-JK") joins the entry to a programme: in the
// change's own row (a v2 row hashes the programmes after it), or, when the
// entry is in the change's status already, in a PROGRAMME_JOINED row (none when
// it is in the programme already). One row per decision and entry. The change's
// cycle is the proposal's cycle_id, else the cycle of `decided_at`. An entry
// already in the status the change would give records nothing, and so does a
// proposal filed before the register existed (no entry named): the decision
// stands either way. Errors are storage's (the transaction then fails whole).
absl::Status ApplyAcceptance(storage::Tx& tx, const storage::ProposalRecord& proposal,
                             const std::string& decree_number, storage::TimePoint decided_at,
                             std::string_view add_programme = "");

}  // namespace usulan::app
