#include "app/determination_rows.h"

#include <chrono>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "workflow/cycle.h"

namespace usulan::app {
namespace {

using Json = nlohmann::ordered_json;

// The text columns both files share, in order, before desil.
std::vector<std::pair<std::string_view, std::string>> TextColumns(const DeterminationChange& c) {
  return {{"cycle", c.cycle},
          {"at", workflow::FormatRfc3339(workflow::Micros(std::chrono::microseconds(c.at_micros)))},
          {"change", c.change},
          {"entry_id", c.entry_id},
          {"proposal_id", c.proposal_id},
          {"kind", c.kind},
          {"route", c.route},
          {"decree_number", c.decree_number},
          {"province_code", c.province_code},
          {"kabupaten_code", c.kabupaten_code},
          {"kecamatan_code", c.kecamatan_code},
          {"desa_code", c.desa_code}};
}

std::string CsvField(std::string_view value) {
  std::string text;
  // A cell a spreadsheet would evaluate (CWE-1236) is written as text.
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    text = "'";
  }
  text += value;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '"') quoted += '"';
    quoted += ch;
  }
  return quoted + "\"";
}

std::string MembersField(const DeterminationChange& c) {
  std::string out;
  for (const auto& [nik, name] : c.members) {
    if (!out.empty()) out += ';';
    out += nik;
    out += ' ';
    for (char ch : name) {
      if (ch == '\\' || ch == ';') out += '\\';
      out += ch;
    }
  }
  return out;
}

void AppendRecord(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += CsvField(fields[i]);
  }
  out += "\r\n";
}

}  // namespace

std::string CsvHeader(bool with_personal_data) {
  std::vector<std::string> names;
  for (const auto& [name, value] : TextColumns(DeterminationChange{})) names.emplace_back(name);
  names.emplace_back("desil");
  if (with_personal_data) {
    for (const char* name : {"kk_number", "head_name", "member_count", "members"}) {
      names.emplace_back(name);
    }
  }
  std::string out;
  AppendRecord(out, names);
  return out;
}

std::string CsvRow(const DeterminationChange& change, bool with_personal_data) {
  std::vector<std::string> fields;
  for (auto& [name, value] : TextColumns(change)) fields.push_back(std::move(value));
  fields.push_back(change.desil ? std::to_string(*change.desil) : "");
  if (with_personal_data) {
    fields.push_back(change.kk_number);
    fields.push_back(change.head_name);
    fields.push_back(std::to_string(change.members.size()));
    fields.push_back(MembersField(change));
  }
  std::string out;
  AppendRecord(out, fields);
  return out;
}

std::string JsonLine(const DeterminationChange& change, bool with_personal_data) {
  Json line = Json::object();
  for (auto& [name, value] : TextColumns(change)) line[std::string(name)] = std::move(value);
  line["desil"] = change.desil ? Json(*change.desil) : Json(nullptr);
  if (with_personal_data) {
    line["kk_number"] = change.kk_number;
    line["head_name"] = change.head_name;
    line["member_count"] = change.members.size();
    Json members = Json::array();
    for (const auto& [nik, name] : change.members) members.push_back({{"nik", nik}, {"name", name}});
    line["members"] = std::move(members);
  }
  return line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace usulan::app
