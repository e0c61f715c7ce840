#include "workflow/masking.h"

#include <algorithm>

namespace usulan::workflow {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Length of the UTF-8 sequence starting with `lead` (1 for anything malformed, so
// a broken name never makes the mask read past the word).
size_t SequenceLength(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

}  // namespace

std::string MaskName(std::string_view name) {
  std::string out;
  size_t i = 0;
  while (i < name.size()) {
    while (i < name.size() && IsSpace(name[i])) ++i;
    if (i == name.size()) break;
    size_t end = i;
    while (end < name.size() && !IsSpace(name[end])) ++end;
    size_t first = std::min(SequenceLength(static_cast<unsigned char>(name[i])), end - i);
    if (!out.empty()) out += ' ';
    out.append(name.substr(i, first));
    out += "***";
    i = end;
  }
  return out;
}

std::string MaskNumber(std::string_view number) {
  if (number.size() <= 8) return std::string(number.size(), '*');
  std::string out(number.substr(0, 4));
  out.append(number.size() - 8, '*');
  out.append(number.substr(number.size() - 4));
  return out;
}

}  // namespace usulan::workflow
