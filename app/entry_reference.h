// The register entry a new proposal names (CreateProposal, ImportProposals):
// checked inside the creating transaction, so that a proposal is never stored
// against an entry that is not there, not the caller's, or not in the status
// its kind needs.
#pragma once

#include "absl/status/status.h"
#include "storage/tx.h"
#include "workflow/machine.h"

namespace usulan::app {

// For a proposal of a kind that names an entry (workflow::NamesEntry), in order:
// NOT_FOUND "register entry <id> not found"; PERMISSION_DENIED when the entry's
// desa is outside `actor`'s region (before anything about the entry is told);
// INVALID_ARGUMENT naming region.desa_code when the proposal's desa is not the
// entry's; FAILED_PRECONDITION when the entry's status is wrong for the kind, or
// (CORRECTION, DEACTIVATION, REACTIVATION) another proposal of the kind is open
// for it. Reads only: a refusal leaves the transaction usable. OK for NEW.
absl::Status CheckEntryReference(storage::Tx& tx, const workflow::Actor& actor,
                                 const storage::ProposalRecord& proposal);

}  // namespace usulan::app
