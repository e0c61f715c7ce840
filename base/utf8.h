// UTF-8 one code point at a time, for the checks that count or classify
// characters (the request edge, names). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace usulan::base {

// Decodes one UTF-8 sequence at text[*pos], advancing *pos; nullopt (and *pos
// unchanged) when it is not valid UTF-8: overlong forms, surrogates and values
// past U+10FFFF included.
std::optional<char32_t> NextCodePoint(std::string_view text, size_t* pos);

// Appends the UTF-8 encoding of a valid code point.
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace usulan::base
