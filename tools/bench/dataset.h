// The benchmark's data set: a deterministic tree of regions (provinces ->
// kabupaten -> kecamatan -> desa) and households per desa, with NIKs and KK
// numbers unique across the whole set, and the civil-registry rows that confirm
// them. Deterministic, so `usulan-bench --write-registry` and a later run agree
// on every NIK without sharing state. Thread-safe (immutable after construction).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "usulan/v1/common.pb.h"

namespace usulan::bench {

struct DatasetSize {
  int first_province = 11;         // code of the first province (11..99)
  int provinces = 1;               // first_province + provinces - 1 <= 99
  int kabupaten_per_province = 1;  // 1..99
  int desa_per_kabupaten = 2;      // 1..990 (ten desa per kecamatan)
  int households_per_desa = 50;    // 1..10000
};

struct Desa {
  std::string province, kabupaten, kecamatan, code;
  int index_in_kecamatan = 0;  // 0..9
};

class Dataset {
 public:
  explicit Dataset(const DatasetSize& size);

  const DatasetSize& size() const { return size_; }
  const std::vector<Desa>& desa() const { return desa_; }
  std::vector<std::string> Kabupaten() const;  // every kabupaten code, in order
  int64_t household_count() const;

  // Household `h` (0-based) of desa `d`: a head, a spouse and two children.
  v1::Household MakeHousehold(int d, int h) const;

  // The registry CSV (registry/registry_csv.h format) of every member of every
  // household, ALIVE.
  void WriteRegistryCsv(std::ostream& out) const;

 private:
  DatasetSize size_;
  std::vector<Desa> desa_;
};

// "" when the size is within the limits above, else what is wrong.
std::string CheckSize(const DatasetSize& size);

}  // namespace usulan::bench
