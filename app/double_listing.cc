#include "app/double_listing.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::app {
namespace {

std::string MemberField(size_t index) {
  return base::Concat("household.members[", index, "].nik");
}

}  // namespace

bool ListsHousehold(workflow::Kind kind) {
  return kind == workflow::Kind::kNew || kind == workflow::Kind::kCorrection;
}

absl::Status CheckMembersNotListed(storage::Tx& tx, const workflow::Actor& actor,
                                   workflow::Kind kind, const std::string& entry_id,
                                   const workflow::Household& household) {
  if (!ListsHousehold(kind) || household.members.empty()) return absl::OkStatus();
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::ListedNik> listed,
                          tx.register_entries().ActiveEntriesOfHousehold(household));
  for (const storage::ListedNik& entry : listed) {  // by member index
    if (entry.entry_id == entry_id) continue;
    const size_t i = entry.member_index;
    // Scope first, as everywhere: another region's entry is not named.
    if (!workflow::CheckScope(actor, entry.desa_code).ok()) {
      return absl::FailedPreconditionError(base::Concat(
          MemberField(i), " is already listed in the register, in an ACTIVE entry outside "
                          "your region; that entry must be deactivated (e.g. MOVED) first"));
    }
    return absl::FailedPreconditionError(
        base::Concat(MemberField(i), " is already listed in the register (ACTIVE entry ",
                     entry.entry_id, "); propose a CORRECTION of that entry instead"));
  }
  return absl::OkStatus();
}

absl::Status DecisionListing::Load(storage::Tx& tx, const std::vector<std::string>& proposal_ids) {
  USULAN_ASSIGN_OR_RETURN(members_, tx.register_entries().MemberNikHmacsOf(proposal_ids));
  std::vector<std::string> hashes;
  for (const auto& [id, member_hashes] : members_) {
    for (const std::string& hash : member_hashes) {
      if (!hash.empty()) hashes.push_back(hash);
    }
  }
  USULAN_ASSIGN_OR_RETURN(std::vector<storage::ListedNik> listed,
                          tx.register_entries().ActiveEntriesOfNiks(hashes));
  listed_.clear();
  for (storage::ListedNik& entry : listed) {
    listed_[entry.nik_hmac].insert(std::move(entry.entry_id));
  }
  accepted_.clear();
  return absl::OkStatus();
}

std::optional<workflow::DecisionException> DecisionListing::Accept(
    const storage::ProposalRecord& proposal) {
  if (!ListsHousehold(proposal.kind)) return std::nullopt;
  auto found = members_.find(proposal.id);
  if (found == members_.end()) return std::nullopt;
  const std::vector<std::string>& hashes = found->second;
  for (size_t i = 0; i < hashes.size(); ++i) {
    if (hashes[i].empty()) continue;
    std::string reason;
    auto entries = listed_.find(hashes[i]);
    if (entries != listed_.end()) {
      for (const std::string& entry : entries->second) {
        if (entry == proposal.register_entry_id) continue;
        reason = base::Concat(MemberField(i), " is already listed in the register (ACTIVE entry ",
                              entry, ")");
        break;
      }
    }
    auto earlier = accepted_.find(hashes[i]);
    if (reason.empty() && earlier != accepted_.end()) {
      reason = base::Concat(MemberField(i), " is also a member of proposal ", earlier->second,
                            ", listed by this decision");
    }
    if (!reason.empty()) {
      return workflow::DecisionException{proposal.id, workflow::ExceptionAction::kReject,
                                         "DUPLICATE", std::move(reason)};
    }
  }
  for (const std::string& hash : hashes) {
    if (!hash.empty()) accepted_.emplace(hash, proposal.id);
  }
  return std::nullopt;
}

}  // namespace usulan::app
