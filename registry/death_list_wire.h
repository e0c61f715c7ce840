// Translation between the civil registry's death list on the wire
// (usulan.registry.v1 ListDeaths) and workflow::DeathPage; shared by the client
// (GrpcDeathList) and the simulator (tools/registry_sim). Pure: no I/O.
// Messages of the statuses returned here name fields and indexes, never values
// (the records are personal data).
#pragma once

#include <string_view>

#include "absl/status/statusor.h"
#include "usulan/registry/v1/population_registry.pb.h"
#include "workflow/death_list.h"

namespace usulan::registry {

// The request for one page: INVALID_ARGUMENT naming since_date (not a real
// YYYY-MM-DD date), page_size (not 1..kMaxPageSize) or page_token (CheckPageToken).
absl::StatusOr<registry::v1::ListDeathsRequest> ToWireDeathsRequest(std::string_view since_date,
                                                              int page_size,
                                                              std::string_view page_token);

// The same checks on a request as it arrives (the simulator), page_size 0
// meaning the source's default.
absl::Status ValidateRequest(const registry::v1::ListDeathsRequest& request);

// The registry's answer to `request`. INVALID_ARGUMENT naming what is wrong
// (e.g. "deaths[3].nik must be 16 digits") unless every record has a 16-digit
// NIK and KK number, a real death date on or after the request's since_date and
// a 10-digit desa code, the page holds at most page_size records, and
// next_page_token passes CheckNextPageToken.
absl::StatusOr<workflow::DeathPage> FromWireResponse(
    const registry::v1::ListDeathsResponse& response,
    const registry::v1::ListDeathsRequest& request);

// The wire form of one record (the simulator's answer).
registry::v1::Death ToWire(const workflow::DeathRecord& death);

}  // namespace usulan::registry
