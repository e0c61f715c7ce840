#include "app/proposal_locks.h"

#include <map>

#include "absl/strings/ascii.h"
#include "app/proposal_transitions.h"
#include "storage/not_found.h"
#include "base/string_view_compat.h"

namespace usulan::app {

absl::StatusOr<std::vector<storage::ProposalRecord>> LockProposalsInOrder(
    storage::Tx& tx, const std::vector<std::string>& ids, bool with_members,
    const std::function<std::string(size_t)>& field_of) {
  std::map<std::string, size_t> position;  // by lower-case id, as storage answers
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!position.emplace(absl::AsciiStrToLower(ids[i]), i).second) {
      return absl::InvalidArgumentError(base::Concat(field_of(i), " is listed twice"));
    }
  }
  auto locked = tx.proposals().LockProposals(ids, with_members);
  if (!locked.ok()) return locked.status();
  std::vector<std::optional<storage::ProposalRecord>> ordered(ids.size());
  for (storage::ProposalRecord& proposal : *locked) {
    auto found = position.find(proposal.id);
    if (found != position.end()) ordered[found->second] = std::move(proposal);
  }
  std::vector<storage::ProposalRecord> out;
  out.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!ordered[i]) return WithField(field_of(i), storage::ProposalNotFound(ids[i]));
    out.push_back(std::move(*ordered[i]));
  }
  return out;
}

}  // namespace usulan::app
