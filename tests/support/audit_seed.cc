#include "tests/support/audit_seed.h"
#include "tests/support/build_paths.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace usulan::testing {

void SeedAuditTrail(const std::string& superuser_url, int proposals) {
  const std::filesystem::path log = std::filesystem::temp_directory_path() /
                                    ("usulan-seed-" + std::to_string(getpid()) + ".log");
  // The URL is a libpq string made by the test harness (no shell metacharacters but spaces).
  const std::string command = "psql '" + superuser_url + "' -Xq -v ON_ERROR_STOP=1 -v proposals=" +
                              std::to_string(proposals) + " -v household_pct=0 -f " +
                              SourceDir() + "/bench/scale_seed.sql > " + log.string() +
                              " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(log);
  std::stringstream output;
  output << in.rdbuf();
  std::filesystem::remove(log);
  if (status != 0) throw std::runtime_error("bench/scale_seed.sql failed: " + output.str());
}

}  // namespace usulan::testing
