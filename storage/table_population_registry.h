// The civil registry answered from the registry_people table: the stand-in for
// Dukcapil in development, tests and demonstrations (seeded with
// RegistryRepository::UpsertRegistryPeople).
#pragma once

#include <vector>

#include "absl/status/statusor.h"
#include "storage/database.h"
#include "workflow/population_registry.h"

namespace usulan::storage {

class TablePopulationRegistry : public workflow::PopulationRegistry {
 public:
  // `database` must outlive this object.
  explicit TablePopulationRegistry(Database& database) : database_(database) {}

  // Per member, by NIK, workflow::MatchMember against the table's rows.
  // UNAVAILABLE when the table cannot be read. Thread-safe. Uses a connection of
  // its own, so a caller inside Database::InTransaction needs a pool of at least
  // two connections.
  absl::StatusOr<std::vector<workflow::MemberCheck>> Check(
      const workflow::Household& household) override;

 private:
  Database& database_;
};

}  // namespace usulan::storage
