// Unit tests of the lifecycle rules around the proposal machine: field
// verification visits (verification.h), monthly cycles and deadlines (cycle.h) and
// batches (batch.h). Expectations are written out from the headers' contracts,
// independently of the sources, and table-driven so every combination is named.
#include <algorithm>
#include <chrono>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/batch.h"
#include "workflow/cycle.h"
#include "workflow/machine.h"
#include "workflow/verification.h"
#include "workflow/test_world.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// The world every test acts in: desa 3201012001 in kabupaten 3201 in province 32.
constexpr char kDesa[] = "3201012001";
constexpr char kKabupaten[] = "3201";
constexpr char kOtherKabupaten[] = "3202";  // same province
constexpr char kForeignKabupaten[] = "3301";  // another province
constexpr char kProvince[] = "32";
constexpr char kOtherProvince[] = "33";

std::string Hash(char c) { return std::string(64, c); }
std::string Msg(const absl::Status& status) { return std::string(status.message()); }
std::string S(std::string_view view) { return std::string(view); }

// =====================================================================================
// verification.h
// =====================================================================================

constexpr VisitOutcome kAllOutcomes[] = {
    VisitOutcome::kCompleted, VisitOutcome::kHouseholdNotFound, VisitOutcome::kMoved,
    VisitOutcome::kPartOfOtherHousehold, VisitOutcome::kDuplicate};

// The audit-trail names, written out rather than taken from Name().
std::string ExpectedOutcomeName(VisitOutcome outcome) {
  switch (outcome) {
    case VisitOutcome::kCompleted:
      return "COMPLETED";
    case VisitOutcome::kHouseholdNotFound:
      return "HOUSEHOLD_NOT_FOUND";
    case VisitOutcome::kMoved:
      return "MOVED";
    case VisitOutcome::kPartOfOtherHousehold:
      return "PART_OF_OTHER_HOUSEHOLD";
    case VisitOutcome::kDuplicate:
      return "DUPLICATE";
  }
  return "?";
}

// Jakarta: inside Indonesia, and the swapped pair is not a WGS84 point at all.
constexpr GeoPoint kJakarta{-6.2, 106.8};

// A visit every rule lets through: completed, eligible, with evidence and location.
Visit GoodVisit() {
  Visit visit;
  visit.outcome = VisitOutcome::kCompleted;
  visit.eligible = true;
  visit.visit_time = "2026-11-22T03:04:05.000006Z";
  visit.evidence_sha256 = {Hash('a')};
  visit.location = kJakarta;
  visit.reason = "";
  return visit;
}

TEST(VisitRulesTest, OutcomeNamesAreTheAuditTrailNames) {
  std::set<std::string> seen;
  for (VisitOutcome outcome : kAllOutcomes) {
    EXPECT_EQ(Name(outcome), ExpectedOutcomeName(outcome));
    seen.insert(S(Name(outcome)));
  }
  EXPECT_EQ(seen.size(), std::size(kAllOutcomes));
}

// Every outcome x eligible x kind of reason: eligible only with a completed visit,
// and a reason for every visit but a completed visit of an eligible household.
TEST(VisitRulesTest, EveryOutcomeEligibleReasonCombination) {
  const std::vector<std::pair<std::string, bool>> reasons = {
      {"", false}, {"   ", false}, {"\t\n ", false}, {"rumah kosong sejak 2025", true}};
  int cases = 0;
  for (VisitOutcome outcome : kAllOutcomes) {
    for (bool eligible : {true, false}) {
      for (const auto& [reason, has_reason] : reasons) {
        ++cases;
        SCOPED_TRACE(ExpectedOutcomeName(outcome) + (eligible ? " eligible" : " not eligible") +
                     " reason=\"" + reason + "\"");
        Visit visit = GoodVisit();
        visit.outcome = outcome;
        visit.eligible = eligible;
        visit.reason = reason;
        const absl::Status status = CheckVisit(visit);
        const bool completed = outcome == VisitOutcome::kCompleted;
        if (eligible && !completed) {
          EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
          EXPECT_THAT(Msg(status), StartsWith("eligible"));
          EXPECT_THAT(Msg(status), HasSubstr(ExpectedOutcomeName(outcome)));
        } else if (!(completed && eligible) && !has_reason) {
          EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
          EXPECT_THAT(Msg(status), StartsWith("reason"));
        } else {
          EXPECT_TRUE(status.ok()) << status;
        }
      }
    }
  }
  EXPECT_EQ(cases, 5 * 2 * 4);
}

TEST(VisitRulesTest, EligibleVisitMayStillCarryAReason) {
  Visit visit = GoodVisit();
  visit.reason = "kondisi rumah tidak layak huni";
  EXPECT_TRUE(CheckVisit(visit).ok());
}

TEST(VisitRulesTest, EveryVisitNeedsEvidence) {
  for (VisitOutcome outcome : kAllOutcomes) {
    for (bool eligible : {true, false}) {
      if (eligible && outcome != VisitOutcome::kCompleted) continue;
      SCOPED_TRACE(ExpectedOutcomeName(outcome) + (eligible ? " eligible" : " not eligible"));
      Visit visit = GoodVisit();
      visit.outcome = outcome;
      visit.eligible = eligible;
      visit.reason = "alasan";
      visit.evidence_sha256.clear();
      const absl::Status status = CheckVisit(visit);
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
      EXPECT_THAT(Msg(status), StartsWith("evidence_sha256"));

      visit.evidence_sha256 = {Hash('b'), Hash('c')};
      EXPECT_TRUE(CheckVisit(visit).ok());
    }
  }
}

TEST(VisitRulesTest, LocationIsOptional) {
  Visit visit = GoodVisit();
  visit.location.reset();
  EXPECT_TRUE(CheckVisit(visit).ok());
}

struct LocationCase {
  std::string name;
  double latitude;
  double longitude;
  bool ok;
};

TEST(VisitRulesTest, LocationMustBeWgs84AndInsideIndonesia) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const std::vector<LocationCase> cases = {
      {"Jakarta", -6.2, 106.8, true},
      {"Sabang", 5.89, 95.32, true},
      {"Merauke", -8.5, 140.4, true},
      {"Miangas", 5.56, 126.58, true},
      {"Rote", -10.9, 122.9, true},
      {"south-west corner of the box", -12.0, 94.0, true},
      {"north-east corner of the box", 7.0, 142.0, true},
      {"equator in Kalimantan", 0.0, 114.0, true},
      // Outside Indonesia's box, though valid WGS84.
      {"south of the box", -12.000001, 110.0, false},
      {"north of the box", 7.000001, 110.0, false},
      {"west of the box", 0.0, 93.999999, false},
      {"east of the box", 0.0, 142.000001, false},
      {"null island (GPS default)", 0.0, 0.0, false},
      {"latitude sign lost", 6.2, -106.8, false},
      {"Kuala Lumpur (a box, not a border: accepted)", 3.14, 101.69, true},
      {"Sydney", -33.87, 151.21, false},
      {"WGS84 extreme corner", 90.0, 180.0, false},
      {"WGS84 extreme corner (negative)", -90.0, -180.0, false},
      // Swapped latitude and longitude: no Indonesian longitude is a latitude.
      {"Jakarta swapped", 106.8, -6.2, false},
      {"Sabang swapped", 95.32, 5.89, false},
      {"Merauke swapped", 140.4, -8.5, false},
      // Not WGS84 at all.
      {"latitude above 90", 90.000001, 106.8, false},
      {"latitude below -90", -90.000001, 106.8, false},
      {"longitude above 180", -6.2, 180.000001, false},
      {"longitude below -180", -6.2, -180.000001, false},
      {"NaN latitude", kNaN, 106.8, false},
      {"NaN longitude", -6.2, kNaN, false},
      {"infinite latitude", kInf, 106.8, false},
      {"infinite longitude", -6.2, -kInf, false},
  };
  for (const LocationCase& c : cases) {
    SCOPED_TRACE(c.name);
    Visit visit = GoodVisit();
    visit.location = GeoPoint{c.latitude, c.longitude};
    const absl::Status status = CheckVisit(visit);
    if (c.ok) {
      EXPECT_TRUE(status.ok()) << status;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
      EXPECT_THAT(Msg(status), StartsWith("location"));
    }
  }
}

