// Test keys written as a deployment must keep them: readable by their owner only
// (the server refuses a key file group or others can read; base/key_file.h).
#pragma once

#include <filesystem>
#include <string>

namespace usulan::testing {

// Writes `content` to `path` (replacing it) with mode 0600. Aborts the test
// process with a message if it cannot.
void WritePrivateFile(const std::filesystem::path& path, const std::string& content);

}  // namespace usulan::testing
