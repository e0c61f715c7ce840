#include "audit/keyed_hash.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace usulan::audit {

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // HMAC() fails only on allocation failure; an all-zero answer then matches no
  // stored hash, so a lookup finds nothing rather than crashing.
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out,
           &length) == nullptr) {
    return std::string(32, '\0');
  }
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string NameHmac(std::string_view nik_key, std::string_view normalised_name) {
  return HmacSha256(HmacSha256(nik_key, "usulan-name-index-v1"), normalised_name);
}

std::string KkHmac(std::string_view nik_key, std::string_view kk_number) {
  return HmacSha256(HmacSha256(nik_key, "usulan-kk-index-v1"), kk_number);
}

std::string NikKeyFingerprint(std::string_view key) {
  return HmacSha256(key, "usulan-nik-key-check-v1");
}

std::string HouseholdKeyFingerprint(std::string_view key) {
  return HmacSha256(key, "usulan-household-key-check-v1");
}

}  // namespace usulan::audit
