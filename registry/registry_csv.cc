#include "registry/registry_csv.h"

#include <string>

#include "base/string_view_compat.h"
#include "workflow/formats.h"
#include "workflow/household.h"

namespace usulan::registry {
namespace {

// Splits one CSV line; doubled quotes inside quoted fields stand for one quote.
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

}  // namespace

absl::StatusOr<std::vector<storage::RegistryPerson>> ReadRegistryCsv(std::istream& in) {
  std::string line;
  if (!std::getline(in, line) ||
      SplitCsvLine(line) !=
          std::vector<std::string>{"nik", "kk_number", "name", "birth_date", "status"}) {
    return absl::InvalidArgumentError(
        "line 1: header must be nik,kk_number,name,birth_date,status");
  }
  std::vector<storage::RegistryPerson> people;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty() || line == "\r") continue;
    std::vector<std::string> f = SplitCsvLine(line);
    auto bad = [&](std::string_view what) {
      return absl::InvalidArgumentError(base::Concat("line ", number, ": ", what));
    };
    if (f.size() != 5) return bad("expected 5 fields");
    if (!workflow::IsSixteenDigits(f[0])) return bad("nik must be 16 digits");
    if (!workflow::IsSixteenDigits(f[1])) return bad("kk_number must be 16 digits");
    if (f[2].empty()) return bad("name is required");
    if (!f[3].empty() && !workflow::IsIsoDate(f[3])) return bad("birth_date must be YYYY-MM-DD");
    if (f[4] != "ALIVE" && f[4] != "DECEASED") return bad("status must be ALIVE or DECEASED");
    people.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return people;
}

}  // namespace usulan::registry
