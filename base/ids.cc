#include "base/ids.h"

#include <openssl/rand.h>

#include <array>
#include <cctype>
#include <stdexcept>

#include "base/hex.h"

namespace usulan::base {

std::string NewUuid() {
  std::array<unsigned char, 16> bytes;
  if (RAND_bytes(bytes.data(), bytes.size()) != 1) {
    // Without randomness ids could collide; refusing to run is the only safe answer.
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  std::string out = ToHex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  for (size_t dash : {8, 13, 18, 23}) out.insert(dash, 1, '-');
  return out;
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace usulan::base
