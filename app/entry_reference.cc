#include "app/entry_reference.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "workflow/register_change.h"

namespace usulan::app {

absl::Status CheckEntryReference(storage::Tx& tx, const workflow::Actor& actor,
                                 const storage::ProposalRecord& proposal) {
  if (!workflow::NamesEntry(proposal.kind)) return absl::OkStatus();
  USULAN_ASSIGN_OR_RETURN(storage::RegisterEntryRecord entry,
                          tx.register_entries().GetEntry(proposal.register_entry_id));
  // Scope first: whoever may not see the entry learns nothing of its status.
  USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, entry.region.desa_code));
  if (entry.region.desa_code != proposal.region.desa_code) {
    return absl::InvalidArgumentError(base::Concat(
        "region.desa_code must be the desa of register entry ", entry.id, " (",
        entry.region.desa_code, ")"));
  }
  USULAN_RETURN_IF_ERROR(workflow::CheckEntryStatusFor(proposal.kind, entry.status));
  if (workflow::OneOpenPerEntry(proposal.kind)) {
    USULAN_ASSIGN_OR_RETURN(std::string open,
                            tx.register_entries().OpenProposalOf(entry.id, proposal.kind));
    if (!open.empty()) {
      return absl::FailedPreconditionError(
          base::Concat("register entry ", entry.id, " already has an open ",
                       workflow::Name(proposal.kind), " (proposal ", open, ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace usulan::app
