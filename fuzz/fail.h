// How a fuzz target reports a broken property: one line on stderr, then abort(),
// which libFuzzer records as a crash together with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace usulan::fuzz {

[[noreturn]] inline void Fail(std::string_view target, std::string_view what,
                              std::string_view detail = {}) {
  std::fprintf(stderr, "%.*s: %.*s %.*s\n", static_cast<int>(target.size()), target.data(),
               static_cast<int>(what.size()), what.data(), static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

}  // namespace usulan::fuzz
