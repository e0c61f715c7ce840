// What the usulan-server binary needs on disk to `serve`, written once for the
// tests that start it as a process, and the command line that names it: a new
// required flag or file is then added here, not in every such test.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace usulan::testing {

struct ServerFiles {
  std::filesystem::path jwks;           // TestJwks(): the tests' token issuer
  std::filesystem::path nik_key;        // 64 bytes, mode 0600
  std::filesystem::path household_key;  // 64 bytes, mode 0600

  // serve --listen 127.0.0.1:0 --database-url URL with these files, and TLS on
  // the port with TestPki()'s server certificate unless `tls` is false.
  std::vector<std::string> ServeArgs(const std::string& database_url, bool tls = true) const;
};

// Writes dir/jwks.json, dir/nik.key and dir/household.key (dir must exist).
ServerFiles WriteServerFiles(const std::filesystem::path& dir);

// Editing a command line, for tests that deliberately differ from ServeArgs.
// All take flags in the two-argument form ("--flag", "value").
std::vector<std::string> Joined(std::vector<std::string> first,
                                const std::vector<std::string>& more);
// `args` without each of `flags` and its value.
std::vector<std::string> Without(std::vector<std::string> args,
                                 const std::vector<std::string>& flags);
// `args` with `flag`'s value replaced by `value`.
std::vector<std::string> Replaced(std::vector<std::string> args, const std::string& flag,
                                  const std::string& value);

}  // namespace usulan::testing
