#include "tools/usulanctl/import_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <map>
#include <optional>

namespace usulan::tools {
namespace {

// Columns of the household (read from its first row) and of each member.
const std::vector<std::string> kHouseholdColumns = {
    "kind",       "desa_code",     "kk_number",    "address",
    "reason",     "deactivation_reason",            "floor_area_m2",
    "floor_type", "wall_type",     "roof_type",    "drinking_water_source",
    "lighting_source", "cooking_fuel", "toilet_facility", "monthly_expenditure_idr",
    "monthly_income_idr"};
const std::vector<std::string> kMemberColumns = {
    "nik", "name", "relationship", "sex", "birth_date", "occupation", "has_disability"};

std::string Upper(std::string value) {
  for (char& c : value) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return value;
}

std::string Lower(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

std::string Trim(const std::string& value) {
  size_t begin = 0, end = value.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(value[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(value[end - 1]))) --end;
  return value.substr(begin, end - begin);
}

struct Record {
  int64_t line;  // where the record starts
  std::vector<std::string> fields;
};

// RFC 4180 records: quoted fields may hold separators, quotes ("") and newlines.
absl::StatusOr<std::vector<Record>> SplitRecords(const std::string& text, char separator) {
  std::vector<Record> records;
  Record record{1, {}};
  std::string field;
  bool quoted = false, field_started = false;
  int64_t line = 1;
  int64_t quote_line = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && !field_started) {
      quoted = field_started = true;
      quote_line = line;
    } else if (c == separator) {
      record.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      record.fields.push_back(std::move(field));
      field.clear();
      field_started = false;
      records.push_back(std::move(record));
      record = Record{++line, {}};
    } else {
      field += c;
      field_started = true;
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError("line " + std::to_string(quote_line) +
                                      ": a quoted field is never closed");
  }
  if (field_started || !record.fields.empty() || !field.empty()) {
    record.fields.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  return records;
}

bool IsBlank(const Record& record) {
  return std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& f) { return Trim(f).empty(); });
}

// An enum cell: the proto value name with or without its prefix, or an alias.
template <typename Enum>
std::optional<Enum> ParseEnum(const std::string& cell, const std::string& prefix,
                              bool (*parse)(const std::string&, Enum*),
                              const std::map<std::string, std::string>& aliases = {}) {
  std::string name = Upper(Trim(cell));
  std::replace(name.begin(), name.end(), ' ', '_');
  if (auto alias = aliases.find(name); alias != aliases.end()) name = alias->second;
  if (name.rfind(prefix, 0) != 0) name = prefix + name;
  Enum value{};
  if (!parse(name, &value) || name == prefix + "UNSPECIFIED") return std::nullopt;
  return value;
}

template <typename Int>
std::optional<Int> ParseNumber(const std::string& cell) {
  std::string text = Trim(cell);
  if (text.empty()) return Int{0};
  // Plain digits only: "1.250.000" could as well be a decimal, so it is refused
  // rather than guessed.
  Int value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

class HouseholdBuilder {
 public:
  HouseholdBuilder(const std::map<std::string, size_t>& columns) : columns_(columns) {}

  std::string Cell(const Record& record, const std::string& column) const {
    auto found = columns_.find(column);
    if (found == columns_.end() || found->second >= record.fields.size()) return "";
    return Trim(record.fields[found->second]);
  }

  // The household columns of its first row.
  std::string StartHousehold(const Record& record, v1::CreateProposalRequest& p) const {
    const std::string kind = Cell(record, "kind");
    if (kind.empty()) {
      p.set_kind(v1::PROPOSAL_KIND_NEW);
    } else if (auto parsed = ParseEnum(kind, "PROPOSAL_KIND_", &v1::ProposalKind_Parse,
                                       {{"BARU", "NEW"}, {"PERBAIKAN", "CORRECTION"},
                                        {"NONAKTIF", "DEACTIVATION"}, {"SANGGAH", "OBJECTION"}})) {
      p.set_kind(*parsed);
    } else {
      return Bad(record, "kind", "NEW, CORRECTION, DEACTIVATION, REACTIVATION or OBJECTION");
    }
    const std::string desa = Cell(record, "desa_code");
    v1::RegionRef* region = p.mutable_region();
    // The parent codes are the desa code's prefixes; the server checks the code.
    region->set_province_code(desa.substr(0, std::min<size_t>(2, desa.size())));
    region->set_kabupaten_code(desa.substr(0, std::min<size_t>(4, desa.size())));
    region->set_kecamatan_code(desa.substr(0, std::min<size_t>(6, desa.size())));
    region->set_desa_code(desa);
    p.set_reason(Cell(record, "reason"));
    if (const std::string reason = Cell(record, "deactivation_reason"); !reason.empty()) {
      auto parsed = ParseEnum(reason, "DEACTIVATION_REASON_", &v1::DeactivationReason_Parse);
      if (!parsed) {
        return Bad(record, "deactivation_reason",
                   "DECEASED, MOVED, NO_LONGER_POOR, DUPLICATE or INELIGIBLE_OCCUPATION");
      }
      p.set_deactivation_reason(*parsed);
    }
    v1::Household* h = p.mutable_household();
    h->set_kk_number(Cell(record, "kk_number"));
    h->set_address(Cell(record, "address"));
    v1::SocioEconomic* se = h->mutable_socio_economic();
    se->set_floor_type(Cell(record, "floor_type"));
    se->set_wall_type(Cell(record, "wall_type"));
    se->set_roof_type(Cell(record, "roof_type"));
    se->set_drinking_water_source(Cell(record, "drinking_water_source"));
    se->set_lighting_source(Cell(record, "lighting_source"));
    se->set_cooking_fuel(Cell(record, "cooking_fuel"));
    se->set_toilet_facility(Cell(record, "toilet_facility"));
    auto area = ParseNumber<int32_t>(Cell(record, "floor_area_m2"));
    if (!area) return Bad(record, "floor_area_m2", "a whole number of square metres");
    se->set_floor_area_m2(*area);
    auto spent = ParseNumber<int64_t>(Cell(record, "monthly_expenditure_idr"));
    if (!spent) return Bad(record, "monthly_expenditure_idr", "a whole number of rupiah");
    se->set_monthly_expenditure_idr(*spent);
    auto earned = ParseNumber<int64_t>(Cell(record, "monthly_income_idr"));
    if (!earned) return Bad(record, "monthly_income_idr", "a whole number of rupiah");
    se->set_monthly_income_idr(*earned);
    return "";
  }

  // A later row of the same household may repeat household columns, not change them.
  std::string CheckSameHousehold(const Record& first, const Record& record) const {
    for (const std::string& column : kHouseholdColumns) {
      const std::string value = Cell(record, column);
      if (!value.empty() && value != Cell(first, column)) {
        return "line " + std::to_string(record.line) + ": " + column +
               " differs from line " + std::to_string(first.line) +
               ", the household's first row";
      }
    }
    return "";
  }

  std::string AddMember(const Record& record, v1::Household& household) const {
    v1::Member* m = household.add_members();
    m->set_nik(Cell(record, "nik"));
    m->set_name(Cell(record, "name"));
    auto relationship = ParseEnum(
        Cell(record, "relationship"), "RELATIONSHIP_", &v1::Relationship_Parse,
        {{"KEPALA", "HEAD"}, {"KEPALA_KELUARGA", "HEAD"}, {"ISTRI", "SPOUSE"},
         {"SUAMI", "SPOUSE"}, {"ANAK", "CHILD"}, {"ORANG_TUA", "PARENT"},
         {"FAMILI_LAIN", "OTHER_RELATIVE"}, {"LAINNYA", "OTHER"}});
    if (!relationship) {
      return Bad(record, "relationship", "HEAD, SPOUSE, CHILD, PARENT, OTHER_RELATIVE or OTHER");
    }
    m->set_relationship(*relationship);
    if (const std::string sex = Cell(record, "sex"); !sex.empty()) {
      auto parsed = ParseEnum(sex, "SEX_", &v1::Sex_Parse,
                              {{"L", "MALE"}, {"P", "FEMALE"}, {"LAKI-LAKI", "MALE"},
                               {"PEREMPUAN", "FEMALE"}});
      if (!parsed) return Bad(record, "sex", "MALE or FEMALE (L or P)");
      m->set_sex(*parsed);
    }
    m->set_birth_date(Cell(record, "birth_date"));
    m->set_occupation(Cell(record, "occupation"));
    const std::string disability = Lower(Cell(record, "has_disability"));
    if (disability == "yes" || disability == "ya" || disability == "true" || disability == "1") {
      m->set_has_disability(true);
    } else if (!disability.empty() && disability != "no" && disability != "tidak" &&
               disability != "false" && disability != "0") {
      return Bad(record, "has_disability", "yes or no (ya or tidak)");
    }
    return "";
  }

 private:
  // The value itself is not repeated: it may be personal data.
  static std::string Bad(const Record& record, const std::string& column,
                         const std::string& expected) {
    return "line " + std::to_string(record.line) + ": " + column + " must be " + expected;
  }

  const std::map<std::string, size_t>& columns_;
};

}  // namespace

const std::vector<std::string>& RequiredCsvColumns() {
  static const std::vector<std::string> required = {"household", "desa_code", "nik", "name",
                                                    "relationship"};
  return required;
}

const std::vector<std::string>& KnownCsvColumns() {
  static const std::vector<std::string> known = [] {
    std::vector<std::string> all = {"household"};
    all.insert(all.end(), kHouseholdColumns.begin(), kHouseholdColumns.end());
    all.insert(all.end(), kMemberColumns.begin(), kMemberColumns.end());
    return all;
  }();
  return known;
}

absl::StatusOr<std::vector<CsvHousehold>> ReadHouseholdsCsv(std::istream& in) {
  std::string text(std::istreambuf_iterator<char>(in), {});
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const std::string header_line = text.substr(0, text.find_first_of("\r\n"));
  const char separator =
      header_line.find(';') != std::string::npos && header_line.find(',') == std::string::npos
          ? ';'
          : ',';
  auto records = SplitRecords(text, separator);
  if (!records.ok()) return records.status();
  if (records->empty()) return absl::InvalidArgumentError("the file is empty (no header line)");

  std::map<std::string, size_t> columns;
  const Record& header = records->front();
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = Lower(Trim(header.fields[i]));
    if (name.empty()) continue;
    const auto& known = KnownCsvColumns();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return absl::InvalidArgumentError("line 1: unknown column \"" + name + "\"");
    }
    if (!columns.emplace(name, i).second) {
      return absl::InvalidArgumentError("line 1: column \"" + name + "\" appears twice");
    }
  }
  for (const std::string& required : RequiredCsvColumns()) {
    if (columns.count(required) == 0) {
      return absl::InvalidArgumentError("line 1: required column \"" + required + "\" is missing");
    }
  }

  HouseholdBuilder builder(columns);
  std::vector<CsvHousehold> households;
  std::map<std::string, size_t> by_key;       // household key -> index
  std::map<std::string, const Record*> first;  // household key -> its first row
  for (size_t r = 1; r < records->size(); ++r) {
    const Record& record = (*records)[r];
    if (IsBlank(record)) continue;
    const std::string key = builder.Cell(record, "household");
    if (key.empty()) {
      return absl::InvalidArgumentError("line " + std::to_string(record.line) +
                                        ": the household column is empty");
    }
    auto [found, added] = by_key.emplace(key, households.size());
    if (added) {
      CsvHousehold household;
      household.key = key;
      household.line = record.line;
      household.local_error = builder.StartHousehold(record, household.proposal);
      households.push_back(std::move(household));
      first[key] = &record;
    }
    CsvHousehold& household = households[found->second];
    if (!household.local_error.empty()) continue;
    if (!added) household.local_error = builder.CheckSameHousehold(*first[key], record);
    if (household.local_error.empty()) {
      household.local_error =
          builder.AddMember(record, *household.proposal.mutable_household());
    }
  }
  return households;
}

}  // namespace usulan::tools
