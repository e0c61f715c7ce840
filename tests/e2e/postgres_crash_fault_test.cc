// `pg_ctl stop -m immediate` of the server's PostgreSQL in the middle of a
// recorded load (a crash: every connection cut, recovery at the next start),
// then PostgreSQL started again. The usulan-server process is NOT restarted:
// its connection pool must reconnect by itself. The recorder's check then proves
// that no acknowledged transition is lost, none applied twice (the outcome of
// commits cut off mid-way is settled by resending with the same request id),
// and the chain verifies (docs/reliability.md).
#include <cstdint>
#include <thread>

#include <gtest/gtest.h>

#include "tests/e2e/fault_harness.h"

namespace usulan::testing {
namespace {

using namespace std::chrono_literals;

class PostgresCrashFaultTest : public FaultTest {};

TEST_F(PostgresCrashFaultTest, ImmediateStopMidLoadServerRecoversWithoutARestart) {
  auto recorder = LoadUntil("(answered 40)");
  ASSERT_FALSE(HasFailure());
  const pid_t server_pid = server_->pid();
  CrashDatabase();
  std::this_thread::sleep_for(1s);
  StartDatabase();
  const int64_t back = WallMs();
  auto run = FinishRecorder(*recorder);
  EXPECT_TRUE(server_->Running()) << server_->Log();
  EXPECT_EQ(server_->pid(), server_pid);
  auto check = Check({"--since-ms", std::to_string(back)});
  ExpectNothingLostOrDoubled(run, check);
  // Held-up calls succeed once the pool has reconnected: bounded loosely (a
  // hang is what this catches), the figure is in docs/reliability.md.
  ASSERT_FALSE(check["recovery_ms"].empty());
  EXPECT_GE(std::stoll(check["recovery_ms"]), 0) << "nothing held up was answered afterwards";
  EXPECT_LT(std::stoll(check["recovery_ms"]), 20000);
}

}  // namespace
}  // namespace usulan::testing
