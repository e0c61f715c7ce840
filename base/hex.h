// Lower-case hexadecimal text of bytes: the one encoding of digests, keys'
// fingerprints and ids in this service.
#pragma once

#include <string>
#include <string_view>

namespace usulan::base {

std::string ToHex(std::string_view bytes);

}  // namespace usulan::base
