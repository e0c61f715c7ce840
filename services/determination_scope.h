// Who may export which variant of a cycle's determination, and over which region
// (docs/determination.md, "Who may request which"). ExportDeterminationRequest has
// no region field: the caller's own region is the scope.
//
//   central_reviewer (Pusdatin)        either variant, its region ("" = national)
//   auditor                            publication variant, its region
//   province_officer, district_officer publication variant, their province / kabupaten
//   everybody else                     nothing (village roles, verifiers, regents,
//                                      citizens, and `system`: a delivery job would
//                                      get its own role when there is one)
//
// Pure; thread-safe.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "usulan/v1/determination.pb.h"
#include "workflow/machine.h"

namespace usulan::services {

struct DeterminationScope {
  std::string cycle;          // YYYY-MM
  std::string region_prefix;  // the changes of entries whose desa code starts so
  bool with_personal_data = false;
};

// PERMISSION_DENIED naming the role for a role that may export nothing, and
// naming `include_personal_data` for anyone but a central reviewer who asks for
// it; then INVALID_ARGUMENT naming `cycle` unless YYYY-MM (month 01..12).
// The request is otherwise validated at the edge (request_validation.h) before.
absl::StatusOr<DeterminationScope> DeterminationScopeFor(
    const workflow::Actor& actor, const v1::ExportDeterminationRequest& request);

}  // namespace usulan::services
