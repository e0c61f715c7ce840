#include "tools/registry_sim/sim_registry.h"

#include <set>

#include "registry/registry_csv.h"
#include "registry/registry_wire.h"
#include "workflow/household.h"
#include "base/string_view_compat.h"

namespace usulan::registry_sim {

absl::StatusOr<RegistryEntries> LoadRegistryCsv(std::istream& in) {
  auto people = registry::ReadRegistryCsv(in);
  if (!people.ok()) return people.status();
  RegistryEntries entries;
  for (const storage::RegistryPerson& person : *people) {
    entries[person.nik] = storage::ToRegistryEntry(person);
  }
  return entries;
}

absl::StatusOr<registry::v1::CheckHouseholdResponse> CheckHousehold(
    const RegistryEntries& entries, const registry::v1::CheckHouseholdRequest& request) {
  if (!workflow::IsSixteenDigits(request.kk_number())) {
    return absl::InvalidArgumentError("kk_number must be 16 digits");
  }
  if (request.members().empty()) return absl::InvalidArgumentError("members must not be empty");
  registry::v1::CheckHouseholdResponse response;
  std::set<int32_t> positions;
  for (int i = 0; i < request.members_size(); ++i) {
    const registry::v1::HouseholdMember& member = request.members(i);
    if (member.position() < 1 || !positions.insert(member.position()).second) {
      return absl::InvalidArgumentError(
          base::Concat("members[", i, "].position must be positive and unique"));
    }
    if (!workflow::IsSixteenDigits(member.nik())) {
      return absl::InvalidArgumentError(
          base::Concat("members[", i, "].nik must be 16 digits"));
    }
    auto found = entries.find(member.nik());
    workflow::NikStatus status = workflow::MatchMember(
        found == entries.end() ? nullptr : &found->second, request.kk_number());
    registry::v1::MemberResult* result = response.add_members();
    result->set_position(member.position());
    result->set_status(registry::ToWire(status));
  }
  return response;
}

grpc::Status SimRegistryService::CheckHousehold(grpc::ServerContext*,
                                                const registry::v1::CheckHouseholdRequest* request,
                                                registry::v1::CheckHouseholdResponse* response) {
  auto answer = registry_sim::CheckHousehold(entries_, *request);
  if (!answer.ok()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(answer.status().message()));
  }
  *response = std::move(*answer);
  return grpc::Status::OK;
}

}  // namespace usulan::registry_sim
