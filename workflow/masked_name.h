// A person's name as the citizen's and the public's reads show it: each word's
// first letter, the rest as asterisks ("SITI AMINAH" -> "S*** A*****"), so that
// a household recognises its members without the name being readable by anyone
// who sees the screen or the answer. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace usulan::workflow {

// `name` (UTF-8) masked word by word: the first code point of each word kept, every
// further code point replaced by '*'; runs of spaces become one space, leading and
// trailing spaces are dropped. "" for a name without letters.
std::string MaskName(std::string_view name);

}  // namespace usulan::workflow
