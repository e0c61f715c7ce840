// usulan-registry-sim serving both central sources to the end-to-end tests: the
// civil registry with its death list (registry.csv) and BPS's welfare ranking
// (ranking.csv), over TLS with the tests' PKI and client certificates required,
// as Dukcapil and BPS require of their callers. One start-up for every test
// that needs the two (central_sources_e2e_test.cc, central_changes_e2e_test.cc).
// The binary is this build's (tests/support/build_paths.h). Not thread-safe.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/child_process.h"

namespace usulan::testing {

struct CentralSim {
  std::unique_ptr<ChildProcess> process;  // killed when it goes, if still running
  std::string address;                    // "127.0.0.1:<port>"; empty if it did not start
};

// Starts the simulator on a free loopback port over `dir`/registry.csv and
// `dir`/ranking.csv (the caller writes them), its output in `dir`/sim.log, and
// waits until it listens (30 s at most: a loaded CI machine). When it does not,
// a gtest failure carrying its log, and an empty address.
CentralSim StartCentralSim(const std::filesystem::path& dir);

}  // namespace usulan::testing
