// The development civil registry (registry_people), the stand-in for Dukcapil.
// A view of one transaction (storage/tx.h: Tx::registry()); every method runs
// prepared statements only, and a failure poisons the transaction as Tx says.
// Not thread-safe; never outlives its Tx.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/audit_records.h"
#include "storage/records.h"

namespace usulan::storage {

class Tx;

class RegistryRepository {
 public:
  explicit RegistryRepository(Tx& tx) : tx_(tx) {}

  // Inserts or replaces people by NIK (a NIK given twice: the last one wins).
  // INVALID_ARGUMENT "people[i].<field> ..." for a malformed row, naming no value.
  absl::Status UpsertRegistryPeople(const std::vector<RegistryPerson>& people);
  // People found among `niks` (absent ones are simply missing from the answer).
  absl::StatusOr<std::vector<RegistryPerson>> FindRegistryPeople(
      const std::vector<std::string>& niks);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
