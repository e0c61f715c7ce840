// Secret keys kept in files (the NIK keyed-hash key, the household digest key,
// the audit key's PEM, TLS private keys, the development issuer's keys, ...). A key file that other users can read is
// not a secret: every reader refuses one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace usulan::base {

// 256 bits: the key of an HMAC-SHA256 should be at least as long as its output.
inline constexpr size_t kMinKeyBytes = 32;

// The bytes of a file anyone may read (a certificate, a public key, a JWKS), as
// they are; NOT_FOUND naming `what` and the path when it cannot be read.
absl::StatusOr<std::string> ReadPublicFile(std::string_view what, const std::string& path);

// The bytes of a private file (a private key in any format), as they are.
// NOT_FOUND when it cannot be read; PERMISSION_DENIED when its mode grants
// group or others any access (the message names `what` (the flag that gave the
// path), the path and `chmod 600`). Messages never hold the content.
absl::StatusOr<std::string> ReadPrivateFile(std::string_view what, const std::string& path);

// ReadPrivateFile, then without trailing line ends; INVALID_ARGUMENT when it
// holds fewer than kMinKeyBytes. Messages name `what` and the path, never the key.
absl::StatusOr<std::string> ReadSecretKeyFile(std::string_view what, const std::string& path);

}  // namespace usulan::base
