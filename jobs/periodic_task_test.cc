// PeriodicTask: when the first pass runs, that passes repeat, and that stopping
// waits for a pass in progress and starts no other.
#include "jobs/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

namespace usulan::jobs {
namespace {

using namespace std::chrono_literals;

TEST(PeriodicTaskTest, FirstPassAtOnceThenEveryInterval) {
  std::atomic<int> passes = 0;
  std::promise<void> third;
  PeriodicTask task(1ms, PeriodicTask::First::kNow, [&] {
    if (++passes == 3) third.set_value();
  });
  EXPECT_EQ(third.get_future().wait_for(10s), std::future_status::ready);
  task.Stop();
  const int after_stop = passes;
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(passes, after_stop);  // nothing runs once stopped
}

TEST(PeriodicTaskTest, AfterIntervalWaitsAndStopEndsTheWait) {
  std::atomic<int> passes = 0;
  const auto started = std::chrono::steady_clock::now();
  {
    PeriodicTask task(1h, PeriodicTask::First::kAfterInterval, [&] { ++passes; });
  }  // the destructor must not wait for the hour
  EXPECT_EQ(passes, 0);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST(PeriodicTaskTest, StopWaitsForThePassInProgress) {
  std::promise<void> entered;
  std::atomic<bool> finished = false;
  PeriodicTask task(1h, PeriodicTask::First::kNow, [&] {
    entered.set_value();
    std::this_thread::sleep_for(50ms);
    finished = true;
  });
  entered.get_future().wait();
  task.Stop();
  EXPECT_TRUE(finished);
  task.Stop();  // idempotent
}

}  // namespace
}  // namespace usulan::jobs
