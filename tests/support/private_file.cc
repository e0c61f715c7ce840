#include "tests/support/private_file.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace usulan::testing {

void WritePrivateFile(const std::filesystem::path& path, const std::string& content) {
  std::filesystem::remove(path);
  std::ofstream(path, std::ios::binary) << content;
  std::error_code error;
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace, error);
  if (error || !std::filesystem::exists(path)) {
    std::fprintf(stderr, "cannot write private file %s\n", path.c_str());
    std::abort();
  }
}

}  // namespace usulan::testing