TEST(VisitRulesTest, LocationOutsideIndonesiaSuggestsSwappedCoordinates) {
  Visit visit = GoodVisit();
  visit.location = GeoPoint{0.0, 0.0};
  EXPECT_THAT(Msg(CheckVisit(visit)), HasSubstr("swapped"));
}

TEST(VisitRulesTest, PayloadForEveryOutcomeAndEligibility) {
  for (VisitOutcome outcome : kAllOutcomes) {
    for (bool eligible : {true, false}) {
      SCOPED_TRACE(ExpectedOutcomeName(outcome) + (eligible ? " eligible" : " not eligible"));
      Visit visit = GoodVisit();
      visit.outcome = outcome;
      visit.eligible = eligible;
      visit.reason = "alasan kunjungan";
      visit.evidence_sha256 = {Hash('1'), Hash('2')};
      const Payload payload = VisitPayload(visit);
      ASSERT_TRUE(payload.verdict.has_value());
      EXPECT_EQ(*payload.verdict, outcome == VisitOutcome::kCompleted && eligible);
      EXPECT_EQ(payload.reason, "alasan kunjungan");
      EXPECT_EQ(payload.document_hashes, (std::vector<std::string>{Hash('1'), Hash('2')}));
      ASSERT_EQ(payload.attributes.count("outcome_code"), 1u);
      EXPECT_EQ(payload.attributes.at("outcome_code"), ExpectedOutcomeName(outcome));
      ASSERT_EQ(payload.attributes.count("visit_time"), 1u);
      EXPECT_EQ(payload.attributes.at("visit_time"), "2026-11-22T03:04:05.000006Z");
      ASSERT_EQ(payload.attributes.count("location"), 1u);
      EXPECT_EQ(payload.attributes.at("location"), "-6.200000,106.800000");
    }
  }
}

TEST(VisitRulesTest, PayloadHasNoLocationWhenNoneGiven) {
  Visit visit = GoodVisit();
  visit.location.reset();
  const Payload payload = VisitPayload(visit);
  EXPECT_EQ(payload.attributes.count("location"), 0u);
  EXPECT_EQ(payload.attributes.at("outcome_code"), "COMPLETED");
  EXPECT_EQ(payload.verdict, std::optional<bool>(true));
}

TEST(VisitRulesTest, PayloadLocationIsLatitudeThenLongitude) {
  Visit visit = GoodVisit();
  visit.location = GeoPoint{5.89, 95.32};
  EXPECT_EQ(VisitPayload(visit).attributes.at("location"), "5.890000,95.320000");
  visit.location = GeoPoint{-8.5, 140.4};
  EXPECT_EQ(VisitPayload(visit).attributes.at("location"), "-8.500000,140.400000");
}

// The payload of a visit CheckVisit accepts is what the machine needs for
// record_visit: the assigned verifier moves IN_VERIFICATION to VERIFIED or
// NOT_ELIGIBLE.
TEST(VisitRulesTest, PayloadDrivesRecordVisitInTheMachine) {
  for (const std::string& verifier_region : {std::string(kKabupaten), std::string(kDesa)}) {
    for (VisitOutcome outcome : kAllOutcomes) {
      for (bool eligible : {true, false}) {
        if (eligible && outcome != VisitOutcome::kCompleted) continue;
        for (bool with_location : {true, false}) {
          SCOPED_TRACE(ExpectedOutcomeName(outcome) + (eligible ? " eligible" : " not eligible") +
                       (with_location ? " located" : "") + " verifier of " + verifier_region);
          Visit visit = GoodVisit();
          visit.outcome = outcome;
          visit.eligible = eligible;
          if (!(outcome == VisitOutcome::kCompleted && eligible)) visit.reason = "tidak layak";
          if (!with_location) visit.location.reset();
          ASSERT_TRUE(CheckVisit(visit).ok());

          TransitionRequest request;
          request.proposal.state = State::kInVerification;
          request.proposal.version = 4;
          request.proposal.desa_code = kDesa;
          request.proposal.assigned_verifier = "verifier-1";
          request.proposal.last_approver = "kades-1";
          request.event = Event::kRecordVisit;
          request.actor = Actor{"verifier-1", Role::kVerifier, verifier_region};
          request.payload = VisitPayload(visit);
          const absl::StatusOr<Decision> decision = Decide(request);
          ASSERT_TRUE(decision.ok()) << decision.status();
          const State expected = outcome == VisitOutcome::kCompleted && eligible
                                     ? State::kVerified
                                     : State::kNotEligible;
          EXPECT_EQ(decision->next_state, expected);
          EXPECT_EQ(decision->next_version, 5);
          EXPECT_EQ(decision->last_approver, "verifier-1");
          EXPECT_EQ(decision->audit.event, "record_visit");
          EXPECT_EQ(decision->audit.attributes.at("outcome_code"), ExpectedOutcomeName(outcome));
          EXPECT_EQ(decision->audit.evidence_hashes, visit.evidence_sha256);

          // Another verifier's token gets nowhere with the same payload.
          request.actor.subject = "verifier-2";
          EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kNotAssignedVerifier);
        }
      }
    }
  }
}

// =====================================================================================
// cycle.h
// =====================================================================================

// A UTC moment.
Micros At(int y, unsigned m, unsigned d, int h = 0, int mi = 0, int s = 0, int us = 0) {
  return Micros{std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} /
                                      std::chrono::day{d}}} +
         std::chrono::hours{h} + std::chrono::minutes{mi} + std::chrono::seconds{s} +
         std::chrono::microseconds{us};
}

const CyclePolicy kPolicy{};  // cut-off day 20

TEST(CycleRulesTest, DefaultPolicyCutsOffOnThe20th) {
  EXPECT_EQ(CyclePolicy{}.cutoff_day, 20);
}

TEST(CycleRulesTest, ValidateCyclePolicy) {
  for (int day : {1, 2, 15, 20, 27, 28}) {
    SCOPED_TRACE(day);
    EXPECT_TRUE(ValidateCyclePolicy(CyclePolicy{day}).ok());
  }
  for (int day : {0, -1, 29, 30, 31, 100, std::numeric_limits<int>::min()}) {
    SCOPED_TRACE(day);
    const absl::Status status = ValidateCyclePolicy(CyclePolicy{day});
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(Msg(status), StartsWith("cutoff_day"));
  }
}

TEST(CycleRulesTest, RefusesTheCutoffDaysNotEveryMonthHas) {
  // Exhaustive over a plausible range: exactly 1..28 are accepted.
  for (int day = -5; day <= 40; ++day) {
    SCOPED_TRACE(day);
    EXPECT_EQ(ValidateCyclePolicy(CyclePolicy{day}).ok(), day >= 1 && day <= 28);
  }
}

struct CycleOfCase {
  Micros at;
  std::string cycle;
  std::string why;
};

TEST(CycleRulesTest, CycleOfFollowsWibMonthBoundaries) {
  const std::vector<CycleOfCase> cases = {
      {At(2026, 10, 31, 17, 0, 0), "2026-11", "00:00 WIB on 1 November"},
      {At(2026, 10, 31, 16, 59, 59, 999999), "2026-10", "23:59:59.999999 WIB on 31 October"},
      {At(2026, 11, 1, 0, 0, 0), "2026-11", "07:00 WIB on 1 November"},
      {At(2026, 11, 15, 12, 0, 0), "2026-11", "mid month"},
      {At(2026, 11, 30, 16, 59, 59, 999999), "2026-11", "last microsecond of November WIB"},
      {At(2026, 11, 30, 17, 0, 0), "2026-12", "first moment of December WIB"},
      {At(2026, 12, 31, 16, 59, 59, 999999), "2026-12", "last microsecond of 2026 WIB"},
      {At(2026, 12, 31, 17, 0, 0), "2027-01", "new year in WIB, still 2026 in UTC"},
      {At(2027, 1, 1, 0, 0, 0), "2027-01", "new year in UTC"},
      {At(2028, 2, 28, 17, 0, 0), "2028-02", "29 February 2028 WIB (leap year)"},
      {At(2028, 2, 29, 17, 0, 0), "2028-03", "1 March 2028 WIB"},
      {At(2027, 2, 28, 17, 0, 0), "2027-03", "1 March 2027 WIB (no leap day)"},
      {At(2026, 1, 31, 23, 0, 0), "2026-02", "06:00 WIB on 1 February"},
      {At(1970, 1, 1), "1970-01", "the epoch"},
      {At(1969, 12, 31, 17, 0, 0), "1970-01", "before the epoch, already 1970 in WIB"},
      {At(1969, 12, 31, 16, 59, 59, 999999), "1969-12", "before the epoch, still 1969"},
  };
  for (const CycleOfCase& c : cases) {
    SCOPED_TRACE(c.why);
    EXPECT_EQ(CycleOf(c.at), c.cycle);
  }
}

