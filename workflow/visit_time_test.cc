// The time rules of a visit and of a meeting: pure functions of the given times.
#include <chrono>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/deliberation.h"
#include "workflow/verification.h"

namespace usulan::workflow {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using ::testing::HasSubstr;

// 2026-11-20T16:30:00Z: 23:30 in WIB, already 01:30 on the 21st in WIT.
const Micros kNow{std::chrono::sys_days{std::chrono::year{2026} / 11 / 20} + hours(16) +
                  minutes(30)};

TEST(VisitTimeTest, NeitherInTheFutureNorBeforeTheAssignmentBeyondTheClockSkew) {
  const Micros assigned = kNow - hours(48);
  struct Case {
    Micros visited;
    bool ok;
    const char* message;
  } cases[] = {
      {kNow, true, ""},
      {assigned, true, ""},
      {kNow + kVisitClockSkew, true, ""},
      {assigned - kVisitClockSkew, true, ""},
      {kNow + kVisitClockSkew + minutes(1), false, "visit_time lies in the future"},
      {assigned - kVisitClockSkew - minutes(1), false,
       "visit_time lies before the verifier was assigned (2026-11-18T16:30:00.000000Z)"},
  };
  for (const Case& c : cases) {
    absl::Status status = CheckVisitTime(c.visited, assigned, kNow);
    EXPECT_EQ(status.ok(), c.ok) << FormatRfc3339(c.visited);
    if (!c.ok) {
      EXPECT_TRUE(absl::IsInvalidArgument(status));
      EXPECT_EQ(status.message(), c.message);
    }
  }
}

TEST(MeetingDateTest, NotLaterThanTodayAnywhereInIndonesia) {
  EXPECT_TRUE(CheckMeetingDate("2026-11-20", kNow).ok());
  EXPECT_TRUE(CheckMeetingDate("2026-11-21", kNow).ok());  // today in Papua (WIT)
  absl::Status status = CheckMeetingDate("2026-11-22", kNow);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("meeting_date lies in the future (today is 2026-11-21"));
  EXPECT_TRUE(CheckMeetingDate("2025-01-01", kNow).ok());
}

}  // namespace
}  // namespace usulan::workflow
