// usulan-registry-sim's registry: the people of a development civil-registry CSV
// (the load-registry format, registry/registry_csv.h) held in memory, answering
// usulan.registry.v1.PopulationRegistryService with the same matching rule as
// the development table (workflow::MatchMember).
#pragma once

#include <istream>
#include <map>
#include <string>

#include <grpcpp/server_context.h>

#include "absl/status/statusor.h"
#include "usulan/registry/v1/population_registry.grpc.pb.h"
#include "workflow/population_registry.h"

namespace usulan::registry_sim {

// The people the simulator knows, by NIK.
using RegistryEntries = std::map<std::string, workflow::RegistryEntry>;

// Reads the CSV; a NIK on several rows keeps its last row, as load-registry
// does. INVALID_ARGUMENT naming the line and column of the first bad row, never
// its values.
absl::StatusOr<RegistryEntries> LoadRegistryCsv(std::istream& in);

// The answer to one request: INVALID_ARGUMENT naming the field (never its value)
// for a KK number or NIK that is not 16 digits, no members, or a position that is
// not positive or repeats; else one result per member, with its position.
absl::StatusOr<registry::v1::CheckHouseholdResponse> CheckHousehold(
    const RegistryEntries& entries, const registry::v1::CheckHouseholdRequest& request);

// The gRPC service over a fixed set of entries. Thread-safe (read-only).
class SimRegistryService final : public registry::v1::PopulationRegistryService::Service {
 public:
  explicit SimRegistryService(RegistryEntries entries) : entries_(std::move(entries)) {}

  grpc::Status CheckHousehold(grpc::ServerContext* context,
                              const registry::v1::CheckHouseholdRequest* request,
                              registry::v1::CheckHouseholdResponse* response) override;

 private:
  const RegistryEntries entries_;
};

}  // namespace usulan::registry_sim
