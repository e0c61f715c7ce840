// Secret keys kept in files (the token key, the NIK keyed-hash key, ...).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace usulan::base {

// 256 bits: the key of an HMAC-SHA256 should be at least as long as its output.
inline constexpr size_t kMinKeyBytes = 32;

// The file's bytes without trailing line ends. NOT_FOUND when it cannot be read,
// INVALID_ARGUMENT when it holds fewer than kMinKeyBytes; both messages name
// `what` (the flag that gave the path) and the path, never the key.
absl::StatusOr<std::string> ReadSecretKeyFile(std::string_view what, const std::string& path);

}  // namespace usulan::base
