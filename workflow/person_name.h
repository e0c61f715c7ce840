// A person's full name as the public status check compares it (docs/public-status.md):
// normalised so that case and runs of spaces do not matter, validated as a full
// name a citizen would type from the KTP, and masked for the answer. Pure
// functions over UTF-8; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace usulan::workflow {

// The comparison form of a name: letters upper-cased (ASCII, Latin-1 and Latin
// Extended-A, the letters of Indonesian names and of the loanwords in them),
// every run of white space one space, none at either end. Total: any UTF-8 goes
// in (a stored member's name is whatever the village typed); bytes that are not
// valid UTF-8 are kept as they are, so they can only ever equal themselves.
std::string NormalizeName(std::string_view name);

// OK when a normalised name (NormalizeName) can be a full name as on the KTP:
// 3..100 characters, letters, spaces and . ' - only, at least two words, each
// with a letter. Otherwise INVALID_ARGUMENT starting with `field`; the message
// never repeats the name.
absl::Status ValidateFullName(std::string_view normalised, std::string_view field);

// Each word's first character kept, every other character '*':
// "SITI AMINAH" -> "S*** A*****". Counts characters, not bytes.
std::string MaskName(std::string_view normalised);

}  // namespace usulan::workflow