TEST(CycleRulesTest, ValidateCycleIdAcceptsYearMonth) {
  for (const char* id : {"2026-01", "2026-11", "2026-12", "2027-01", "0001-01", "9999-12",
                         "2028-02"}) {
    SCOPED_TRACE(id);
    EXPECT_TRUE(ValidateCycleId(id, "cycle_id").ok());
  }
}

TEST(CycleRulesTest, ValidateCycleIdRefusesEverythingElse) {
  for (const char* id :
       {"", "2026", "2026-", "2026-1", "2026-001", "2026-13", "2026-00", "2026-99", "2026/11",
        "2026_11", "26-11", "202611", "2026-11-01", "2026-11 ", " 2026-11", "abcd-11", "2026-1a",
        "2026-+1", "-026-11", "+026-11", "2026--1", "2026-ab", "2026-11\n", "２０２６-11"}) {
    SCOPED_TRACE(std::string("\"") + id + "\"");
    const absl::Status status = ValidateCycleId(id, "filter.cycle_id");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(Msg(status), StartsWith("filter.cycle_id"));
  }
}

TEST(CycleRulesTest, NextCycle) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"2026-01", "2026-02"}, {"2026-09", "2026-10"}, {"2026-10", "2026-11"},
      {"2026-11", "2026-12"}, {"2026-12", "2027-01"}, {"1999-12", "2000-01"},
      {"2028-02", "2028-03"}, {"0001-01", "0001-02"},
  };
  for (const auto& [cycle, next] : cases) {
    SCOPED_TRACE(cycle);
    EXPECT_EQ(NextCycle(cycle), next);
    EXPECT_TRUE(ValidateCycleId(NextCycle(cycle), "next").ok());
  }
}

TEST(CycleRulesTest, CycleOfAndNextCycleAgreeOverYears) {
  // Walking day by day through two years, the cycle only ever stays or advances by
  // one month, and it advances exactly at 00:00 WIB on the 1st.
  Micros at = At(2026, 1, 1, 5);
  std::string cycle = CycleOf(at);
  int changes = 0;
  for (int i = 0; i < 2 * 366; ++i) {
    const Micros next_at = at + std::chrono::days{1};
    const std::string next_cycle = CycleOf(next_at);
    if (next_cycle != cycle) {
      ++changes;
      EXPECT_EQ(next_cycle, NextCycle(cycle));
      // 05:00 UTC is 12:00 WIB: the change happened on the 1st.
      EXPECT_EQ(FormatRfc3339(next_at).substr(8, 2), "01") << FormatRfc3339(next_at);
    }
    at = next_at;
    cycle = next_cycle;
  }
  EXPECT_EQ(changes, 24);
}

struct CutoffCase {
  std::string cycle;
  int cutoff_day;
  std::string expected;
};

TEST(CycleRulesTest, CutoffIsTheEndOfTheCutoffDayInWib) {
  const std::vector<CutoffCase> cases = {
      {"2026-11", 20, "2026-11-20T17:00:00.000000Z"},
      {"2026-10", 20, "2026-10-20T17:00:00.000000Z"},
      {"2026-12", 20, "2026-12-20T17:00:00.000000Z"},
      {"2026-01", 1, "2026-01-01T17:00:00.000000Z"},
      {"2026-02", 28, "2026-02-28T17:00:00.000000Z"},
      {"2028-02", 28, "2028-02-28T17:00:00.000000Z"},
      {"2026-11", 28, "2026-11-28T17:00:00.000000Z"},
      {"2027-03", 15, "2027-03-15T17:00:00.000000Z"},
  };
  for (const CutoffCase& c : cases) {
    SCOPED_TRACE(c.cycle + " day " + std::to_string(c.cutoff_day));
    const Micros cutoff = CutoffOf(c.cycle, CyclePolicy{c.cutoff_day});
    EXPECT_EQ(FormatRfc3339(cutoff), c.expected);
    // The cut-off day itself belongs to the cycle; the cut-off is the next day's
    // 00:00 WIB, which for day 28 of a 28-day February is already March.
    EXPECT_EQ(CycleOf(cutoff - std::chrono::microseconds{1}), c.cycle);
    if (c.cycle != "2026-02") {
      EXPECT_EQ(CycleOf(cutoff), c.cycle);
    }
  }
  EXPECT_EQ(CutoffOf("2026-11", kPolicy), At(2026, 11, 20, 17));
}

// --- DueCycleStep ---

struct DueCase {
  std::string name;
  State state;
  Micros state_since;
  std::string deferred_to;
  Micros now;
  int cutoff_day;
  std::optional<Event> event;  // nullopt: nothing due
  std::string cycle_id;
};

// November 2026 with cut-off day 20: the cut-off is 2026-11-20T17:00:00Z.
const Micros kNovCutoff = At(2026, 11, 20, 17);
constexpr std::chrono::microseconds kOneMicro{1};

