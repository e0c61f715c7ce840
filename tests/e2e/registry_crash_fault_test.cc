// The civil-registry simulator killed (SIGKILL) while SubmitProposal calls
// are checking households against it, and started again two seconds later on
// the same port. Proves (docs/reliability.md):
//  - every submission it held up is answered UNAVAILABLE "civil registry
//    unavailable", a clear refusal, never another code;
//  - nothing half-written: right after each such answer the proposal is still
//    at the version it had (the recorder's --untouched-when check);
//  - recovery within the reconnect backoff once the simulator is back: the
//    first held-up submission succeeds within the backoff cap (1 s,
//    base::kMaxReconnectBackoff) plus the recorder's 200 ms retry pause and
//    generous slack;
//  - and, as for every fault, nothing lost or applied twice after the resend.
#include <chrono>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/fault_harness.h"

namespace usulan::testing {
namespace {

using namespace std::chrono_literals;

class RegistryCrashFaultTest : public FaultTest {};

constexpr char kRegistryDown[] = "civil registry unavailable";

TEST_F(RegistryCrashFaultTest, KilledDuringSubmissionsClearRefusalsNothingHalfWrittenRecovers) {
  auto recorder = LoadUntil("(answered 20)", {"--untouched-when", kRegistryDown});
  ASSERT_FALSE(HasFailure());
  KillSim();
  std::this_thread::sleep_for(2s);
  StartSim();
  const int64_t back = WallMs();
  auto run = FinishRecorder(*recorder);
  EXPECT_NE(run["untouched_checked"], "0") << "no submission met the registry's absence";
  EXPECT_EQ(run["half_written"], "0");

  // Every answer that names the registry's absence is UNAVAILABLE (code 14).
  std::ifstream journal(dir_ / "journal.jsonl");
  int refusals = 0;
  for (std::string line; std::getline(journal, line);) {
    if (line.find(kRegistryDown) == std::string::npos) continue;
    ++refusals;
    EXPECT_NE(line.find("\"code\":14"), std::string::npos) << line;
  }
  EXPECT_GT(refusals, 0);

  auto check = Check({"--since-ms", std::to_string(back)});
  ExpectNothingLostOrDoubled(run, check);
  ASSERT_FALSE(check["recovery_ms"].empty());
  const int64_t recovery = std::stoll(check["recovery_ms"]);
  EXPECT_GE(recovery, 0) << "no held-up submission succeeded after the registry came back";
  EXPECT_LT(recovery, 5000);
}

}  // namespace
}  // namespace usulan::testing
