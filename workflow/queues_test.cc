#include "workflow/queues.h"

#include <algorithm>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace usulan::workflow {
namespace {

using ::testing::ElementsAreArray;

// The queues written out from DESIGN.md section 3, independently of the table.
TEST(QueueStatesTest, EachRoleWaitsWhereItOwnsAnEvent) {
  using S = State;
  struct Case {
    Role role;
    std::vector<State> states;
  };
  const Case cases[] = {
      // Machine version 4: the union over every route.
      {Role::kVillageOperator,
       {S::kDraft, S::kNikMismatch, S::kAgreed, S::kReturned, S::kCitizenProposed}},
      {Role::kVillageHead, {S::kPrelist, S::kVerified}},
      {Role::kVerifier, {S::kInVerification}},
      {Role::kDistrictOfficer,
       {S::kDraft, S::kNikMismatch, S::kAgreed, S::kVerified, S::kVillageFinal,
        S::kDistrictReview, S::kReturned, S::kRatified, S::kDeferred, S::kObjectionFiled,
        S::kAwaitingVisit, S::kAwaitingConfirmation}},
      {Role::kRegent, {S::kDistrictApproved}},
      {Role::kProvinceOfficer, {S::kProvinceReview}},
      {Role::kCentralReviewer, {S::kCentralReview}},
      {Role::kSystem, {S::kSubmitted, S::kVillageFinal, S::kDeferred}},
      {Role::kAuditor, {}},
      {Role::kCitizen, {}},
  };
  ASSERT_EQ(std::size(cases), kAllRoles.size()) << "a role without a case";
  for (const Case& c : cases) {
    EXPECT_THAT(QueueStates(c.role), ElementsAreArray(c.states)) << Name(c.role);
  }
}

// The same property stated against the table itself: a state is in a role's queue
// exactly when some row other than withdraw/update_draft/lapse/erase_personal_data
// gives the role an event there; terminal states are in no queue.
TEST(QueueStatesTest, AgreesWithTheTransitionTable) {
  for (Role role : kAllRoles) {
    std::set<State> expected;
    for (const TransitionRule& rule : TransitionTable()) {
      if (rule.event == Event::kWithdraw || rule.event == Event::kUpdateDraft ||
          rule.event == Event::kLapse || rule.event == Event::kErasePersonalData) {
        continue;
      }
      if (std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end()) {
        expected.insert(rule.from);
      }
    }
    std::vector<State> got = QueueStates(role);
    EXPECT_EQ(std::set<State>(got.begin(), got.end()), expected) << Name(role);
    EXPECT_EQ(std::set<State>(got.begin(), got.end()).size(), got.size()) << "duplicates";
    for (State s : got) EXPECT_FALSE(IsTerminal(s)) << Name(s);
  }
}

TEST(CheckReadAccessTest, RegionAndVerifierAssignment) {
  struct Case {
    const char* what;
    Actor actor;
    const char* desa;
    const char* assigned;
    std::optional<Refusal> refusal;
  };
  const Case cases[] = {
      {"operator of the desa", {"op", Role::kVillageOperator, "3201012001"}, "3201012001", "",
       std::nullopt},
      {"operator of another desa", {"op", Role::kVillageOperator, "3201012002"}, "3201012001",
       "", Refusal::kOutOfRegion},
      {"dinsos of the kabupaten", {"d", Role::kDistrictOfficer, "3201"}, "3201012001", "v1",
       std::nullopt},
      {"dinsos with a desa region", {"d", Role::kDistrictOfficer, "3201012001"}, "3201012001",
       "", Refusal::kRoleScopeMismatch},
      {"auditor anywhere", {"a", Role::kAuditor, ""}, "3201012001", "", std::nullopt},
      {"assigned verifier", {"v1", Role::kVerifier, "3201"}, "3201012001", "v1", std::nullopt},
      {"another verifier's proposal", {"v2", Role::kVerifier, "3201"}, "3201012001", "v1",
       Refusal::kNotAssignedVerifier},
      {"unassigned proposal", {"v1", Role::kVerifier, "3201"}, "3201012001", "",
       Refusal::kNotAssignedVerifier},
      {"assigned but outside the region", {"v1", Role::kVerifier, "3202"}, "3201012001", "v1",
       Refusal::kOutOfRegion},
  };
  for (const Case& c : cases) {
    absl::Status status = CheckReadAccess(c.actor, c.desa, c.assigned);
    EXPECT_EQ(RefusalOf(status), c.refusal) << c.what << ": " << status;
    if (c.refusal) {
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << c.what;
    }
  }
  EXPECT_TRUE(SeesOnlyAssignments(Role::kVerifier));
  EXPECT_FALSE(SeesOnlyAssignments(Role::kDistrictOfficer));
}

}  // namespace
}  // namespace usulan::workflow

namespace usulan::workflow {
namespace {

TEST(PersonalDataAccessTest, OnlyHouseholdRolesLookPeopleUpAndAuditorsReadNoHousehold) {
  for (Role role : kAllRoles) {
    const bool may_look_up = role != Role::kRegent && role != Role::kSystem &&
                             role != Role::kAuditor && role != Role::kCitizen;
    absl::Status status = CheckNikLookupRole(role);
    EXPECT_EQ(status.ok(), may_look_up) << Name(role);
    if (!may_look_up) {
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied) << Name(role);
      EXPECT_EQ(RefusalOf(status), Refusal::kRoleNotAllowed) << Name(role);
    }
    EXPECT_EQ(ReadsHouseholds(role), role != Role::kAuditor) << Name(role);
  }
}

}  // namespace
}  // namespace usulan::workflow