std::vector<DueCase> DueCases() {
  const Micros nov_5 = At(2026, 11, 5, 3);
  const Micros nov_25 = At(2026, 11, 25, 3);
  const Micros oct_10 = At(2026, 10, 10, 3);
  const Micros oct_25 = At(2026, 10, 25, 3);
  const State VF = State::kVillageFinal;
  const State D = State::kDeferred;
  const auto open = Event::kOpenReview;
  const auto miss = Event::kMissCutoff;
  return {
      // VILLAGE_FINAL before the cut-off: nothing (Dinsos may open the review).
      {"final, now well before cut-off", VF, nov_5, "", At(2026, 11, 10), 20, std::nullopt, ""},
      {"final, now 1us before cut-off", VF, nov_5, "", kNovCutoff - kOneMicro, 20, std::nullopt,
       ""},
      // VILLAGE_FINAL at/after the cut-off, released before it: open in this cycle.
      {"final, now exactly at cut-off", VF, nov_5, "", kNovCutoff, 20, open, "2026-11"},
      {"final, released 1us before cut-off", VF, kNovCutoff - kOneMicro, "", nov_25, 20, open,
       "2026-11"},
      {"final since last month before its cut-off", VF, oct_10, "", nov_25, 20, open, "2026-11"},
      {"final since last month after its cut-off", VF, oct_25, "", nov_25, 20, open, "2026-11"},
      {"final, last microsecond of November WIB", VF, nov_5, "",
       At(2026, 11, 30, 16, 59, 59, 999999), 20, open, "2026-11"},
      // Released at or after the cut-off: deferred to the next cycle.
      {"final, released exactly at cut-off", VF, kNovCutoff, "", nov_25, 20, miss, "2026-12"},
      {"final, released after cut-off", VF, At(2026, 11, 22), "", nov_25, 20, miss, "2026-12"},
      {"final, released and checked at the same moment", VF, nov_25, "", nov_25, 20, miss,
       "2026-12"},
      {"final, December after cut-off", VF, At(2026, 12, 22), "", At(2026, 12, 23), 20, miss,
       "2027-01"},
      {"final, December before cut-off release", VF, At(2026, 12, 2), "", At(2026, 12, 23), 20,
       open, "2026-12"},
      // Released after November's cut-off, still in November: deferred to December
      // even when the job first sees it in December.
      {"final, first moment of December WIB", VF, At(2026, 11, 22), "", At(2026, 11, 30, 17),
       20, miss, "2026-12"},
      // Released in December before its cut-off: waits for it.
      {"final, released in December, seen before its cut-off", VF, At(2026, 12, 2), "",
       At(2026, 12, 5), 20, std::nullopt, ""},
      // Other cut-off days.
      {"cut-off day 1, released 00:30 WIB on the 1st", VF, At(2026, 10, 31, 17, 30), "",
       At(2026, 11, 1, 18), 1, open, "2026-11"},
      {"cut-off day 1, released 00:30 WIB on the 2nd", VF, At(2026, 11, 1, 17, 30), "",
       At(2026, 11, 1, 18), 1, miss, "2026-12"},
      {"cut-off day 1, before it", VF, At(2026, 10, 31, 17, 30), "", At(2026, 11, 1, 16), 1,
       std::nullopt, ""},
      {"cut-off day 28 in leap February", VF, At(2028, 2, 10), "", At(2028, 2, 28, 17), 28,
       open, "2028-02"},
      {"cut-off day 28 in March", VF, At(2027, 3, 10), "", At(2027, 3, 28, 17), 28, open,
       "2027-03"},
      {"cut-off day 28, last day of February WIB before it", VF, At(2027, 2, 10), "",
       At(2027, 2, 28, 16, 59, 59, 999999), 28, std::nullopt, ""},
      // DEFERRED: reopened once the cycle it was deferred to has begun.
      {"deferred to next cycle", D, At(2026, 11, 22), "2026-12", nov_25, 20, std::nullopt, ""},
      {"deferred to next year", D, At(2026, 11, 22), "2027-01", nov_25, 20, std::nullopt, ""},
      {"deferred to far future", D, At(2026, 11, 22), "2030-01", nov_25, 20, std::nullopt, ""},
      {"deferred to the current cycle", D, oct_25, "2026-11", nov_5, 20, open, "2026-11"},
      {"deferred to the current cycle, after cut-off", D, oct_25, "2026-11", nov_25, 20, open,
       "2026-11"},
      {"deferred to a past cycle", D, At(2026, 9, 25), "2026-10", nov_5, 20, open, "2026-11"},
      {"deferred to last year", D, At(2025, 11, 25), "2025-12", nov_5, 20, open, "2026-11"},
      {"deferred to December, 1us before December WIB", D, At(2026, 11, 22), "2026-12",
       At(2026, 11, 30, 16, 59, 59, 999999), 20, std::nullopt, ""},
      {"deferred to December, first moment of December WIB", D, At(2026, 11, 22), "2026-12",
       At(2026, 11, 30, 17), 20, open, "2026-12"},
      {"deferred to January, new year WIB", D, At(2026, 12, 22), "2027-01",
       At(2026, 12, 31, 17), 20, open, "2027-01"},
      // An unreadable deferral is reopened now rather than left deferred forever.
      {"deferred to garbage", D, oct_25, "garbage", nov_5, 20, open, "2026-11"},
      {"deferred to nothing", D, oct_25, "", nov_5, 20, open, "2026-11"},
      {"deferred to month 13", D, oct_25, "2026-13", nov_5, 20, open, "2026-11"},
      {"deferred to a date", D, oct_25, "2026-12-01", nov_5, 20, open, "2026-11"},
      {"deferred to 9999-12 (unreachable but valid)", D, oct_25, "9999-12", nov_5, 20,
       std::nullopt, ""},
  };
}

TEST(CycleRulesTest, DueCycleStepTable) {
  for (const DueCase& c : DueCases()) {
    SCOPED_TRACE(c.name + " (now " + FormatRfc3339(c.now) + ", since " +
                 FormatRfc3339(c.state_since) + ", deferred to \"" + c.deferred_to + "\")");
    const std::optional<CycleStep> step =
        DueCycleStep(c.state, c.state_since, c.deferred_to, c.now, CyclePolicy{c.cutoff_day});
    if (!c.event.has_value()) {
      EXPECT_FALSE(step.has_value()) << Name(step->event) << " " << step->cycle_id;
      continue;
    }
    ASSERT_TRUE(step.has_value());
    EXPECT_EQ(step->event, *c.event) << Name(step->event);
    EXPECT_EQ(step->cycle_id, c.cycle_id);
  }
}

TEST(CycleRulesTest, DueCycleStepIgnoresEveryOtherState) {
  const std::vector<Micros> nows = {At(2026, 11, 5), kNovCutoff, At(2026, 11, 25),
                                    At(2026, 11, 30, 17)};
  for (State state : kAllStates) {
    if (state == State::kVillageFinal || state == State::kDeferred) continue;
    for (const Micros now : nows) {
      for (const char* deferred_to : {"", "2026-10", "2026-11", "garbage"}) {
        SCOPED_TRACE(S(Name(state)) + " now " + FormatRfc3339(now) + " deferred_to " +
                     deferred_to);
        EXPECT_FALSE(
            DueCycleStep(state, At(2026, 10, 1), deferred_to, now, kPolicy).has_value());
      }
    }
  }
}

// Cut-off day 28 is allowed "so every month has it", and a 28-day February has it
// too: its cut-off (2027-03-01 00:00 WIB) coincides with the start of March. A
// proposal released on 10 February is due for review in the February cycle once
// that cut-off has passed, not only after March's cut-off a month later.
TEST(CycleRulesTest, CutoffOnTheLastDayOfFebruaryStillTriggers) {
  const CyclePolicy day28{28};
  const Micros released = At(2027, 2, 10);
  const Micros cutoff = CutoffOf("2027-02", day28);
  ASSERT_EQ(FormatRfc3339(cutoff), "2027-02-28T17:00:00.000000Z");
  for (const Micros now : {cutoff, cutoff + std::chrono::hours{12}}) {
    SCOPED_TRACE(FormatRfc3339(now));
    const std::optional<CycleStep> step =
        DueCycleStep(State::kVillageFinal, released, "", now, day28);
    ASSERT_TRUE(step.has_value()) << "February's cut-off has passed but nothing is due";
    EXPECT_EQ(step->event, Event::kOpenReview);
    EXPECT_EQ(step->cycle_id, "2027-02");
  }
}

// Every step the job computes is one the machine lets the system actor take.
TEST(CycleRulesTest, DueStepsAreAcceptedByTheMachine) {
  for (const DueCase& c : DueCases()) {
    if (!c.event.has_value()) continue;
    SCOPED_TRACE(c.name);
    const std::optional<CycleStep> step =
        DueCycleStep(c.state, c.state_since, c.deferred_to, c.now, CyclePolicy{c.cutoff_day});
    ASSERT_TRUE(step.has_value());
    EXPECT_TRUE(ValidateCycleId(step->cycle_id, "cycle_id").ok());
    TransitionRequest request;
    request.proposal.state = c.state;
    request.proposal.version = 9;
    request.proposal.desa_code = kDesa;
    request.proposal.cycle_id = c.deferred_to;
    request.event = step->event;
    request.actor = Actor{"cycle-job", Role::kSystem, ""};
    request.payload.attributes["cycle_id"] = step->cycle_id;
    const absl::StatusOr<Decision> decision = Decide(request);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(decision->next_state,
              step->event == Event::kOpenReview ? State::kDistrictReview : State::kDeferred);
    EXPECT_EQ(decision->cycle_id, step->cycle_id);
  }
}

// A proposal released after the cut-off is deferred, then reopened once the next
// cycle begins: never dropped.
TEST(CycleRulesTest, LateReleaseIsDeferredAndThenReopened) {
  const Micros released = At(2026, 11, 22, 2);
  const std::optional<CycleStep> miss =
      DueCycleStep(State::kVillageFinal, released, "", At(2026, 11, 22, 3), kPolicy);
  ASSERT_TRUE(miss.has_value());
  ASSERT_EQ(miss->event, Event::kMissCutoff);
  ASSERT_EQ(miss->cycle_id, "2026-12");
  const Micros deferred_at = At(2026, 11, 22, 3);
  EXPECT_FALSE(
      DueCycleStep(State::kDeferred, deferred_at, miss->cycle_id, At(2026, 11, 29), kPolicy)
          .has_value());
  const std::optional<CycleStep> open = DueCycleStep(State::kDeferred, deferred_at,
                                                     miss->cycle_id, At(2026, 12, 1), kPolicy);
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->event, Event::kOpenReview);
  EXPECT_EQ(open->cycle_id, "2026-12");
}

