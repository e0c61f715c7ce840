// usulan-registry-sim's registry: the people of a development civil-registry CSV
// (the load-registry format, registry/registry_csv.h) held in memory, answering
// usulan.registry.v1.PopulationRegistryService with the same matching rule as
// the development table (workflow::MatchMember), and its death list (the
// DECEASED rows with a death_date) to ListDeaths.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "usulan/registry/v1/population_registry.grpc.pb.h"
#include "workflow/death_list.h"
#include "workflow/population_registry.h"

namespace usulan::registry_sim {

// The people the simulator knows, by NIK.
using RegistryEntries = std::map<std::string, workflow::RegistryEntry>;

// What the simulator's civil registry holds.
struct SimRegistry {
  RegistryEntries entries;
  // The deceased with a known date of death, ordered by date, then NIK.
  std::vector<workflow::DeathRecord> deaths;
};

// Reads the CSV (registry/registry_csv.h); a NIK on several rows keeps its last
// row, as load-registry does. INVALID_ARGUMENT naming the line and column of
// the first bad row, never its values.
absl::StatusOr<SimRegistry> LoadRegistryCsv(std::istream& in);

// The answer to one request: INVALID_ARGUMENT naming the field (never its value)
// for a KK number or NIK that is not 16 digits, no members, or a position that is
// not positive or repeats; else one result per member, with its position.
absl::StatusOr<registry::v1::CheckHouseholdResponse> CheckHousehold(
    const RegistryEntries& entries, const registry::v1::CheckHouseholdRequest& request);

// One page of the deaths on or after the request's since_date: INVALID_ARGUMENT
// naming the field for a malformed request (registry::ValidateRequest) or a
// page_token not issued for this since_date (sim_paging.h).
absl::StatusOr<registry::v1::ListDeathsResponse> ListDeaths(
    const std::vector<workflow::DeathRecord>& deaths,
    const registry::v1::ListDeathsRequest& request);

// The gRPC service over a fixed registry. Thread-safe (read-only).
class SimRegistryService final : public registry::v1::PopulationRegistryService::Service {
 public:
  explicit SimRegistryService(SimRegistry registry) : registry_(std::move(registry)) {}

  grpc::Status CheckHousehold(grpc::ServerContext* context,
                              const registry::v1::CheckHouseholdRequest* request,
                              registry::v1::CheckHouseholdResponse* response) override;
  grpc::Status ListDeaths(grpc::ServerContext* context,
                          const registry::v1::ListDeathsRequest* request,
                          registry::v1::ListDeathsResponse* response) override;

 private:
  const SimRegistry registry_;
};

}  // namespace usulan::registry_sim
