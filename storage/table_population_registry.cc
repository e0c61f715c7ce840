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
    absl::StatusOr<std::vector<RegistryPerson>> found = tx.FindRegistryPeople(niks);
    if (!found.ok()) return found.status();
    people = std::move(*found);
    return absl::OkStatus();
  });
  if (!status.ok()) {
    // Whatever went wrong, the registry could not answer; the caller must then
    // change nothing (PopulationRegistry contract).
    return absl::UnavailableError("population registry unavailable");
  }
  std::map<std::string, const RegistryPerson*> by_nik;
  for (const auto& person : people) by_nik[person.nik] = &person;

  std::vector<workflow::MemberCheck> checks;
  checks.reserve(household.members.size());
  for (size_t i = 0; i < household.members.size(); ++i) {
    workflow::MemberCheck check{.position = static_cast<int>(i) + 1,
                                .status = workflow::NikStatus::kMatched};
    auto it = by_nik.find(household.members[i].nik);
    if (it == by_nik.end()) {
      check.status = workflow::NikStatus::kNotFound;
    } else if (it->second->status == "DECEASED") {
      check.status = workflow::NikStatus::kDeceased;
    } else if (it->second->kk_number != household.kk_number) {
      check.status = workflow::NikStatus::kOtherFamily;
    }
    checks.push_back(check);
  }
  return checks;
}

}  // namespace usulan::storage
