#include "workflow/queues.h"

#include <algorithm>

namespace usulan::workflow {

std::vector<State> QueueStates(Role role) {
  std::vector<State> out;
  for (State state : kAllStates) {
    for (const TransitionRule& rule : TransitionTable()) {
      if (rule.from != state || rule.event == Event::kWithdraw ||
          rule.event == Event::kUpdateDraft || rule.event == Event::kLapse ||
          rule.event == Event::kErasePersonalData) {
        continue;
      }
      if (std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end()) {
        out.push_back(state);
        break;
      }
    }
  }
  return out;
}

bool SeesOnlyAssignments(Role role) { return role == Role::kVerifier; }

// A citizen reads only their own household, never through the offices' reads.
bool ReadsHouseholds(Role role) { return role != Role::kAuditor && role != Role::kCitizen; }

absl::Status CheckNikLookupRole(Role role) {
  switch (role) {
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kVerifier:
    case Role::kDistrictOfficer:
    case Role::kProvinceOfficer:
    case Role::kCentralReviewer:
      return absl::OkStatus();
    case Role::kRegent:
    case Role::kSystem:
    case Role::kAuditor:
    case Role::kCitizen:  // sees only their own household, never a search by NIK
      break;
  }
  return RefusalStatus(Refusal::kRoleNotAllowed,
                       std::string("role ") + std::string(Name(role)) +
                           " may not look people up by NIK");
}

absl::Status CheckReadAccess(const Actor& actor, std::string_view desa_code,
                             std::string_view assigned_verifier) {
  if (absl::Status scope = CheckScope(actor, desa_code); !scope.ok()) return scope;
  if (SeesOnlyAssignments(actor.role) &&
      (assigned_verifier.empty() || assigned_verifier != actor.subject)) {
    return RefusalStatus(Refusal::kNotAssignedVerifier,
                         "a verifier may read only the proposals assigned to them");
  }
  return absl::OkStatus();
}

}  // namespace usulan::workflow
