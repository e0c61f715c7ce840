#include "tests/support/households.h"

#include <cstdio>

namespace usulan::testing {

std::string MakeNik(const std::string& kecamatan6, const std::string& birth_date, bool female,
                    int serial) {
  int year = std::stoi(birth_date.substr(0, 4));
  int month = std::stoi(birth_date.substr(5, 2));
  int day = std::stoi(birth_date.substr(8, 2)) + (female ? 40 : 0);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%s%02d%02d%02d%04d", kecamatan6.c_str(), day, month,
                year % 100, serial % 10000);
  return buffer;
}

v1::Household MakeHousehold(const std::string& desa_code, int seed, int children) {
  std::string kecamatan = desa_code.substr(0, 6);
  v1::Household household;
  char kk[32];
  std::snprintf(kk, sizeof(kk), "%s%010d", kecamatan.c_str(), seed);
  household.set_kk_number(kk);
  household.set_address("Dusun " + std::to_string(seed % 7 + 1) + " RT 00" +
                        std::to_string(seed % 9 + 1) + " RW 002");
  auto add = [&](const std::string& name, v1::Relationship relationship, bool female,
                 const std::string& birth, int serial) {
    v1::Member* member = household.add_members();
    member->set_nik(MakeNik(kecamatan, birth, female, serial));
    member->set_name(name);
    member->set_relationship(relationship);
    member->set_sex(female ? v1::SEX_FEMALE : v1::SEX_MALE);
    member->set_birth_date(birth);
    member->set_occupation(relationship == v1::RELATIONSHIP_CHILD ? "pelajar" : "buruh tani");
  };
  int base = (seed * 10) % 10000;
  add("Kepala " + std::to_string(seed), v1::RELATIONSHIP_HEAD, false, "1980-03-15", base);
  add("Istri " + std::to_string(seed), v1::RELATIONSHIP_SPOUSE, true, "1984-07-21", base + 1);
  for (int c = 0; c < children; ++c) {
    add("Anak " + std::to_string(seed) + "-" + std::to_string(c), v1::RELATIONSHIP_CHILD, c % 2,
        "201" + std::to_string(c % 10) + "-01-0" + std::to_string(c % 9 + 1), base + 2 + c);
  }
  v1::SocioEconomic* se = household.mutable_socio_economic();
  se->set_floor_area_m2(24);
  se->set_floor_type("tanah");
  se->set_wall_type("bambu");
  se->set_roof_type("seng");
  se->set_drinking_water_source("sumur tidak terlindung");
  se->set_lighting_source("listrik PLN 450 VA");
  se->set_cooking_fuel("kayu bakar");
  se->set_toilet_facility("tidak ada");
  se->set_monthly_expenditure_idr(1'200'000);
  se->set_monthly_income_idr(900'000);
  return household;
}

std::vector<storage::RegistryPerson> RegistryRowsFor(const v1::Household& household) {
  std::vector<storage::RegistryPerson> rows;
  for (const v1::Member& member : household.members()) {
    rows.push_back({member.nik(), household.kk_number(), member.name(), member.birth_date(),
                    "ALIVE"});
  }
  return rows;
}

}  // namespace usulan::testing
