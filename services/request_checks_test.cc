#include "services/request_checks.h"

#include <gtest/gtest.h>

#include "app/idempotent.h"
#include "base/ids.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

TEST(RequestChecksTest, UuidsAreCanonical) {
  std::string id = base::NewUuid();
  EXPECT_TRUE(base::IsUuid(id));
  EXPECT_EQ(id[14], '4');
  EXPECT_NE(base::NewUuid(), id);
  EXPECT_FALSE(base::IsUuid("not-a-uuid"));
  EXPECT_FALSE(base::IsUuid("00000000-0000-4000-8000-00000000000g"));
  EXPECT_TRUE(absl::IsInvalidArgument(CheckId("proposal_id", "")));
}

TEST(RequestChecksTest, PageTokensRoundTripAndRejectForgeries) {
  storage::TimePoint time{std::chrono::microseconds(1'700'000'000'123'456)};
  std::string id = base::NewUuid();
  auto decoded = DecodePageToken(EncodePageToken(time, id));
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(decoded->has_value());
  EXPECT_EQ((*decoded)->first, time);
  EXPECT_EQ((*decoded)->second, id);
  EXPECT_FALSE(DecodePageToken("%%%").ok());
  auto empty = DecodePageToken("");
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->has_value());
}

TEST(RequestChecksTest, RegionPrefixStaysInsideTheCallersRegion) {
  EXPECT_EQ(*ResolveRegionPrefix("", "3201"), "3201");
  EXPECT_EQ(*ResolveRegionPrefix("3201012001", "3201"), "3201012001");
  EXPECT_TRUE(absl::IsPermissionDenied(ResolveRegionPrefix("3202", "3201").status()));
  EXPECT_TRUE(absl::IsPermissionDenied(ResolveRegionPrefix("32", "3201").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(ResolveRegionPrefix("320", "").status()));
}

TEST(RequestChecksTest, RequestIdsAreBoundedKeys) {
  EXPECT_TRUE(ValidateRequestId("musdes-3201012001:2026-11:7").ok());
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequestId("")));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequestId(std::string(129, 'a'))));
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequestId("has space")));
  // 16 digits in a row could be a NIK or KK number; 15 cannot.
  EXPECT_TRUE(absl::IsInvalidArgument(ValidateRequestId("create-3201011501900001")));
  EXPECT_TRUE(ValidateRequestId("create-320101150190000-1").ok());
}

TEST(RequestChecksTest, PageSizeDefaultsAndBounds) {
  EXPECT_EQ(*CheckPageSize(0), 50);
  EXPECT_EQ(*CheckPageSize(500), 500);
  EXPECT_FALSE(CheckPageSize(-1).ok());
  EXPECT_FALSE(CheckPageSize(501).ok());
  // A smaller bound (a citizen's own filings) keeps the default and names itself.
  EXPECT_EQ(*CheckPageSize(0, 50), 50);
  EXPECT_EQ(*CheckPageSize(50, 50), 50);
  EXPECT_EQ(CheckPageSize(51, 50).status().message(), "page_size must be between 1 and 50");
}

}  // namespace
}  // namespace usulan::services
