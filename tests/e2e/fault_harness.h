// What every fault test sets up (docs/reliability.md): a private PostgreSQL
// cluster (the shared one of the ctest fixture is never crashed), the
// usulan-registry-sim over the recorder's data set (mTLS), usulan-server as a
// process (TLS, tokens from the test issuer), and the usulan-recorder's `run`
// and `check` as processes. Processes are children (ChildProcess): none
// outlives a failed assertion. Restarts keep their port, so the recorder's
// channels reconnect to the same address as real clients would.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/child_process.h"
#include "tests/support/server_files.h"

namespace usulan::testing {

// key=value figures of the recorder's line starting with `prefix` ("run:",
// "check:"); empty when there is none.
std::map<std::string, std::string> Figures(const std::string& log, const std::string& prefix);

// Wall clock, ms since the epoch (the journal's answer times; --since-ms).
int64_t WallMs();

class FaultTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // usulan-server serve on the port of its first start (any free one then).
  void StartServer();
  void KillServer();  // SIGKILL, reaped
  void StartSim();    // on the port of its first start
  void KillSim();
  void CrashDatabase();  // pg_ctl stop -m immediate
  void StartDatabase();

  // Starts the server and a recorder (with `extra` flags), and returns the
  // recorder once its log matches `moment` (a regex with one group).
  std::unique_ptr<ChildProcess> LoadUntil(const std::string& moment,
                                          const std::vector<std::string>& extra = {});
  // `usulan-recorder run` in the background, with `extra` flags.
  std::unique_ptr<ChildProcess> StartRecorder(const std::vector<std::string>& extra = {});
  // Waits for a started recorder, prints and returns its run figures; fails
  // the test when it does not exit 0 in time.
  std::map<std::string, std::string> FinishRecorder(ChildProcess& recorder);
  // `usulan-recorder check`; prints its figures and returns them, with
  // "exit" set to its exit code.
  std::map<std::string, std::string> Check(const std::vector<std::string>& extra = {});

  // The properties every fault test proves: the fault hit the load (some
  // attempt failed), and after the resend nothing acknowledged is lost, nothing
  // applied twice, every replay equals its first answer, the chain verifies.
  static void ExpectNothingLostOrDoubled(std::map<std::string, std::string> run,
                                         std::map<std::string, std::string> check);

  std::filesystem::path dir_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<ChildProcess> sim_;

 private:
  std::vector<std::string> Common() const;  // --server, TLS, key, journal
  // Starts `binary` into `process` (log NAME-START.log) and returns the port
  // its log names ("0", with a failure, when it names none in time).
  std::string Started(std::unique_ptr<ChildProcess>& process, const std::string& binary,
                      const std::vector<std::string>& args, const std::string& name, int start,
                      const std::regex& listening);
  static void Kill(std::unique_ptr<ChildProcess>& process);  // SIGKILL, reaped
  bool cluster_started_ = false;
  std::string url_;
  ServerFiles files_;
  std::string server_port_ = "0";
  std::string sim_port_ = "0";
  int server_starts_ = 0;
  int sim_starts_ = 0;
};

// Slack for a loaded two-core machine: these bound hangs, they time nothing.
inline constexpr std::chrono::seconds kProcessLimit{180};

}  // namespace usulan::testing
