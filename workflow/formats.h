// Shapes of values that several rules check: digit strings, SHA-256 hex digests,
// calendar dates. Pure.
#pragma once

#include <string_view>

namespace usulan::workflow {

// True when every character is an ASCII digit (and for the empty string).
bool IsAllDigits(std::string_view value);

// True for 64 lower-case hex characters.
bool IsSha256Hex(std::string_view value);

// True for a real calendar date written YYYY-MM-DD.
bool IsIsoDate(std::string_view value);

}  // namespace usulan::workflow
