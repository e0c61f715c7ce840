// Locking several proposals for one change, the one way every multi-proposal path
// does it (lists, agendas, batches, decisions): ProposalRepository::LockProposals, one statement
// that locks the rows in the proposals' uuid order (their lower-case text order).
// Two calls whose sets overlap then take the shared rows in the same order and can
// only wait for each other, never deadlock, whatever order their requests list
// them in.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "storage/tx.h"

namespace usulan::app {

// Locks the proposals of `ids` and returns them in the order of `ids`.
// NOT_FOUND "<field_of(i)>: proposal <id> not found" for the first unknown id;
// INVALID_ARGUMENT "<field_of(i)> is listed twice" for an id given again (in any
// letter case). A database failure poisons the transaction (ProposalRepository::LockProposals).
absl::StatusOr<std::vector<storage::ProposalRecord>> LockProposalsInOrder(
    storage::Tx& tx, const std::vector<std::string>& ids, bool with_members,
    const std::function<std::string(size_t)>& field_of);

}  // namespace usulan::app
