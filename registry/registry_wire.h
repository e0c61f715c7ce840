// Translation between the civil registry's wire protocol (usulan.registry.v1) and
// the workflow's registry types; shared by the gRPC client adapter
// (GrpcPopulationRegistry) and the simulator (tools/registry_sim). Pure: no I/O.
// Messages of the statuses returned here name fields and positions, never values.
#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "usulan/registry/v1/population_registry.pb.h"
#include "workflow/household.h"
#include "workflow/population_registry.h"

namespace usulan::registry {

registry::v1::NikStatus ToWire(workflow::NikStatus status);
// nullopt for UNSPECIFIED or unknown values.
std::optional<workflow::NikStatus> FromWire(registry::v1::NikStatus status);

// The request for `household`: its KK number and every member with position
// 1..n, NIK, name and birth date.
registry::v1::CheckHouseholdRequest ToWireRequest(const workflow::Household& household);

// The registry's answer about a household of `member_count` members, ordered by
// position. INVALID_ARGUMENT naming what is wrong when the answer does not hold
// exactly one known status for each position 1..member_count.
absl::StatusOr<std::vector<workflow::MemberCheck>> FromWireResponse(
    const registry::v1::CheckHouseholdResponse& response, size_t member_count);

}  // namespace usulan::registry
