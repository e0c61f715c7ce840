#include "services/determination_scope.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "workflow/cycle.h"

namespace usulan::services {

absl::StatusOr<DeterminationScope> DeterminationScopeFor(
    const workflow::Actor& actor, const v1::ExportDeterminationRequest& request) {
  // The role first (DESIGN.md, "Error contract"): a caller who may export
  // nothing is told so, whatever the fields.
  using workflow::Role;
  switch (actor.role) {
    case Role::kCentralReviewer:
      break;
    case Role::kAuditor:
    case Role::kProvinceOfficer:
    case Role::kDistrictOfficer:
      // Names, NIK and KK go to the programmes' operators through Pusdatin only;
      // regions and auditors read who changed, never who the people are.
      if (request.include_personal_data()) {
        return absl::PermissionDeniedError(base::Concat(
            "include_personal_data: only a central_reviewer may export the determination "
            "with personal data; role ",
            workflow::Name(actor.role), " may export the publication variant only"));
      }
      break;
    default:
      return absl::PermissionDeniedError(base::Concat(
          "a ", workflow::Name(actor.role), " may not export the cycle's determination"));
  }
  USULAN_RETURN_IF_ERROR(workflow::ValidateCycleId(request.cycle(), "cycle"));
  return DeterminationScope{request.cycle(), actor.region, request.include_personal_data()};
}

}  // namespace usulan::services
