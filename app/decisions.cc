#include "app/decisions.h"

namespace usulan::app {

absl::Status ApplyAcceptedDecision(storage::Tx& tx,
                                   const std::vector<storage::PlannedTransition>& planned,
                                   const std::vector<storage::ProposalRecord>& decided) {
  if (planned.size() != decided.size()) {
    return absl::InternalError("a decision's transitions and proposals do not pair up");
  }
  return tx.proposals().ApplyTransitions(planned);
}

}  // namespace usulan::app