TEST(CycleRulesTest, ObjectionDeadlineIsFourteenDaysLater) {
  EXPECT_EQ(kObjectionDeadline, std::chrono::days{14});
  const std::vector<std::pair<Micros, std::string>> cases = {
      {At(2026, 11, 22, 3, 4, 5, 6), "2026-12-06T03:04:05.000006Z"},
      {At(2026, 12, 25, 23, 59, 59, 999999), "2027-01-08T23:59:59.999999Z"},
      {At(2028, 2, 20), "2028-03-05T00:00:00.000000Z"},  // leap year
      {At(2027, 2, 20), "2027-03-06T00:00:00.000000Z"},
  };
  for (const auto& [filed, expected] : cases) {
    SCOPED_TRACE(FormatRfc3339(filed));
    EXPECT_EQ(FormatRfc3339(ObjectionDeadline(filed)), expected);
    EXPECT_EQ(ObjectionDeadline(filed) - filed, std::chrono::hours{14 * 24});
  }
}

TEST(CycleRulesTest, FormatRfc3339ExactStrings) {
  const std::vector<std::pair<Micros, std::string>> cases = {
      {At(2026, 11, 22, 3, 4, 5, 6), "2026-11-22T03:04:05.000006Z"},
      {At(2026, 11, 22, 3, 4, 5, 0), "2026-11-22T03:04:05.000000Z"},
      {At(2026, 11, 22, 3, 4, 5, 123456), "2026-11-22T03:04:05.123456Z"},
      {At(2026, 11, 22, 3, 4, 5, 100000), "2026-11-22T03:04:05.100000Z"},
      {At(2026, 10, 31, 16, 59, 59, 999999), "2026-10-31T16:59:59.999999Z"},
      {At(2026, 10, 31, 17), "2026-10-31T17:00:00.000000Z"},
      {At(2026, 12, 31, 23, 59, 59, 999999), "2026-12-31T23:59:59.999999Z"},
      {At(2028, 2, 29, 12), "2028-02-29T12:00:00.000000Z"},
      {At(1970, 1, 1), "1970-01-01T00:00:00.000000Z"},
      {Micros{} - kOneMicro, "1969-12-31T23:59:59.999999Z"},
      {At(2000, 1, 1, 0, 0, 0, 1), "2000-01-01T00:00:00.000001Z"},
      {At(9999, 12, 31, 23, 59, 59, 999999), "9999-12-31T23:59:59.999999Z"},
  };
  for (const auto& [at, expected] : cases) {
    SCOPED_TRACE(expected);
    EXPECT_EQ(FormatRfc3339(at), expected);
  }
}

// =====================================================================================
// batch.h
// =====================================================================================

constexpr BatchStatus kAllBatchStatuses[] = {BatchStatus::kSealed,    BatchStatus::kRatified,
                                             BatchStatus::kSubmitted, BatchStatus::kForwarded,
                                             BatchStatus::kDecided,   BatchStatus::kReturned};
constexpr BatchAction kAllBatchActions[] = {BatchAction::kRatify, BatchAction::kSubmit,
                                            BatchAction::kForward, BatchAction::kReturn,
                                            BatchAction::kDecide};

std::string ExpectedStatusName(BatchStatus status) {
  switch (status) {
    case BatchStatus::kSealed:
      return "SEALED";
    case BatchStatus::kRatified:
      return "RATIFIED";
    case BatchStatus::kSubmitted:
      return "SUBMITTED";
    case BatchStatus::kForwarded:
      return "FORWARDED";
    case BatchStatus::kDecided:
      return "DECIDED";
    case BatchStatus::kReturned:
      return "RETURNED";
  }
  return "?";
}

std::string ExpectedActionName(BatchAction action) {
  switch (action) {
    case BatchAction::kRatify:
      return "ratify";
    case BatchAction::kSubmit:
      return "submit";
    case BatchAction::kForward:
      return "forward";
    case BatchAction::kReturn:
      return "return";
    case BatchAction::kDecide:
      return "decide";
  }
  return "?";
}

// The batch lifecycle, written out from DESIGN.md independently of batch.cc.
struct ExpectedBatchStep {
  BatchAction action;
  BatchStatus from;
  BatchStatus to;
  Event member_event;
  Role role;
  State member_state;  // the state of the batch's open members before the step
};

const std::vector<ExpectedBatchStep>& ExpectedBatchSteps() {
  using B = BatchStatus;
  static const auto* const kSteps = new std::vector<ExpectedBatchStep>{
      {BatchAction::kRatify, B::kSealed, B::kRatified, Event::kRatify, Role::kRegent,
       State::kDistrictApproved},
      {BatchAction::kSubmit, B::kRatified, B::kSubmitted, Event::kSubmitToProvince,
       Role::kDistrictOfficer, State::kRatified},
      {BatchAction::kForward, B::kSubmitted, B::kForwarded, Event::kForward,
       Role::kProvinceOfficer, State::kProvinceReview},
      {BatchAction::kReturn, B::kSubmitted, B::kReturned, Event::kReturn, Role::kProvinceOfficer,
       State::kProvinceReview},
      {BatchAction::kDecide, B::kForwarded, B::kDecided, Event::kDecide, Role::kCentralReviewer,
       State::kCentralReview},
  };
  return *kSteps;
}

const ExpectedBatchStep* ExpectedStepFor(BatchAction action) {
  for (const ExpectedBatchStep& step : ExpectedBatchSteps()) {
    if (step.action == action) return &step;
  }
  return nullptr;
}

// Each role at the region of its office in the test world.
std::string BatchRegionFor(Role role) { return test_world::RegionFor(role); }

Actor BatchActor(Role role, std::optional<std::string> region = std::nullopt) {
  return Actor{"user-" + S(Name(role)), role, region.value_or(BatchRegionFor(role))};
}

TEST(BatchRulesTest, StatusNamesRoundTrip) {
  std::set<std::string> seen;
  for (BatchStatus status : kAllBatchStatuses) {
    EXPECT_EQ(Name(status), ExpectedStatusName(status));
    EXPECT_EQ(ParseBatchStatus(Name(status)), status);
    seen.insert(S(Name(status)));
  }
  EXPECT_EQ(seen.size(), std::size(kAllBatchStatuses));
  for (const char* bad : {"", "sealed", "Sealed", "SEALED ", " SEALED", "UNKNOWN", "OPEN",
                          "SUBMITTED\n", "RETURN"}) {
    SCOPED_TRACE(std::string("\"") + bad + "\"");
    EXPECT_FALSE(ParseBatchStatus(bad).has_value());
  }
}

TEST(BatchRulesTest, ActionNames) {
  for (BatchAction action : kAllBatchActions) {
    EXPECT_EQ(Name(action), ExpectedActionName(action));
  }
}

TEST(BatchRulesTest, BatchStepsMatchTheLifecycle) {
  const std::vector<BatchStep>& steps = BatchSteps();
  ASSERT_EQ(steps.size(), ExpectedBatchSteps().size());
  for (const ExpectedBatchStep& expected : ExpectedBatchSteps()) {
    SCOPED_TRACE(ExpectedActionName(expected.action));
    int found = 0;
    for (const BatchStep& step : steps) {
      if (step.from == expected.from && step.member_event == expected.member_event) {
        ++found;
        EXPECT_EQ(step.to, expected.to);
        EXPECT_EQ(step.role, expected.role);
      }
    }
    EXPECT_EQ(found, 1);
  }
}

// Every member event a batch step applies is one the machine allows the same role
// from the state the batch's members are in.
TEST(BatchRulesTest, BatchStepsAgreeWithTheProposalMachine) {
  for (const ExpectedBatchStep& expected : ExpectedBatchSteps()) {
    SCOPED_TRACE(ExpectedActionName(expected.action));
    bool allowed = false;
    for (const TransitionRule& rule : TransitionTable()) {
      if (rule.from == expected.member_state && rule.event == expected.member_event &&
          std::find(rule.roles.begin(), rule.roles.end(), expected.role) != rule.roles.end()) {
        allowed = true;
      }
    }
    EXPECT_TRUE(allowed);
  }
}

