// The development civil registry (registry_people), the table behind
// TablePopulationRegistry.
#include <pqxx/pqxx>

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "storage/sql_util.h"
#include "storage/tx.h"
#include "workflow/formats.h"
#include "workflow/household.h"

namespace usulan::storage {
namespace {

constexpr const char* kUpsertPeople = "registry_upsert";
constexpr const char* kFindPeople = "registry_find";

// People per statement: bounds the size of one parameter set when a whole
// registry is seeded.
constexpr size_t kUpsertChunk = 1000;

absl::Status Invalid(size_t index, const char* field, const char* rule) {
  return absl::InvalidArgumentError(absl::StrCat("people[", index, "].", field, " ", rule));
}

}  // namespace

const std::vector<Statement>& RegistryStatements() {
  static const std::vector<Statement> statements = {
      {kUpsertPeople,
       "INSERT INTO registry_people (nik, kk_number, name, birth_date, status) "
       "SELECT u.nik, u.kk_number, u.name, NULLIF(u.birth_date, '')::date, u.status "
       "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) "
       "AS u(nik, kk_number, name, birth_date, status) "
       "ON CONFLICT (nik) DO UPDATE SET kk_number = EXCLUDED.kk_number, "
       "name = EXCLUDED.name, birth_date = EXCLUDED.birth_date, status = EXCLUDED.status"},
      {kFindPeople,
       "SELECT nik, kk_number, name, coalesce(to_char(birth_date, 'YYYY-MM-DD'), '') "
       "AS birth_date, status FROM registry_people WHERE nik = ANY ($1::text[])"},
  };
  return statements;
}

absl::Status RegistryRepository::UpsertRegistryPeople(const std::vector<RegistryPerson>& people) {
  // Validated here so that a bad row is a named INVALID_ARGUMENT, not a server
  // error; messages name the field, never the value.
  std::map<std::string, size_t> last_of_nik;
  for (size_t i = 0; i < people.size(); ++i) {
    const RegistryPerson& p = people[i];
    if (!workflow::IsSixteenDigits(p.nik)) return Invalid(i, "nik", "must be 16 digits");
    if (!workflow::IsSixteenDigits(p.kk_number)) {
      return Invalid(i, "kk_number", "must be 16 digits");
    }
    if (!p.birth_date.empty() && !workflow::IsIsoDate(p.birth_date)) {
      return Invalid(i, "birth_date", "must be a date written YYYY-MM-DD");
    }
    if (p.status != "ALIVE" && p.status != "DECEASED") {
      return Invalid(i, "status", "must be ALIVE or DECEASED");
    }
    // One statement cannot update a row twice, so a repeated NIK keeps its last
    // entry, as separate upserts in order would.
    last_of_nik[p.nik] = i;
  }
  std::vector<size_t> order;
  for (size_t i = 0; i < people.size(); ++i) {
    if (last_of_nik[people[i].nik] == i) order.push_back(i);
  }
  try {
    for (size_t start = 0; start < order.size(); start += kUpsertChunk) {
      std::vector<std::string> niks, kks, names, birth_dates, statuses;
      for (size_t k = start; k < std::min(order.size(), start + kUpsertChunk); ++k) {
        const RegistryPerson& p = people[order[k]];
        niks.push_back(p.nik);
        kks.push_back(p.kk_number);
        names.push_back(p.name);
        birth_dates.push_back(p.birth_date);
        statuses.push_back(p.status);
      }
      tx_.work_.exec_prepared(kUpsertPeople, TextArrayLiteral(niks), TextArrayLiteral(kks),
                          TextArrayLiteral(names), TextArrayLiteral(birth_dates),
                          TextArrayLiteral(statuses));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kUpsertPeople);
  }
}

absl::StatusOr<std::vector<RegistryPerson>> RegistryRepository::FindRegistryPeople(
    const std::vector<std::string>& niks) {
  std::vector<RegistryPerson> out;
  if (niks.empty()) return out;
  try {
    for (const auto& row : tx_.work_.exec_prepared(kFindPeople, TextArrayLiteral(niks))) {
      RegistryPerson p;
      p.nik = row["nik"].as<std::string>();
      p.kk_number = row["kk_number"].as<std::string>();
      p.name = row["name"].as<std::string>();
      p.birth_date = row["birth_date"].as<std::string>();
      p.status = row["status"].as<std::string>();
      out.push_back(std::move(p));
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kFindPeople);
  }
}

}  // namespace usulan::storage
