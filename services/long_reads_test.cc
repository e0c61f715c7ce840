#include "services/long_reads.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace usulan::services
