#include "workflow/masked_name.h"

namespace usulan::workflow {
namespace {

// A UTF-8 continuation byte (10xxxxxx) belongs to the code point before it.
bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

}  // namespace

std::string MaskName(std::string_view name) {
  std::string out;
  bool in_word = false;   // inside a word
  bool first_cp = false;  // copying the word's first code point
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == ' ' || c == '\t') {
      in_word = false;
      continue;
    }
    if (!in_word) {
      if (!out.empty()) out += ' ';
      in_word = true;
      first_cp = true;
      out += c;
      continue;
    }
    if (IsContinuation(byte)) {
      if (first_cp) out += c;  // the rest of the first letter
      continue;                // the rest of a masked letter: already one '*'
    }
    first_cp = false;
    out += '*';
  }
  return out;
}

}  // namespace usulan::workflow