// Every (role, action, status) with each role at its own office's region.
TEST(BatchRulesTest, DecideBatchStepForEveryRoleActionStatus) {
  int cases = 0;
  int allowed = 0;
  for (Role role : kAllRoles) {
    for (BatchAction action : kAllBatchActions) {
      for (BatchStatus status : kAllBatchStatuses) {
        ++cases;
        SCOPED_TRACE(S(Name(role)) + " / " + ExpectedActionName(action) + " / " +
                     ExpectedStatusName(status));
        const absl::StatusOr<BatchStep> step =
            DecideBatchStep(BatchActor(role), action, status, kKabupaten);
        const ExpectedBatchStep* expected = ExpectedStepFor(action);
        ASSERT_NE(expected, nullptr);
        if (expected->role != role) {
          EXPECT_EQ(step.status().code(), absl::StatusCode::kPermissionDenied) << step.status();
          EXPECT_EQ(RefusalOf(step.status()), Refusal::kRoleNotAllowed) << step.status();
          EXPECT_THAT(Msg(step.status()), HasSubstr(S(Name(role))));
          EXPECT_THAT(Msg(step.status()), HasSubstr(ExpectedActionName(action)));
        } else if (expected->from != status) {
          EXPECT_EQ(step.status().code(), absl::StatusCode::kFailedPrecondition) << step.status();
          EXPECT_EQ(RefusalOf(step.status()), Refusal::kEventNotAllowedInState) << step.status();
          EXPECT_THAT(Msg(step.status()), HasSubstr(ExpectedStatusName(status)));
          EXPECT_THAT(Msg(step.status()), HasSubstr(ExpectedActionName(action)));
        } else {
          ++allowed;
          ASSERT_TRUE(step.ok()) << step.status();
          EXPECT_EQ(step->from, expected->from);
          EXPECT_EQ(step->to, expected->to);
          EXPECT_EQ(step->member_event, expected->member_event);
          EXPECT_EQ(step->role, expected->role);
        }
      }
    }
  }
  EXPECT_EQ(cases, 10 * 5 * 6);  // 10 roles, 5 actions, 6 batch statuses
  EXPECT_EQ(allowed, 5);
}

// Whoever acts on a batch must work at the right level and cover its kabupaten;
// scope is checked before the batch's status so that outsiders learn nothing.
struct BatchScopeCase {
  std::string name;
  Role role;
  std::string region;
  std::string kabupaten;
  std::optional<Refusal> refusal;  // nullopt: allowed
};

std::vector<BatchScopeCase> BatchScopeCases() {
  const auto out = Refusal::kOutOfRegion;
  const auto level = Refusal::kRoleScopeMismatch;
  return {
      {"regent of the kabupaten", Role::kRegent, kKabupaten, kKabupaten, std::nullopt},
      {"regent of another kabupaten", Role::kRegent, kOtherKabupaten, kKabupaten, out},
      {"regent of a kabupaten in another province", Role::kRegent, kForeignKabupaten,
       kKabupaten, out},
      {"regent with a province region", Role::kRegent, kProvince, kKabupaten, level},
      {"regent with a desa region", Role::kRegent, kDesa, kKabupaten, level},
      {"regent with the national region", Role::kRegent, "", kKabupaten, level},
      {"regent with a malformed region", Role::kRegent, "32x1", kKabupaten, level},
      {"dinsos of the kabupaten", Role::kDistrictOfficer, kKabupaten, kKabupaten, std::nullopt},
      {"dinsos of another kabupaten", Role::kDistrictOfficer, kOtherKabupaten, kKabupaten, out},
      {"dinsos with a kecamatan region", Role::kDistrictOfficer, "320101", kKabupaten, level},
      {"dinsos with a province region", Role::kDistrictOfficer, kProvince, kKabupaten, level},
      {"province of the kabupaten", Role::kProvinceOfficer, kProvince, kKabupaten, std::nullopt},
      {"another province", Role::kProvinceOfficer, kOtherProvince, kKabupaten, out},
      {"province officer with a kabupaten region", Role::kProvinceOfficer, kKabupaten,
       kKabupaten, level},
      {"province officer with the national region", Role::kProvinceOfficer, "", kKabupaten,
       level},
      {"pusdatin", Role::kCentralReviewer, "", kKabupaten, std::nullopt},
      {"pusdatin, kabupaten in another province", Role::kCentralReviewer, "", kForeignKabupaten,
       std::nullopt},
      {"pusdatin with a province region", Role::kCentralReviewer, kProvince, kKabupaten, level},
      {"pusdatin with a kabupaten region", Role::kCentralReviewer, kKabupaten, kKabupaten, level},
      // A batch belongs to a kabupaten: anything else is covered by nobody.
      {"pusdatin, batch of a province code", Role::kCentralReviewer, "", kProvince, out},
      {"pusdatin, batch of a desa code", Role::kCentralReviewer, "", kDesa, out},
      {"pusdatin, batch of no code", Role::kCentralReviewer, "", "", out},
      {"pusdatin, batch of a malformed code", Role::kCentralReviewer, "", "32a1", out},
      {"province, batch of a province code", Role::kProvinceOfficer, kProvince, kProvince, out},
      {"dinsos, batch of a desa in the kabupaten", Role::kDistrictOfficer, kKabupaten, kDesa,
       out},
  };
}

BatchAction ActionOfRole(Role role) {
  for (const ExpectedBatchStep& step : ExpectedBatchSteps()) {
    if (step.role == role) return step.action;
  }
  ADD_FAILURE() << "no batch action for " << Name(role);
  return BatchAction::kRatify;
}

TEST(BatchRulesTest, DecideBatchStepRegionRefusals) {
  for (const BatchScopeCase& c : BatchScopeCases()) {
    const BatchAction action = ActionOfRole(c.role);
    const ExpectedBatchStep* expected = ExpectedStepFor(action);
    // Both in the status the action needs and in one it does not: scope comes first.
    for (BatchStatus status : kAllBatchStatuses) {
      SCOPED_TRACE(c.name + " / " + ExpectedStatusName(status));
      const absl::StatusOr<BatchStep> step =
          DecideBatchStep(Actor{"someone", c.role, c.region}, action, status, c.kabupaten);
      if (c.refusal.has_value()) {
        EXPECT_EQ(step.status().code(), absl::StatusCode::kPermissionDenied) << step.status();
        EXPECT_EQ(RefusalOf(step.status()), c.refusal) << step.status();
      } else if (status == expected->from) {
        EXPECT_TRUE(step.ok()) << step.status();
      } else {
        EXPECT_EQ(RefusalOf(step.status()), Refusal::kEventNotAllowedInState) << step.status();
      }
    }
  }
}

// A role that never takes an action is told so whatever its region.
TEST(BatchRulesTest, RoleRefusalComesBeforeRegion) {
  for (Role role : kAllRoles) {
    for (BatchAction action : kAllBatchActions) {
      if (ExpectedStepFor(action)->role == role) continue;
      for (const char* region : {"", kOtherProvince, kForeignKabupaten, "garbage"}) {
        SCOPED_TRACE(S(Name(role)) + " / " + ExpectedActionName(action) + " / " + region);
        const absl::StatusOr<BatchStep> step =
            DecideBatchStep(Actor{"someone", role, region}, action, BatchStatus::kSealed,
                            kKabupaten);
        EXPECT_EQ(RefusalOf(step.status()), Refusal::kRoleNotAllowed) << step.status();
      }
    }
  }
}

