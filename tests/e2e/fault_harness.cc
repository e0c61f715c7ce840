#include "tests/e2e/fault_harness.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>

#include "tests/support/build_paths.h"
#include "tests/support/dev_pki.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/private_file.h"

namespace usulan::testing {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// The recorder's data set: four pools of 2 desa x 40 households (tools/recorder/load.h).
const std::vector<std::string> kShape = {"--first-province", "71", "--desa", "2",
                                         "--households",     "40"};

std::string Script() { return SourceDir() + "/deploy/local-postgres.sh"; }

std::string FirstLine(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// The recorder's figure lines, to the test's stdout (what docs/reliability.md quotes).
void PrintFigureLines(const std::string& log, const std::string& prefix) {
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix + " ", 0) == 0) std::cout << line << "\n";
  }
}

}  // namespace

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::map<std::string, std::string> Figures(const std::string& log, const std::string& prefix) {
  std::map<std::string, std::string> figures;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(prefix + " ", 0) != 0 || line.find('=') == std::string::npos) continue;
    std::istringstream words(line.substr(prefix.size()));
    std::string word;
    while (words >> word) {
      const size_t equals = word.find('=');
      if (equals != std::string::npos) figures[word.substr(0, equals)] = word.substr(equals + 1);
    }
  }
  return figures;
}

void FaultTest::SetUp() {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  dir_ = fs::temp_directory_path() /
         ("usulan-fault-" + std::string(test->name()) + "-" + std::to_string(getpid()));
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  ASSERT_EQ(std::system((Script() + " start " + (dir_ / "pg").string() + " >/dev/null").c_str()),
            0);
  cluster_started_ = true;
  url_ = FirstLine(dir_ / "pg" / "url");
  files_ = WriteServerFiles(dir_);
  WritePrivateFile(dir_ / "issuer.jwk", TestIssuer().private_jwk);
  std::vector<std::string> registry = {"registry", (dir_ / "registry.csv").string()};
  registry.insert(registry.end(), kShape.begin(), kShape.end());
  ChildProcess writer(RecorderBinary(), registry, dir_ / "registry-writer.log");
  ASSERT_EQ(writer.Wait(60s), 0) << writer.Log();
  StartSim();
}

void FaultTest::TearDown() {
  server_.reset();  // SIGKILL if still running
  sim_.reset();
  if (cluster_started_) {
    std::system((Script() + " stop " + (dir_ / "pg").string() + " >/dev/null").c_str());
  }
  if (!HasFailure()) fs::remove_all(dir_);  // kept for a look when it failed
}

void FaultTest::StartServer() {
  std::vector<std::string> args =
      Joined(Replaced(files_.ServeArgs(url_), "--listen", "127.0.0.1:" + server_port_),
             Joined({"--registry-address", "127.0.0.1:" + sim_port_, "--cycle-interval", "0",
                     "--checkpoint-interval", "0"},
                    TestPki().RegistryTlsArgs()));
  server_port_ = Started(server_, ServerBinary(), args, "server", ++server_starts_,
                         std::regex(R"re(\(port (\d+)\))re"));
}

void FaultTest::KillServer() { Kill(server_); }

void FaultTest::StartSim() {
  std::vector<std::string> args =
      Joined({"--listen", "127.0.0.1:" + sim_port_, "--csv", (dir_ / "registry.csv").string()},
             TestPki().SimTlsArgs());
  sim_port_ = Started(sim_, RegistrySimBinary(), args, "sim", ++sim_starts_,
                      std::regex(R"re(listening on 127\.0\.0\.1:(\d+))re"));
}

void FaultTest::KillSim() { Kill(sim_); }

std::string FaultTest::Started(std::unique_ptr<ChildProcess>& process, const std::string& binary,
                               const std::vector<std::string>& args, const std::string& name,
                               int start, const std::regex& listening) {
  process = std::make_unique<ChildProcess>(binary, args,
                                           dir_ / (name + "-" + std::to_string(start) + ".log"));
  auto port = process->WaitForLog(listening, 60s);
  EXPECT_TRUE(port.has_value()) << process->Log();
  return port.value_or("0");
}

void FaultTest::Kill(std::unique_ptr<ChildProcess>& process) {
  ASSERT_TRUE(process && process->Running());
  kill(process->pid(), SIGKILL);
  EXPECT_EQ(process->Wait(30s), 128 + SIGKILL);
}

std::unique_ptr<ChildProcess> FaultTest::LoadUntil(const std::string& moment,
                                                   const std::vector<std::string>& extra) {
  StartServer();
  auto recorder = StartRecorder(extra);
  EXPECT_TRUE(recorder->WaitForLog(std::regex(moment), kProcessLimit).has_value())
      << recorder->Log();
  return recorder;
}

void FaultTest::CrashDatabase() {
  ASSERT_EQ(std::system((Script() + " crash " + (dir_ / "pg").string()).c_str()), 0);
}

void FaultTest::StartDatabase() {
  ASSERT_EQ(std::system((Script() + " start " + (dir_ / "pg").string()).c_str()), 0);
}

std::vector<std::string> FaultTest::Common() const {
  return {"--server",      "127.0.0.1:" + server_port_,
          "--tls-ca-file", TestPki().ca,
          "--key-file",    (dir_ / "issuer.jwk").string(),
          "--journal",     (dir_ / "journal.jsonl").string()};
}

std::unique_ptr<ChildProcess> FaultTest::StartRecorder(const std::vector<std::string>& extra) {
  // Pauses that make the load last a few seconds, so a fault lands inside it.
  std::vector<std::string> args = Joined(Joined({"run"}, Common()), kShape);
  args = Joined(Joined(args, {"--pause-ms", "40", "--duration", "8"}), extra);
  return std::make_unique<ChildProcess>(RecorderBinary(), args, dir_ / "recorder-run.log");
}

std::map<std::string, std::string> FaultTest::FinishRecorder(ChildProcess& recorder) {
  const int code = recorder.Wait(kProcessLimit);
  EXPECT_EQ(code, 0) << recorder.Log();
  auto figures = Figures(recorder.Log(), "run:");
  EXPECT_FALSE(figures.empty()) << recorder.Log();
  PrintFigureLines(recorder.Log(), "run:");
  return figures;
}

std::map<std::string, std::string> FaultTest::Check(const std::vector<std::string>& extra) {
  ChildProcess check(RecorderBinary(), Joined(Joined({"check"}, Common()), extra),
                     dir_ / "recorder-check.log");
  const int code = check.Wait(kProcessLimit);
  auto figures = Figures(check.Log(), "check:");
  figures["exit"] = std::to_string(code);
  if (code == 0) {
    PrintFigureLines(check.Log(), "check:");
  } else {
    std::cout << check.Log();
  }
  return figures;
}

void FaultTest::ExpectNothingLostOrDoubled(std::map<std::string, std::string> run,
                                           std::map<std::string, std::string> check) {
  EXPECT_NE(run["failed_attempts"], "0") << "the fault never reached the load";
  EXPECT_EQ(run["refused"], "0");
  EXPECT_EQ(check["exit"], "0");
  EXPECT_NE(check["acknowledged"], "0");
  EXPECT_EQ(check["lost"], "0");
  EXPECT_EQ(check["duplicates"], "0");
  EXPECT_EQ(check["replay_mismatches"], "0");
  EXPECT_EQ(check["unanswered_after_resend"], "0");
  EXPECT_EQ(check["refused"], "0");
  EXPECT_EQ(check["chain"], "ok");
}

}  // namespace usulan::testing
