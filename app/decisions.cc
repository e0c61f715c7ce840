#include "app/decisions.h"

#include <algorithm>

#include "app/proposal_transitions.h"
#include "app/register_effects.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::app {
namespace {

// The entry an accepted proposal changes: a NEW one's own id, the others' named entry.
const std::string& EntryOf(const storage::ProposalRecord& proposal) {
  return proposal.register_entry_id.empty() ? proposal.id : proposal.register_entry_id;
}

}  // namespace

absl::Status ApplyAcceptedDecision(storage::Tx& tx, const std::string& decree_number,
                                   const std::vector<storage::PlannedTransition>& planned,
                                   const std::vector<storage::ProposalRecord>& decided) {
  if (planned.size() != decided.size()) {
    return absl::InternalError("a decision's transitions and proposals do not pair up");
  }
  USULAN_RETURN_IF_ERROR(tx.proposals().ApplyTransitions(planned));
  std::vector<size_t> accepted;
  for (size_t i = 0; i < decided.size(); ++i) {
    if (decided[i].state == workflow::State::kAccepted) accepted.push_back(i);
  }
  std::sort(accepted.begin(), accepted.end(),
            [&](size_t a, size_t b) { return EntryOf(decided[a]) < EntryOf(decided[b]); });
  for (size_t i : accepted) {
    const storage::ProposalRecord& proposal = decided[i];
    const std::string_view programme =
        proposal.route == workflow::Route::kPbiJk ? "PBI-JK" : "";
    USULAN_RETURN_IF_ERROR(WithField(
        base::Concat("member ", proposal.id),
        ApplyAcceptance(tx, proposal, decree_number, planned[i].at, programme)));
  }
  return absl::OkStatus();
}

}  // namespace usulan::app
