#include "services/long_reads.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace usulan::services {
namespace {

TEST(LongReadsTest, RefusesBeyondTheBoundNamingTheFlagAndFreesSlotsWhenTheyGo) {
  LongReads limit(2);
  auto first = limit.TryAcquire("ExportTransitions");
  ASSERT_TRUE(first.ok());
  {
    auto second = limit.TryAcquire("VerifyChain");
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(limit.in_use(), 2);
    auto third = limit.TryAcquire("ExportTransitions");
    EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
    EXPECT_THAT(third.status().message(), ::testing::HasSubstr("ExportTransitions refused"));
    EXPECT_THAT(third.status().message(), ::testing::HasSubstr("--max-long-reads"));
  }
  EXPECT_EQ(limit.in_use(), 1);  // the second slot went with its scope
  LongReads::Slot moved(std::move(*first));
  EXPECT_EQ(limit.in_use(), 1);  // a move hands the slot on, it does not free it
  EXPECT_TRUE(limit.TryAcquire("GetInclusionProof").ok());
}

TEST(LongReadsTest, NoLimitMeansNoBound) {
  for (int i = 0; i < 100; ++i) {
    auto slot = AcquireLongRead(nullptr, "ExportTransitions");
    ASSERT_TRUE(slot.ok());
    EXPECT_FALSE(slot->has_value());
  }
  LongReads limit(1);
  auto held = AcquireLongRead(&limit, "ExportTransitions");
  ASSERT_TRUE(held.ok());
  EXPECT_TRUE(held->has_value());
  EXPECT_EQ(AcquireLongRead(&limit, "VerifyChain").status().code(),
            absl::StatusCode::kResourceExhausted);
}

// Many threads taking and giving back slots at once (what the server's handler
// threads do): never more than the bound held, every slot given back. Also the
// case ThreadSanitizer checks the lock on (docs/sanitizers.md).
TEST(LongReadsTest, ConcurrentCallersNeverHoldMoreThanTheBound) {
  constexpr int kMax = 3, kThreads = 8, kRounds = 200;
  LongReads limit(kMax);
  std::atomic<int> holding{0}, most{0}, granted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round) {
        auto slot = limit.TryAcquire("ExportTransitions");
        if (!slot.ok()) continue;
        ++granted;
        const int now = ++holding;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --holding;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(most.load(), kMax);
  EXPECT_GT(granted.load(), 0);
  EXPECT_EQ(limit.in_use(), 0);
}

}  // namespace
}  // namespace usulan::services
