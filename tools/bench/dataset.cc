#include "tools/bench/dataset.h"

#include <cstdio>

namespace usulan::bench {

namespace {

constexpr int kMembers = 4;
constexpr int kDesaPerKecamatan = 10;

std::string Digits(int value, int width) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "%0*d", width, value);
  return buffer;
}

}  // namespace

std::string CheckSize(const DatasetSize& s) {
  if (s.first_province < 11 || s.first_province > 99) return "--first-province must be 11..99";
  if (s.provinces < 1 || s.first_province + s.provinces - 1 > 99) {
    return "--provinces must be 1.." + std::to_string(100 - s.first_province) +
           " (province codes end at 99)";
  }
  if (s.kabupaten_per_province < 1 || s.kabupaten_per_province > 99) {
    return "--kabupaten-per-province must be 1..99";
  }
  if (s.desa_per_kabupaten < 1 || s.desa_per_kabupaten > 990) {
    return "--desa-per-kabupaten must be 1..990";
  }
  if (s.households_per_desa < 1 || s.households_per_desa > 10000) {
    return "--households-per-desa must be 1..10000";
  }
  return "";
}

Dataset::Dataset(const DatasetSize& size) : size_(size) {
  for (int p = 0; p < size.provinces; ++p) {
    // Real province codes start at 11 (Aceh), the default first one.
    std::string province = Digits(size.first_province + p, 2);
    for (int k = 0; k < size.kabupaten_per_province; ++k) {
      std::string kabupaten = province + Digits(k + 1, 2);
      for (int d = 0; d < size.desa_per_kabupaten; ++d) {
        std::string kecamatan = kabupaten + Digits(d / kDesaPerKecamatan + 1, 2);
        // 2xxx: a desa (1xxx would be a kelurahan, with a Muskel instead).
        std::string code = kecamatan + Digits(2001 + d % kDesaPerKecamatan, 4);
        desa_.push_back({province, kabupaten, kecamatan, code, d % kDesaPerKecamatan});
      }
    }
  }
}

std::vector<std::string> Dataset::Kabupaten() const {
  std::vector<std::string> out;
  for (const Desa& desa : desa_) {
    if (out.empty() || out.back() != desa.kabupaten) out.push_back(desa.kabupaten);
  }
  return out;
}

int64_t Dataset::household_count() const {
  return static_cast<int64_t>(desa_.size()) * size_.households_per_desa;
}

v1::Household Dataset::MakeHousehold(int d, int h) const {
  const Desa& desa = desa_[d];
  // A NIK is kecamatan (6) + birth date (6, day + 40 for women) + serial (4).
  // Members are numbered within the kecamatan; the number picks the serial and,
  // every 10,000, the birth year, so NIKs never repeat within a kecamatan.
  const int64_t household_in_kecamatan =
      static_cast<int64_t>(desa.index_in_kecamatan) * size_.households_per_desa + h;
  v1::Household household;
  household.set_kk_number(desa.kecamatan + Digits(static_cast<int>(household_in_kecamatan), 10));
  household.set_address("Dusun " + std::to_string(h % 7 + 1) + " RT 00" +
                        std::to_string(h % 9 + 1) + " RW 001");
  for (int m = 0; m < kMembers; ++m) {
    const int64_t number = household_in_kecamatan * kMembers + m;
    const int serial = static_cast<int>(number % 10000);
    const int block = static_cast<int>(number / 10000);  // < 400 with the size limits
    const bool child = m >= 2;
    const bool female = m == 1 || m == 3;
    // Adults born 1940..1979 by block, children 2005..2014; day and month vary too.
    const int year = child ? 2005 + block % 10 : 1940 + block % 40;
    const int month = 1 + (block / (child ? 10 : 40)) % 12;
    const int day = 1 + m * 7 + (block / 480) % 7;
    char birth[16];
    std::snprintf(birth, sizeof(birth), "%04d-%02d-%02d", year, month, day);
    char nik[32];
    std::snprintf(nik, sizeof(nik), "%s%02d%02d%02d%04d", desa.kecamatan.c_str(),
                  day + (female ? 40 : 0), month, year % 100, serial);
    v1::Member* member = household.add_members();
    member->set_nik(nik);
    member->set_name((child ? "Anak " : m == 0 ? "Kepala " : "Istri ") + std::to_string(h));
    member->set_relationship(m == 0   ? v1::RELATIONSHIP_HEAD
                             : m == 1 ? v1::RELATIONSHIP_SPOUSE
                                      : v1::RELATIONSHIP_CHILD);
    member->set_sex(female ? v1::SEX_FEMALE : v1::SEX_MALE);
    member->set_birth_date(birth);
    member->set_occupation(child ? "pelajar" : "buruh tani");
  }
  v1::SocioEconomic* se = household.mutable_socio_economic();
  se->set_floor_area_m2(20 + h % 30);
  se->set_floor_type("tanah");
  se->set_wall_type("bambu");
  se->set_roof_type("seng");
  se->set_drinking_water_source("sumur tidak terlindung");
  se->set_lighting_source("listrik PLN 450 VA");
  se->set_cooking_fuel("kayu bakar");
  se->set_toilet_facility("tidak ada");
  se->set_monthly_expenditure_idr(1'000'000 + (h % 10) * 50'000);
  se->set_monthly_income_idr(800'000 + (h % 10) * 40'000);
  return household;
}

void Dataset::WriteRegistryCsv(std::ostream& out) const {
  out << "nik,kk_number,name,birth_date,status\n";
  for (int d = 0; d < static_cast<int>(desa_.size()); ++d) {
    for (int h = 0; h < size_.households_per_desa; ++h) {
      v1::Household household = MakeHousehold(d, h);
      for (const v1::Member& m : household.members()) {
        out << m.nik() << ',' << household.kk_number() << ",\"" << m.name() << "\","
            << m.birth_date() << ",ALIVE\n";
      }
    }
  }
}

}  // namespace usulan::bench
