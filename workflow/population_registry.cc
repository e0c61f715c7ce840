#include "workflow/population_registry.h"

namespace usulan::workflow {

std::string_view Name(NikStatus status) {
  switch (status) {
    case NikStatus::kMatched:
      return "MATCHED";
    case NikStatus::kNotFound:
      return "NOT_FOUND";
    case NikStatus::kDeceased:
      return "DECEASED";
    case NikStatus::kOtherFamily:
      return "OTHER_FAMILY";
  }
  return "UNKNOWN";
}

NikStatus MatchMember(const RegistryEntry* entry, std::string_view household_kk) {
  if (entry == nullptr) return NikStatus::kNotFound;
  if (entry->deceased) return NikStatus::kDeceased;
  if (entry->kk_number != household_kk) return NikStatus::kOtherFamily;
  return NikStatus::kMatched;
}

std::vector<MemberCheck> MatchHousehold(
    const Household& household,
    const std::function<const RegistryEntry*(const std::string& nik)>& find) {
  std::vector<MemberCheck> checks;
  checks.reserve(household.members.size());
  for (size_t i = 0; i < household.members.size(); ++i) {
    checks.push_back({.position = static_cast<int>(i) + 1,
                      .status = MatchMember(find(household.members[i].nik), household.kk_number)});
  }
  return checks;
}

std::vector<int> MismatchedPositions(const std::vector<MemberCheck>& checks) {
  std::vector<int> positions;
  for (const MemberCheck& check : checks) {
    if (check.status != NikStatus::kMatched) positions.push_back(check.position);
  }
  return positions;
}

}  // namespace usulan::workflow
