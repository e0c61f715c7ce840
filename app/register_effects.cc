#include "app/register_effects.h"

#include <algorithm>

#include "base/status_macros.h"
#include "workflow/cycle.h"
#include "workflow/register_change.h"

namespace usulan::app {

absl::Status ApplyAcceptance(storage::Tx& tx, const storage::ProposalRecord& proposal,
                             const std::string& decree_number, storage::TimePoint decided_at,
                             std::string_view add_programme) {
  const workflow::RegisterEffect effect = workflow::EffectOfAcceptance(proposal.kind);
  const std::string cycle =
      proposal.cycle_id.empty() ? workflow::CycleOf(decided_at) : proposal.cycle_id;
  if (effect.change == workflow::RegisterChange::kListed) {
    storage::RegisterEntryRecord entry;
    entry.id = proposal.id;
    entry.region = proposal.region;
    entry.status = *effect.status_after;
    entry.listed_by = proposal.id;
    entry.listed_decree = decree_number;
    entry.since_cycle = cycle;
    entry.household_proposal = proposal.id;
    if (!add_programme.empty()) entry.programmes.emplace_back(add_programme);
    entry.updated_at = decided_at;
    return tx.register_entries().CreateEntry(entry);
  }
  if (proposal.register_entry_id.empty()) return absl::OkStatus();
  USULAN_ASSIGN_OR_RETURN(storage::RegisterEntryRecord entry,
                          tx.register_entries().LockEntry(proposal.register_entry_id));
  const bool member = std::find(entry.programmes.begin(), entry.programmes.end(),
                                add_programme) != entry.programmes.end();
  const bool joins = !add_programme.empty() && !member;
  storage::RegisterChangeRecord change;
  change.proposal_id = proposal.id;
  change.decree_number = decree_number;
  change.cycle = cycle;
  change.at = decided_at;
  if (joins) change.add_programme = std::string(add_programme);
  if (!workflow::AlreadyInEffect(effect, entry.status)) {
    // The change's row (v2) hashes the programmes after it, the joined one too.
    change.change = effect.change;
    change.status_after = effect.status_after;
    if (effect.change == workflow::RegisterChange::kCorrected) {
      change.household_proposal = proposal.id;
    }
    return tx.register_entries().ApplyChange(entry, change);
  }
  if (!joins) return absl::OkStatus();
  // Already in the status: joining the programme is the decision's one change,
  // a row of its own, so that the history says when and by which decision.
  change.change = workflow::RegisterChange::kProgrammeJoined;
  return tx.register_entries().ApplyChange(entry, change);
}

}  // namespace usulan::app
