#include "tools/registry_sim/sim_registry.h"

#include <algorithm>
#include <set>

#include "registry/registry_csv.h"
#include "registry/death_list_wire.h"
#include "registry/registry_wire.h"
#include "tools/registry_sim/sim_grpc_status.h"
#include "tools/registry_sim/sim_paging.h"
#include "workflow/household.h"
#include "base/string_view_compat.h"

namespace usulan::registry_sim {

absl::StatusOr<SimRegistry> LoadRegistryCsv(std::istream& in) {
  auto rows = registry::ReadRegistryCsvRows(in);
  if (!rows.ok()) return rows.status();
  std::map<std::string, const registry::RegistryCsvRow*> last;
  for (const registry::RegistryCsvRow& row : *rows) last[row.person.nik] = &row;
  SimRegistry registry;
  for (const auto& [nik, row] : last) {
    registry.entries[nik] = storage::ToRegistryEntry(row->person);
    if (!row->death_date.empty()) {
      registry.deaths.push_back({.nik = nik,
                                 .kk_number = row->person.kk_number,
                                 .death_date = row->death_date,
                                 .desa_code = row->desa_code});
    }
  }
  std::sort(registry.deaths.begin(), registry.deaths.end(), [](const auto& a, const auto& b) {
    return std::tie(a.death_date, a.nik) < std::tie(b.death_date, b.nik);
  });
  return registry;
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

absl::StatusOr<registry::v1::ListDeathsResponse> ListDeaths(
    const std::vector<workflow::DeathRecord>& deaths,
    const registry::v1::ListDeathsRequest& request) {
  if (absl::Status valid = registry::ValidateRequest(request); !valid.ok()) return valid;
  // Dates compare as text; the deaths are ordered by date.
  auto first = std::lower_bound(
      deaths.begin(), deaths.end(), request.since_date(),
      [](const workflow::DeathRecord& death, const std::string& since) {
        return death.death_date < since;
      });
  const size_t offset = first - deaths.begin();
  auto span = Page(request.since_date(), request.page_size(), request.page_token(),
                   deaths.size() - offset);
  if (!span.ok()) return span.status();
  registry::v1::ListDeathsResponse response;
  for (size_t i = span->begin; i < span->end; ++i) {
    *response.add_deaths() = registry::ToWire(deaths[offset + i]);
  }
  response.set_next_page_token(span->next_page_token);
  return response;
}

grpc::Status SimRegistryService::CheckHousehold(grpc::ServerContext*,
                                                const registry::v1::CheckHouseholdRequest* request,
                                                registry::v1::CheckHouseholdResponse* response) {
  return Answer(registry_sim::CheckHousehold(registry_.entries, *request), response);
}

grpc::Status SimRegistryService::ListDeaths(grpc::ServerContext*,
                                            const registry::v1::ListDeathsRequest* request,
                                            registry::v1::ListDeathsResponse* response) {
  return Answer(registry_sim::ListDeaths(registry_.deaths, *request), response);
}

}  // namespace usulan::registry_sim