TEST(BatchRulesTest, CheckCreateBatch) {
  EXPECT_TRUE(CheckCreateBatch(BatchActor(Role::kDistrictOfficer), kKabupaten).ok());
  for (Role role : kAllRoles) {
    if (role == Role::kDistrictOfficer) continue;
    SCOPED_TRACE(Name(role));
    for (const std::string& region : {BatchRegionFor(role), std::string(kKabupaten)}) {
      const absl::Status status = CheckCreateBatch(BatchActor(role, region), kKabupaten);
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
      EXPECT_EQ(RefusalOf(status), Refusal::kRoleNotAllowed) << status;
    }
  }
  const std::vector<BatchScopeCase> scope = {
      {"another kabupaten", Role::kDistrictOfficer, kOtherKabupaten, kKabupaten,
       Refusal::kOutOfRegion},
      {"another province's kabupaten", Role::kDistrictOfficer, kForeignKabupaten, kKabupaten,
       Refusal::kOutOfRegion},
      {"a province region", Role::kDistrictOfficer, kProvince, kKabupaten,
       Refusal::kRoleScopeMismatch},
      {"the national region", Role::kDistrictOfficer, "", kKabupaten,
       Refusal::kRoleScopeMismatch},
      {"a desa region", Role::kDistrictOfficer, kDesa, kKabupaten, Refusal::kRoleScopeMismatch},
      {"a desa code for the batch", Role::kDistrictOfficer, kKabupaten, kDesa,
       Refusal::kOutOfRegion},
      {"a malformed code for the batch", Role::kDistrictOfficer, kKabupaten, "3201x",
       Refusal::kOutOfRegion},
  };
  for (const BatchScopeCase& c : scope) {
    SCOPED_TRACE(c.name);
    const absl::Status status = CheckCreateBatch(Actor{"dinsos", c.role, c.region}, c.kabupaten);
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
    EXPECT_EQ(RefusalOf(status), c.refusal) << status;
  }
}

TEST(BatchRulesTest, CheckReadBatch) {
  const std::vector<BatchScopeCase> cases = {
      {"dinsos of the kabupaten", Role::kDistrictOfficer, kKabupaten, kKabupaten, std::nullopt},
      {"regent of the kabupaten", Role::kRegent, kKabupaten, kKabupaten, std::nullopt},
      {"verifier of the kabupaten", Role::kVerifier, kKabupaten, kKabupaten, std::nullopt},
      {"province of the kabupaten", Role::kProvinceOfficer, kProvince, kKabupaten, std::nullopt},
      {"pusdatin", Role::kCentralReviewer, "", kKabupaten, std::nullopt},
      {"system", Role::kSystem, "", kKabupaten, std::nullopt},
      {"national auditor", Role::kAuditor, "", kKabupaten, std::nullopt},
      {"national auditor, another province", Role::kAuditor, "", kForeignKabupaten,
       std::nullopt},
      {"auditor of the province", Role::kAuditor, kProvince, kKabupaten, std::nullopt},
      {"auditor of the kabupaten", Role::kAuditor, kKabupaten, kKabupaten, std::nullopt},
      {"dinsos of another kabupaten", Role::kDistrictOfficer, kOtherKabupaten, kKabupaten,
       Refusal::kOutOfRegion},
      {"regent of another kabupaten", Role::kRegent, kOtherKabupaten, kKabupaten,
       Refusal::kOutOfRegion},
      {"another province", Role::kProvinceOfficer, kOtherProvince, kKabupaten,
       Refusal::kOutOfRegion},
      // A desa does not cover its kabupaten.
      {"village operator of a desa in it", Role::kVillageOperator, kDesa, kKabupaten,
       Refusal::kOutOfRegion},
      {"verifier of a desa in it", Role::kVerifier, kDesa, kKabupaten, Refusal::kOutOfRegion},
      {"regent with a province region", Role::kRegent, kProvince, kKabupaten,
       Refusal::kRoleScopeMismatch},
      {"province officer with a kabupaten region", Role::kProvinceOfficer, kKabupaten,
       kKabupaten, Refusal::kRoleScopeMismatch},
      {"pusdatin with a province region", Role::kCentralReviewer, kProvince, kKabupaten,
       Refusal::kRoleScopeMismatch},
      {"village head with a kabupaten region", Role::kVillageHead, kKabupaten, kKabupaten,
       Refusal::kRoleScopeMismatch},
      {"pusdatin, a desa code", Role::kCentralReviewer, "", kDesa, Refusal::kOutOfRegion},
      {"pusdatin, no code", Role::kCentralReviewer, "", "", Refusal::kOutOfRegion},
  };
  for (const BatchScopeCase& c : cases) {
    SCOPED_TRACE(c.name);
    const absl::Status status = CheckReadBatch(Actor{"reader", c.role, c.region}, c.kabupaten);
    if (!c.refusal.has_value()) {
      EXPECT_TRUE(status.ok()) << status;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << status;
      EXPECT_EQ(RefusalOf(status), c.refusal) << status;
    }
  }
}

// --- Manifest ---

constexpr char kId1[] = "0b6e8c1e-0000-4000-8000-000000000001";
constexpr char kId2[] = "1c0ffee0-0000-4000-8000-000000000002";
constexpr char kId3[] = "f00dbabe-0000-4000-8000-000000000003";

TEST(BatchRulesTest, ManifestTextExact) {
  EXPECT_EQ(ManifestText(kKabupaten, "2026-11", {{kId2, 5}, {kId1, 12}, {kId3, 1}}),
            "usulan-batch-manifest-v1\n"
            "kabupaten:3201\n"
            "cycle:2026-11\n"
            "0b6e8c1e-0000-4000-8000-000000000001:12\n"
            "1c0ffee0-0000-4000-8000-000000000002:5\n"
            "f00dbabe-0000-4000-8000-000000000003:1\n");
}

TEST(BatchRulesTest, ManifestTextWithoutMembers) {
  EXPECT_EQ(ManifestText("3302", "2027-01", {}),
            "usulan-batch-manifest-v1\nkabupaten:3302\ncycle:2027-01\n");
}

TEST(BatchRulesTest, ManifestTextLargeVersions) {
  EXPECT_EQ(ManifestText(kKabupaten, "2026-11", {{kId1, 9223372036854775807LL}, {kId2, 0}}),
            "usulan-batch-manifest-v1\nkabupaten:3201\ncycle:2026-11\n"
            "0b6e8c1e-0000-4000-8000-000000000001:9223372036854775807\n"
            "1c0ffee0-0000-4000-8000-000000000002:0\n");
}

TEST(BatchRulesTest, ManifestTextIsIndependentOfOrder) {
  std::vector<ManifestEntry> entries = {{kId1, 3}, {kId2, 4}, {kId3, 5}};
  const std::string canonical = ManifestText(kKabupaten, "2026-11", entries);
  std::sort(entries.begin(), entries.end(),
            [](const ManifestEntry& a, const ManifestEntry& b) {
              return a.proposal_id < b.proposal_id;
            });
  int permutations = 0;
  do {
    ++permutations;
    EXPECT_EQ(ManifestText(kKabupaten, "2026-11", entries), canonical);
  } while (std::next_permutation(entries.begin(), entries.end(),
                                 [](const ManifestEntry& a, const ManifestEntry& b) {
                                   return a.proposal_id < b.proposal_id;
                                 }));
  EXPECT_EQ(permutations, 6);
}

TEST(BatchRulesTest, ManifestTextDependsOnEveryInput) {
  const std::string base = ManifestText(kKabupaten, "2026-11", {{kId1, 3}, {kId2, 4}});
  EXPECT_NE(ManifestText(kOtherKabupaten, "2026-11", {{kId1, 3}, {kId2, 4}}), base);
  EXPECT_NE(ManifestText(kKabupaten, "2026-12", {{kId1, 3}, {kId2, 4}}), base);
  EXPECT_NE(ManifestText(kKabupaten, "2026-11", {{kId1, 3}, {kId2, 5}}), base);
  EXPECT_NE(ManifestText(kKabupaten, "2026-11", {{kId1, 3}}), base);
  EXPECT_NE(ManifestText(kKabupaten, "2026-11", {{kId1, 3}, {kId3, 4}}), base);
}

// --- Exceptions and decisions ---

TEST(BatchRulesTest, ExceptionActionNamesRoundTrip) {
  EXPECT_EQ(Name(ExceptionAction::kReject), "REJECT");
  EXPECT_EQ(Name(ExceptionAction::kReturnToDistrict), "RETURN_TO_DISTRICT");
  for (ExceptionAction action : {ExceptionAction::kReject, ExceptionAction::kReturnToDistrict}) {
    EXPECT_EQ(ParseExceptionAction(Name(action)), action);
  }
  for (const char* bad : {"", "reject", "RETURN", "ACCEPT", "REJECT "}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseExceptionAction(bad).has_value());
  }
}

