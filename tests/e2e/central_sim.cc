#include "tests/e2e/central_sim.h"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <vector>

#include "tests/support/build_paths.h"
#include "tests/support/dev_pki.h"

namespace usulan::testing {

CentralSim StartCentralSim(const std::filesystem::path& dir) {
  std::vector<std::string> args = {"--listen",      "127.0.0.1:0",
                                   "--csv",         (dir / "registry.csv").string(),
                                   "--ranking-csv", (dir / "ranking.csv").string()};
  for (const std::string& arg : TestPki().SimTlsArgs()) args.push_back(arg);
  CentralSim sim;
  sim.process = std::make_unique<ChildProcess>(RegistrySimBinary(), args, dir / "sim.log");
  const std::regex listening(R"re(listening on 127\.0\.0\.1:(\d+))re");
  const std::optional<std::string> port =
      sim.process->WaitForLog(listening, std::chrono::seconds(30));
  EXPECT_TRUE(port.has_value()) << sim.process->Log();
  if (port) sim.address = "127.0.0.1:" + *port;
  return sim;
}

}  // namespace usulan::testing
