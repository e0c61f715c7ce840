#include "tests/support/personal_data_scan.h"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

namespace usulan::testing {
namespace {

constexpr std::size_t kMinWordBytes = 6;
constexpr std::size_t kContextBytes = 60;

// The JSON string body (no quotes) of `value`.
std::string JsonEscaped(const std::string& value, bool ascii_only) {
  std::string quoted =
      nlohmann::json(value).dump(-1, ' ', ascii_only, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

bool HasLetter(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (static_cast<unsigned char>(c) >= 0x80);
  });
}

void AddUnique(std::vector<std::string>* forms, std::string form) {
  if (form.empty()) return;
  if (std::find(forms->begin(), forms->end(), form) == forms->end()) forms->push_back(std::move(form));
}

}  // namespace

std::vector<PersonalValue> PersonalValuesOf(const v1::Household& household,
                                            const std::string& label) {
  std::vector<PersonalValue> values;
  values.push_back({"kk_number of " + label, household.kk_number(), false});
  for (int i = 0; i < household.members_size(); ++i) {
    const v1::Member& member = household.members(i);
    const std::string who = label + " member " + std::to_string(i + 1);
    values.push_back({"nik of " + who, member.nik(), false});
    values.push_back({"name of " + who, member.name(), true});
  }
  return values;
}

std::vector<std::string> SearchForms(const PersonalValue& value) {
  std::vector<std::string> forms;
  AddUnique(&forms, value.value);
  AddUnique(&forms, JsonEscaped(value.value, false));
  AddUnique(&forms, JsonEscaped(value.value, true));
  if (value.is_name) {
    // Words split at whitespace and the characters a log would escape.
    std::string word;
    auto flush = [&] {
      if (word.size() >= kMinWordBytes && HasLetter(word)) AddUnique(&forms, word);
      word.clear();
    };
    for (char c : value.value) {
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\\' || c == '\'') {
        flush();
      } else {
        word.push_back(c);
      }
    }
    flush();
  }
  return forms;
}

std::vector<PersonalDataHit> FindPersonalData(std::string_view text,
                                              const std::vector<PersonalValue>& values) {
  std::vector<PersonalDataHit> hits;
  for (const PersonalValue& value : values) {
    for (const std::string& form : SearchForms(value)) {
      std::size_t at = text.find(form);
      if (at == std::string_view::npos) continue;
      std::size_t begin = at > kContextBytes ? at - kContextBytes : 0;
      std::size_t end = std::min(text.size(), at + form.size() + kContextBytes);
      hits.push_back({value.what, form, std::string(text.substr(begin, end - begin))});
    }
  }
  return hits;
}

std::string Describe(const std::vector<PersonalDataHit>& hits) {
  std::ostringstream out;
  for (const PersonalDataHit& hit : hits) {
    out << hit.what << ": found '" << hit.needle << "' in ..." << hit.context << "...\n";
  }
  return out.str();
}

}  // namespace usulan::testing
