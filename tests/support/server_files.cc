#include "tests/support/server_files.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "tests/support/dev_pki.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/private_file.h"

namespace usulan::testing {

namespace {

// The position of `flag` in `args`, aborting the test process when it is
// missing or has no value (a mistake in the test itself).
std::vector<std::string>::iterator FlagPosition(std::vector<std::string>& args,
                                                const std::string& flag) {
  auto position = std::find(args.begin(), args.end(), flag);
  if (position == args.end() || position + 1 == args.end()) {
    std::fprintf(stderr, "command line has no %s with a value\n", flag.c_str());
    std::abort();
  }
  return position;
}

}  // namespace

std::vector<std::string> ServerFiles::ServeArgs(const std::string& database_url,
                                                bool tls) const {
  std::vector<std::string> args = {"serve",
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--database-url",
                                   database_url,
                                   "--jwks-file",
                                   jwks.string(),
                                   "--nik-key-file",
                                   nik_key.string(),
                                   "--household-key-file",
                                   household_key.string()};
  return tls ? Joined(std::move(args), TestPki().ServerTlsArgs()) : args;
}

ServerFiles WriteServerFiles(const std::filesystem::path& dir) {
  ServerFiles files{dir / "jwks.json", dir / "nik.key", dir / "household.key"};
  WriteTestJwks(files.jwks);
  WritePrivateFile(files.nik_key, std::string(64, 'n') + "\n");
  WritePrivateFile(files.household_key, std::string(64, 'h') + "\n");
  return files;
}

std::vector<std::string> Joined(std::vector<std::string> first,
                                const std::vector<std::string>& more) {
  first.insert(first.end(), more.begin(), more.end());
  return first;
}

std::vector<std::string> Without(std::vector<std::string> args,
                                 const std::vector<std::string>& flags) {
  for (const std::string& flag : flags) {
    auto position = FlagPosition(args, flag);
    args.erase(position, position + 2);
  }
  return args;
}

std::vector<std::string> Replaced(std::vector<std::string> args, const std::string& flag,
                                  const std::string& value) {
  *(FlagPosition(args, flag) + 1) = value;
  return args;
}

}  // namespace usulan::testing
