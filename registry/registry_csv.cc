#include "registry/registry_csv.h"

#include <string>

#include "base/string_view_compat.h"
#include "registry/csv_line.h"
#include "workflow/formats.h"
#include "workflow/household.h"
#include "workflow/region.h"

namespace usulan::registry {

absl::StatusOr<std::vector<RegistryCsvRow>> ReadRegistryCsvRows(std::istream& in) {
  std::vector<RegistryCsvRow> rows;
  absl::Status read = ReadCsv(
      in, {"nik", "kk_number", "name", "birth_date", "status"}, {"death_date", "desa_code"},
      [&](int number, const std::vector<std::string>& f) {
        auto bad = [&](std::string_view what) {
          return absl::InvalidArgumentError(base::Concat("line ", number, ": ", what));
        };
        if (!workflow::IsSixteenDigits(f[0])) return bad("nik must be 16 digits");
        if (!workflow::IsSixteenDigits(f[1])) return bad("kk_number must be 16 digits");
        if (f[2].empty()) return bad("name is required");
        if (!f[3].empty() && !workflow::IsIsoDate(f[3])) {
          return bad("birth_date must be YYYY-MM-DD");
        }
        if (f[4] != "ALIVE" && f[4] != "DECEASED") return bad("status must be ALIVE or DECEASED");
        RegistryCsvRow row{.person = {f[0], f[1], f[2], f[3], f[4]}};
        if (f.size() > 5) {
          row.death_date = f[5];
          row.desa_code = f[6];
          if (!row.death_date.empty() && !workflow::IsIsoDate(row.death_date)) {
            return bad("death_date must be YYYY-MM-DD");
          }
          if (!row.death_date.empty() && f[4] != "DECEASED") {
            return bad("death_date is only for a DECEASED person");
          }
          if (!row.desa_code.empty() &&
              workflow::LevelOf(row.desa_code) != workflow::RegionLevel::kVillage) {
            return bad("desa_code must be 10 digits");
          }
          if (!row.death_date.empty() && row.desa_code.empty()) {
            return bad("desa_code is required with a death_date");
          }
        }
        rows.push_back(std::move(row));
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  return rows;
}

absl::StatusOr<std::vector<storage::RegistryPerson>> ReadRegistryCsv(std::istream& in) {
  auto rows = ReadRegistryCsvRows(in);
  if (!rows.ok()) return rows.status();
  std::vector<storage::RegistryPerson> people;
  people.reserve(rows->size());
  for (RegistryCsvRow& row : *rows) people.push_back(std::move(row.person));
  return people;
}

}  // namespace usulan::registry
