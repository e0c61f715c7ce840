// Debian 12's Abseil is built with ABSL_OPTION_USE_STD_STRING_VIEW 0, so
// absl::string_view is a type of its own that does not convert from
// std::string_view. The contract headers speak std::string_view; these bridge the
// two where Abseil functions are called.
#pragma once

#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace usulan::base {

inline absl::string_view AsAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view AsStd(absl::string_view s) { return {s.data(), s.size()}; }

namespace compat_internal {
inline absl::string_view Arg(std::string_view s) { return AsAbsl(s); }
template <typename T>
const T& Arg(const T& value) {
  return value;
}
}  // namespace compat_internal

// absl::StrCat / StrAppend that also take std::string_view.
template <typename... Args>
std::string Concat(const Args&... args) {
  return absl::StrCat(compat_internal::Arg(args)...);
}
template <typename... Args>
void Append(std::string* out, const Args&... args) {
  absl::StrAppend(out, compat_internal::Arg(args)...);
}

}  // namespace usulan::base
