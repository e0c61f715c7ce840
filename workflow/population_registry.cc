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

std::vector<int> MismatchedPositions(const std::vector<MemberCheck>& checks) {
  std::vector<int> positions;
  for (const MemberCheck& check : checks) {
    if (check.status != NikStatus::kMatched) positions.push_back(check.position);
  }
  return positions;
}

}  // namespace usulan::workflow
