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

// Reads one page of the death list since `since_date` (`page_token` "" for the
// first; UNAVAILABLE, INVALID_ARGUMENT or FAILED_PRECONDITION from `deaths`,
// nothing filed), then for each death on it the ACTIVE entries of
// `region_prefix` whose current household lists the person (by NIK hash) and
// files, each in its own transaction, one CENTRAL DEACTIVATION by `actor` with
// a copy of the entry's household, the creation record carrying `request_id`
// and a reason naming the member's position and the date of death (never a NIK
// or a name). An entry with an open deactivation (one filed for another member
// a moment before included, on this page or an earlier one), an erased
// household, a member claimed by another open proposal or an entry changed
// meanwhile is skipped with its reason. Fills `out`, its next_page_token the
// source's. A page holds at most registry::kMaxPageSize deaths (the wire
// decoder refuses more), so one call stays short. Storage errors end the call
// (filings made stay, and a repeat skips them as open).
absl::Status FileDeceased(const ServiceContext& ctx, workflow::DeathList& deaths,
                          const workflow::Actor& actor, const std::string& request_id,
                          const std::string& since_date, const std::string& page_token,
                          const std::string& region_prefix, v1::FileDeceasedChangesResponse* out);

}  // namespace usulan::services
