#include "storage/table_population_registry.h"

#include <map>
#include <string>

#include "storage/tx.h"

namespace usulan::storage {

absl::StatusOr<std::vector<workflow::MemberCheck>> TablePopulationRegistry::Check(
    const workflow::Household& household) {
  std::vector<std::string> niks;
  for (const auto& member : household.members) niks.push_back(member.nik);
  std::vector<RegistryPerson> people;
  absl::Status status = database_.InTransaction([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<RegistryPerson>> found = tx.registry().FindRegistryPeople(niks);
    if (!found.ok()) return found.status();
    people = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) {
    // Whatever went wrong, the registry could not answer; the caller must then
    // change nothing (PopulationRegistry contract).
    return absl::UnavailableError("population registry unavailable; nothing was changed");
  }
  std::map<std::string, workflow::RegistryEntry> by_nik;
  for (const auto& person : people) by_nik[person.nik] = ToRegistryEntry(person);
  return workflow::MatchHousehold(household, [&](const std::string& nik) {
    auto it = by_nik.find(nik);
    return it == by_nik.end() ? nullptr : &it->second;
  });
}

}  // namespace usulan::storage
