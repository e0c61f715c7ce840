#include "app/rate_limiter.h"

#include <gtest/gtest.h>

namespace usulan::app {
namespace {

// A clock that moves only when the test moves it.
class StillClock final : public base::Clock {
 public:
  base::TimePoint Now() const override { return now_; }
  void Advance(std::chrono::microseconds by) { now_ += by; }

 private:
  base::TimePoint now_{std::chrono::seconds(1'700'000'000)};
};

TEST(RateLimiterTest, BurstThenOnePerIntervalPerKey) {
  StillClock clock;
  RateLimiter limiter(3, clock);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.TryAcquire("ani")) << i;
  EXPECT_FALSE(limiter.TryAcquire("ani"));
  EXPECT_FALSE(limiter.TryAcquire("ani"));  // a refused call takes nothing, gives nothing
  EXPECT_TRUE(limiter.TryAcquire("budi"));  // buckets are per key
  clock.Advance(std::chrono::seconds(19));  // 3 per minute: one token per 20 s
  EXPECT_FALSE(limiter.TryAcquire("ani"));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(limiter.TryAcquire("ani"));
  EXPECT_FALSE(limiter.TryAcquire("ani"));
  clock.Advance(std::chrono::hours(1));  // refills up to the burst, not beyond
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.TryAcquire("ani")) << i;
  EXPECT_FALSE(limiter.TryAcquire("ani"));
}

TEST(RateLimiterTest, KeepsAtMostMaxKeysAndDropsFullBucketsFirst) {
  StillClock clock;
  RateLimiter limiter(1, clock, /*max_keys=*/2);
  EXPECT_TRUE(limiter.TryAcquire("a"));
  EXPECT_TRUE(limiter.TryAcquire("b"));
  EXPECT_TRUE(limiter.TryAcquire("c"));  // room made by dropping the oldest ("a")
  EXPECT_FALSE(limiter.TryAcquire("c"));
  EXPECT_FALSE(limiter.TryAcquire("b"));  // "b" was kept: still limited
}

TEST(RateLimiterTest, BurstSmallerThanTheRateAndARetryHint) {
  StillClock clock;
  RateLimiter limiter(/*per_minute=*/6, clock, /*max_keys=*/10, /*burst=*/2);
  EXPECT_EQ(limiter.Acquire("ani"), std::nullopt);
  EXPECT_EQ(limiter.Acquire("ani"), std::nullopt);
  // Empty after the burst: the next token comes in 60/6 = 10 s.
  EXPECT_EQ(limiter.Acquire("ani"), std::chrono::milliseconds(10000));
  clock.Advance(std::chrono::milliseconds(2500));
  EXPECT_EQ(limiter.Acquire("ani"), std::chrono::milliseconds(7500));
  clock.Advance(std::chrono::milliseconds(7500));
  EXPECT_EQ(limiter.Acquire("ani"), std::nullopt);
  // A long pause refills up to the burst, not to the minute's rate.
  clock.Advance(std::chrono::hours(1));
  EXPECT_EQ(limiter.Acquire("ani"), std::nullopt);
  EXPECT_EQ(limiter.Acquire("ani"), std::nullopt);
  EXPECT_NE(limiter.Acquire("ani"), std::nullopt);
}

}  // namespace
}  // namespace usulan::app
