// SHA-256 and hex helpers for the audit trail. Pure (OpenSSL's digest, no I/O);
// thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/hex.h"

typedef struct evp_md_ctx_st EVP_MD_CTX;

namespace usulan::audit {

using Digest = std::array<uint8_t, 32>;

Digest Sha256(std::string_view data);

// SHA-256 of data given in pieces (a file received in chunks), equal to Sha256()
// of the pieces joined. Not thread-safe; one object per stream.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(std::string_view data);
  // The digest of everything given; the stream then starts again, empty.
  Digest Finish();

 private:
  EVP_MD_CTX* context_;
};

// Lower-case hex of `bytes`.
using base::ToHex;  // bytes as lower-case hex
std::string ToHex(const Digest& digest);

// The digest written as 64 lower-case hex characters; nullopt for anything else
// (upper case included: the trail stores one spelling only).
std::optional<Digest> DigestFromHex(std::string_view hex);

// The hash that stands before the first row of a chain and before the first
// checkpoint: 64 zeros.
inline constexpr std::string_view kZeroHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// Standard base64 (RFC 4648 section 4, with padding), as `base64` and
// `openssl base64 -A` write it. Decode returns nullopt for malformed input.
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace usulan::audit
