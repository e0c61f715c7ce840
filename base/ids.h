// Identifiers the service hands out.
#pragma once

#include <string>
#include <string_view>

namespace usulan::base {

// A random (version 4) UUID in canonical lower-case text form, from OpenSSL's CSPRNG.
std::string NewUuid();

// True for the canonical 8-4-4-4-12 hex form.
bool IsUuid(std::string_view text);

}  // namespace usulan::base
