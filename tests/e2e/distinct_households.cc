#include "tests/e2e/distinct_households.h"

#include <fstream>

#include "tests/support/households.h"

namespace usulan::testing {

v1::Household DistinctHousehold(const std::string& desa_code, int seed) {
  v1::Household household = MakeHousehold(desa_code, seed, /*children=*/2);
  const std::string s = std::to_string(seed);
  household.mutable_members(0)->set_name("Raden Mas Tjokro" + s + " Wiryakusumah");
  household.mutable_members(1)->set_name("Siti \"Ucok\" Nurhalizah" + s + " {} %s O'Brien-\xC3\x91\xC3\xBA\xC3\xB1" "ez");
  household.mutable_members(2)->set_name("J\xC3\xBCrgen Prawir\xC3\xA0" + s + " \\ \xE4\xB8\xAD\xE6\x96\x87\xE5\x90\x8D");
  // Names are one line (the edge refuses tab, newline and other control
  // characters in them: docs/request_limits.md); markup still has to stay out of logs.
  household.mutable_members(3)->set_name("Dewi Sartika" + s + " <b>Kusumawardhani</b>");
  return household;
}

namespace {

// A CSV field: quoted, quotes doubled; the file is line based, so line breaks
// and tabs become spaces (the simulator does not compare names).
std::string CsvName(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') {
      out += "\"\"";
    } else if (c == '\n' || c == '\t' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

void WriteScenarioRegistryCsv(const std::filesystem::path& path, const std::string& desa_code) {
  std::ofstream csv(path);
  csv << "nik,kk_number,name,birth_date,status,death_date,desa_code\n";
  for (int seed = kAccepted1; seed <= kLastRegistered; ++seed) {
    if (seed == kUnregistered) continue;
    std::vector<storage::RegistryPerson> rows = RegistryRowsFor(DistinctHousehold(desa_code, seed));
    if (seed == kDeceasedSpouse) rows[1].status = "DECEASED";
    if (seed == kOtherFamily) rows[2].kk_number = DistinctHousehold(desa_code, 599).kk_number();
    for (const auto& row : rows) {
      // The deceased spouse is on the death list (ListDeaths).
      const bool dated = row.status == "DECEASED";
      csv << row.nik << "," << row.kk_number << "," << CsvName(row.name) << "," << row.birth_date
          << "," << row.status << "," << (dated ? kScenarioDeathDate : "") << ","
          << (dated ? desa_code : "") << "\n";
    }
  }
}

void WriteScenarioRankingCsv(const std::filesystem::path& path, const std::string& desa_code) {
  std::ofstream csv(path);
  csv << "ranking_id,kk_number,desil,ranking_date\n";
  for (int seed : {kAccepted1, kDeceasedSpouse}) {
    csv << kScenarioRankingId << "," << DistinctHousehold(desa_code, seed).kk_number() << ","
        << (seed % 10) + 1 << ",2026-10-15\n";
  }
}

}  // namespace usulan::testing
