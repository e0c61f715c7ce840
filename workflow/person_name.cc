#include "workflow/person_name.h"

#include <optional>
#include <vector>

#include "base/string_view_compat.h"
#include "base/utf8.h"

namespace usulan::workflow {
namespace {

// One code point at `at` (advanced past it); nullopt for a byte that does not
// start valid UTF-8, which then counts as one character of its own.
std::optional<char32_t> Decode(std::string_view s, size_t& at) {
  std::optional<char32_t> cp = base::NextCodePoint(s, &at);
  if (!cp) ++at;
  return cp;
}

// Upper case of the letters names are written in (Basic Latin, Latin-1,
// Latin Extended-A); other characters unchanged. Latin Extended-A pairs upper and
// lower case as neighbours, upper first, with the parity flipping at U+0139 and
// U+0179.
char32_t Upper(char32_t c) {
  if (c >= 'a' && c <= 'z') return c - 0x20;
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;
  if (c == 0xFF) return 0x178;
  if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c & ~char32_t{1};
  if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) return c % 2 == 0 ? c - 1 : c;
  return c;
}

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
         (c >= 0x2000 && c <= 0x200A);
}

// Letters of Latin script: ASCII, Latin-1 (but the multiplication and division
// signs), Latin Extended-A and -B.
bool IsLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}

// Code points of a string, invalid bytes as nullopt.
std::vector<std::optional<char32_t>> CodePoints(std::string_view s) {
  std::vector<std::optional<char32_t>> out;
  for (size_t at = 0; at < s.size();) out.push_back(Decode(s, at));
  return out;
}

absl::Status Refuse(std::string_view field, std::string_view why) {
  return absl::InvalidArgumentError(base::Concat(field, " ", why));
}

}  // namespace

std::string NormalizeName(std::string_view name) {
  std::string out;
  bool pending_space = false;
  for (size_t at = 0; at < name.size();) {
    const size_t start = at;
    const std::optional<char32_t> cp = Decode(name, at);
    if (cp && IsSpace(*cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (cp) {
      base::AppendUtf8(Upper(*cp), out);
    } else {
      out.append(name.substr(start, at - start));
    }
  }
  return out;
}

absl::Status ValidateFullName(std::string_view normalised, std::string_view field) {
  const std::vector<std::optional<char32_t>> cps = CodePoints(normalised);
  if (cps.size() < 3 || cps.size() > 100) {
    return Refuse(field, "must be 3..100 characters (the full name as on the KTP)");
  }
  int words = 0;
  bool letter_in_word = false;
  for (const std::optional<char32_t>& cp : cps) {
    if (!cp || !(IsLetter(*cp) || *cp == ' ' || *cp == '.' || *cp == '\'' || *cp == '-')) {
      return Refuse(field, "may hold only letters, spaces and . ' -");
    }
    if (*cp == ' ') {
      if (!letter_in_word) return Refuse(field, "must have a letter in every word");
      letter_in_word = false;
    } else if (IsLetter(*cp) && !letter_in_word) {
      letter_in_word = true;
      ++words;
    }
  }
  if (!letter_in_word) return Refuse(field, "must have a letter in every word");
  if (words < 2) return Refuse(field, "must have at least two words (the full name as on the KTP)");
  return absl::OkStatus();
}

std::string MaskName(std::string_view normalised) {
  std::string out;
  bool word_start = true;
  for (size_t at = 0; at < normalised.size();) {
    const size_t start = at;
    const std::optional<char32_t> cp = Decode(normalised, at);
    if (cp && *cp == ' ') {
      out += ' ';
      word_start = true;
    } else if (word_start) {
      out.append(normalised.substr(start, at - start));
      word_start = false;
    } else {
      out += '*';
    }
  }
  return out;
}

}  // namespace usulan::workflow