TEST(BatchRulesTest, RejectionReasonCodes) {
  EXPECT_EQ(RejectionReasonCodes(),
            (std::vector<std::string>{"NOT_POOR", "DUPLICATE", "DECEASED",
                                      "INELIGIBLE_OCCUPATION", "INCOMPLETE_DATA", "OUT_OF_QUOTA",
                                      "OTHER"}));
}

DecisionException Reject(std::string id, std::string code = "NOT_POOR",
                         std::string reason = "penghasilan di atas garis kemiskinan") {
  return DecisionException{std::move(id), ExceptionAction::kReject, std::move(code),
                           std::move(reason)};
}

DecisionException ReturnIt(std::string id, std::string reason = "dokumen KK tidak terbaca") {
  return DecisionException{std::move(id), ExceptionAction::kReturnToDistrict, "",
                           std::move(reason)};
}

struct ExceptionsCase {
  std::string name;
  std::vector<DecisionException> exceptions;
  std::string error_prefix;  // "" = OK; else the message starts with this field
};

TEST(BatchRulesTest, CheckExceptionsTable) {
  const std::set<std::string> members = {kId1, kId2, kId3};
  std::vector<ExceptionsCase> cases = {
      {"no exceptions", {}, ""},
      {"one reject", {Reject(kId1)}, ""},
      {"one return", {ReturnIt(kId2)}, ""},
      {"reject and return of different members", {Reject(kId1), ReturnIt(kId2)}, ""},
      {"every member an exception", {Reject(kId1), ReturnIt(kId2), Reject(kId3, "OTHER")}, ""},
      {"not a member", {Reject("00000000-0000-4000-8000-00000000dead")},
       "exceptions[0].proposal_id"},
      {"empty proposal id", {ReturnIt("")}, "exceptions[0].proposal_id"},
      {"second not a member", {Reject(kId1), ReturnIt("nope")}, "exceptions[1].proposal_id"},
      {"listed twice, same action", {Reject(kId1), Reject(kId1)}, "exceptions[1].proposal_id"},
      {"listed twice, different actions", {ReturnIt(kId2), Reject(kId1), Reject(kId2)},
       "exceptions[2].proposal_id"},
      {"reject without reason code", {Reject(kId1, "")}, "exceptions[0].reason_code"},
      {"reject with unknown reason code", {Reject(kId1, "TOO_RICH")},
       "exceptions[0].reason_code"},
      {"reject with lower-case reason code", {Reject(kId1, "not_poor")},
       "exceptions[0].reason_code"},
      {"reject with padded reason code", {Reject(kId1, " NOT_POOR")},
       "exceptions[0].reason_code"},
      {"second reject with bad code", {ReturnIt(kId1), Reject(kId2, "X")},
       "exceptions[1].reason_code"},
      {"return with reason code", {DecisionException{kId3, ExceptionAction::kReturnToDistrict,
                                                     "NOT_POOR", "alasan"}},
       "exceptions[0].reason_code"},
      {"reject without reason", {Reject(kId1, "DECEASED", "")}, "exceptions[0].reason"},
      {"reject with blank reason", {Reject(kId1, "DECEASED", " \t\n")}, "exceptions[0].reason"},
      {"return without reason", {Reject(kId1), ReturnIt(kId2, "")}, "exceptions[1].reason"},
      {"return with blank reason", {ReturnIt(kId2, "   ")}, "exceptions[0].reason"},
  };
  for (const std::string& code : RejectionReasonCodes()) {
    cases.push_back({"reject with " + code, {Reject(kId1, code)}, ""});
  }
  for (const ExceptionsCase& c : cases) {
    SCOPED_TRACE(c.name);
    const absl::Status status = CheckExceptions(c.exceptions, members);
    if (c.error_prefix.empty()) {
      EXPECT_TRUE(status.ok()) << status;
    } else {
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
      // The field named exactly, not a longer one with the same prefix.
      EXPECT_THAT(Msg(status), StartsWith(c.error_prefix + " ")) << status;
    }
  }
}

TEST(BatchRulesTest, CheckExceptionsWithoutOpenMembers) {
  EXPECT_TRUE(CheckExceptions({}, {}).ok());
  const absl::Status status = CheckExceptions({ReturnIt(kId1)}, {});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Msg(status), StartsWith("exceptions[0].proposal_id"));
}

constexpr char kBatchId[] = "b-2026-11-3201-001";
constexpr char kDecree[] = "SK-146/HUK/2026";

TEST(BatchRulesTest, DecisionForAcceptedMember) {
  const std::vector<DecisionException> exceptions = {Reject(kId1), ReturnIt(kId2)};
  const MemberDecision member = DecisionFor(kId3, kBatchId, kDecree, exceptions);
  EXPECT_EQ(member.event, Event::kDecide);
  EXPECT_EQ(member.payload.verdict, std::optional<bool>(true));
  EXPECT_EQ(member.payload.attributes.at("batch_id"), kBatchId);
  EXPECT_EQ(member.payload.attributes.at("decree_number"), kDecree);
  EXPECT_EQ(member.payload.attributes.count("reason_code"), 0u);
  EXPECT_EQ(member.payload.reason, "");
  EXPECT_TRUE(member.payload.document_hashes.empty());

  const MemberDecision alone = DecisionFor(kId3, kBatchId, kDecree, {});
  EXPECT_EQ(alone.event, Event::kDecide);
  EXPECT_EQ(alone.payload.verdict, std::optional<bool>(true));
}

TEST(BatchRulesTest, DecisionForRejectedMember) {
  const std::vector<DecisionException> exceptions = {
      ReturnIt(kId2), Reject(kId1, "INELIGIBLE_OCCUPATION", "ASN golongan III")};
  const MemberDecision member = DecisionFor(kId1, kBatchId, kDecree, exceptions);
  EXPECT_EQ(member.event, Event::kDecide);
  EXPECT_EQ(member.payload.verdict, std::optional<bool>(false));
  EXPECT_EQ(member.payload.reason, "ASN golongan III");
  EXPECT_EQ(member.payload.attributes.at("reason_code"), "INELIGIBLE_OCCUPATION");
  EXPECT_EQ(member.payload.attributes.at("batch_id"), kBatchId);
}

TEST(BatchRulesTest, DecisionForReturnedMember) {
  const std::vector<DecisionException> exceptions = {Reject(kId1), ReturnIt(kId2, "foto buram")};
  const MemberDecision member = DecisionFor(kId2, kBatchId, kDecree, exceptions);
  EXPECT_EQ(member.event, Event::kReturn);
  EXPECT_FALSE(member.payload.verdict.has_value());
  EXPECT_EQ(member.payload.reason, "foto buram");
  EXPECT_EQ(member.payload.attributes.at("batch_id"), kBatchId);
  EXPECT_EQ(member.payload.attributes.count("reason_code"), 0u);
}

// What DecisionFor produces is accepted by the machine for a CENTRAL_REVIEW member
// decided by Pusdatin.
TEST(BatchRulesTest, DecisionsDriveTheMachine) {
  const std::vector<DecisionException> exceptions = {Reject(kId1, "DUPLICATE", "ganda"),
                                                     ReturnIt(kId2, "foto buram")};
  ASSERT_TRUE(CheckExceptions(exceptions, {kId1, kId2, kId3}).ok());
  const std::vector<std::pair<std::string, State>> cases = {
      {kId1, State::kRejected}, {kId2, State::kReturned}, {kId3, State::kAccepted}};
  for (const auto& [id, expected] : cases) {
    SCOPED_TRACE(id);
    const MemberDecision member = DecisionFor(id, kBatchId, kDecree, exceptions);
    TransitionRequest request;
    request.proposal.state = State::kCentralReview;
    request.proposal.version = 11;
    request.proposal.desa_code = kDesa;
    request.proposal.last_approver = "province-officer-1";
    request.event = member.event;
    request.actor = Actor{"pusdatin-1", Role::kCentralReviewer, ""};
    request.payload = member.payload;
    const absl::StatusOr<Decision> decision = Decide(request);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(decision->next_state, expected);
    EXPECT_EQ(decision->audit.attributes.at("batch_id"), kBatchId);
  }
}

}  // namespace
}  // namespace usulan::workflow
