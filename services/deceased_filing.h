// Pusdatin's deceased deactivations from the civil registry's death list
// (RegisterService.FileDeceasedChanges; docs/central-sources.md, "Filing from
// the death list"). A death names a person; whether the household leaves the
// register is the district's to confirm, so each affected entry gets a CENTRAL
// DEACTIVATION (reason DECEASED) in AWAITING_CONFIRMATION, never a direct change.
#pragma once

#include <string>

#include "absl/status/status.h"
#include "services/service_context.h"
#include "usulan/v1/register_service.pb.h"
#include "workflow/death_list.h"
#include "workflow/machine.h"

namespace usulan::services {

// Deaths one call reads at most (~4 days of the national list): the whole list
// is read before anything is filed, and the answer lists every filing.
inline constexpr size_t kMaxDeathsPerFiling = 20000;

// Reads the death list since `since_date` whole (UNAVAILABLE, INVALID_ARGUMENT or
// FAILED_PRECONDITION from `deaths`, nothing filed; RESOURCE_EXHAUSTED naming
// since_date past kMaxDeathsPerFiling), then for each death the ACTIVE entries
// of `region_prefix` whose current household lists the person (by NIK hash)
// and files, each in its own transaction, one CENTRAL
// DEACTIVATION by `actor` with a copy of the entry's household, the creation
// record carrying `request_id` and a reason naming the member's position and the
// date of death (never a NIK or a name). An entry with an open deactivation (one
// filed for another member a moment before included), an erased household, a
// member claimed by another open proposal or an entry changed meanwhile is
// skipped with its reason. Fills `out`; storage errors end the call (filings
// made stay, and a repeat skips them as open).
absl::Status FileDeceased(const ServiceContext& ctx, workflow::DeathList& deaths,
                          const workflow::Actor& actor, const std::string& request_id,
                          const std::string& since_date, const std::string& region_prefix,
                          v1::FileDeceasedChangesResponse* out);

}  // namespace usulan::services
