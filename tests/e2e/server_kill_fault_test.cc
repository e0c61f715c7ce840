// kill -9 of the usulan-server process in the middle of a recorded load, at
// three moments: early (the first calls and group-commit batches), in the
// thick of it (group-commit batches of SubmitProposal and RecordVisit in
// flight, 40 answers in), and inside an ImportProposals stream. The server is
// restarted on the same port; the recorder keeps resending what failed with
// the same request ids, and its check proves that no acknowledged transition is
// lost, none applied twice, every replay equals its first answer and the chain
// verifies (docs/reliability.md). A control shows the check can fail: a forged
// acknowledgement in the journal is reported lost.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/e2e/fault_harness.h"

namespace usulan::testing {
namespace {

using namespace std::chrono_literals;

class ServerKillFaultTest : public FaultTest {
 protected:
  // Kills the server `after` the recorder's log shows `moment`, restarts it a
  // second later, and checks.
  void KillAt(const std::string& moment, std::chrono::milliseconds after,
              const std::vector<std::string>& recorder_flags = {}) {
    auto recorder = LoadUntil(moment, recorder_flags);
    ASSERT_FALSE(HasFailure());
    std::this_thread::sleep_for(after);
    KillServer();
    std::this_thread::sleep_for(1s);  // the clients find it gone
    StartServer();
    auto run = FinishRecorder(*recorder);
    check_ = Check();
    ExpectNothingLostOrDoubled(run, check_);
  }

  std::map<std::string, std::string> check_;
};

TEST_F(ServerKillFaultTest, EarlyInTheLoad) { KillAt("(load started)", 300ms); }

TEST_F(ServerKillFaultTest, WhileGroupCommitBatchesAreInFlight) { KillAt("(answered 40)", 0ms); }

// The request ids of the journal's imports that had a failed attempt.
std::set<std::string> InterruptedImports(const std::filesystem::path& journal) {
  std::ifstream in(journal);
  std::set<std::string> imports, interrupted;
  const std::regex rid(R"re("rid":"([^"]+)")re");
  for (std::string line; std::getline(in, line);) {
    std::smatch id;
    if (!std::regex_search(line, id, rid)) continue;
    if (line.find("\"rpc\":\"ImportProposals\"") != std::string::npos) imports.insert(id[1]);
    if (line.find("\"type\":\"answer\"") != std::string::npos &&
        line.find("\"code\":0,") == std::string::npos && imports.count(id[1]) != 0) {
      interrupted.insert(id[1]);
    }
  }
  return interrupted;
}

TEST_F(ServerKillFaultTest, DuringAnImportStream) {
  // An import's ten rows take 250 ms to send (--row-pause-ms 25): 60 ms in, it
  // is mid-stream.
  // Nothing is retried during the load: what failed is left to the check's
  // resend, a cut import's accepted rows included.
  KillAt(R"((answered 20[\s\S]*import \S+ streaming))", 60ms, {"--retry-for", "0"});
  EXPECT_NE(check_["unanswered"], "0");
  EXPECT_FALSE(InterruptedImports(dir_ / "journal.jsonl").empty())
      << "the kill missed every import stream";
}

// The control: a journal that claims an acknowledgement the server never gave
// (the first answer's version moved on by five) fails the check: lost, and its
// replay differs.
TEST_F(ServerKillFaultTest, CheckReportsAForgedAcknowledgementAsLost) {
  StartServer();
  auto recorder = StartRecorder({"--pause-ms", "0"});
  FinishRecorder(*recorder);
  ASSERT_EQ(Check()["exit"], "0");

  // The first answer's version, moved on by five, in place.
  std::ifstream in(dir_ / "journal.jsonl");
  std::string line, journal;
  bool forged = false;
  while (std::getline(in, line)) {
    std::smatch version;
    if (!forged && line.find("\"type\":\"answer\"") != std::string::npos &&
        std::regex_search(line, version, std::regex(R"("version":(\d+))"))) {
      line = std::regex_replace(line, std::regex(R"("version":\d+)"),
                                "\"version\":" + std::to_string(std::stoi(version[1]) + 5),
                                std::regex_constants::format_first_only);
      forged = true;
    }
    journal += line + "\n";
  }
  ASSERT_TRUE(forged);
  in.close();
  std::ofstream(dir_ / "journal.jsonl", std::ios::trunc) << journal;
  auto check = Check();
  EXPECT_EQ(check["exit"], "1");
  EXPECT_EQ(check["lost"], "1");
  EXPECT_EQ(check["replay_mismatches"], "1");
}

}  // namespace
}  // namespace usulan::testing
