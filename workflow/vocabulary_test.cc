#include "workflow/vocabulary.h"

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace usulan::workflow {
namespace {

// The names are stored in the audit trail: changing one breaks history, so each is
// pinned here literally.
TEST(VocabularyTest, StateNames) {
  const std::vector<std::pair<State, std::string_view>> cases = {
      {State::kDraft, "DRAFT"},
      {State::kSubmitted, "SUBMITTED"},
      {State::kNikMismatch, "NIK_MISMATCH"},
      {State::kPrelist, "PRELIST"},
      {State::kAgreed, "AGREED"},
      {State::kRejectedInDeliberation, "REJECTED_IN_DELIBERATION"},
      {State::kInVerification, "IN_VERIFICATION"},
      {State::kVerified, "VERIFIED"},
      {State::kNotEligible, "NOT_ELIGIBLE"},
      {State::kVillageFinal, "VILLAGE_FINAL"},
      {State::kDistrictReview, "DISTRICT_REVIEW"},
      {State::kReturned, "RETURNED"},
      {State::kDistrictApproved, "DISTRICT_APPROVED"},
      {State::kRatified, "RATIFIED"},
      {State::kProvinceReview, "PROVINCE_REVIEW"},
      {State::kCentralReview, "CENTRAL_REVIEW"},
      {State::kDeferred, "DEFERRED"},
      {State::kAccepted, "ACCEPTED"},
      {State::kRejected, "REJECTED"},
      {State::kWithdrawn, "WITHDRAWN"},
      {State::kCitizenProposed, "CITIZEN_PROPOSED"},
      {State::kObjectionFiled, "OBJECTION_FILED"},
      {State::kAwaitingVisit, "AWAITING_VISIT"},
      {State::kAwaitingConfirmation, "AWAITING_CONFIRMATION"},
      {State::kDeclined, "DECLINED"},
  };
  ASSERT_EQ(cases.size(), kAllStates.size());
  for (const auto& [state, name] : cases) {
    EXPECT_EQ(Name(state), name);
    EXPECT_EQ(ParseState(name), state) << name;
  }
}

TEST(VocabularyTest, EventNames) {
  const std::vector<std::pair<Event, std::string_view>> cases = {
      {Event::kUpdateDraft, "update_draft"},
      {Event::kSubmit, "submit"},
      {Event::kNikChecked, "nik_checked"},
      {Event::kCorrect, "correct"},
      {Event::kDeliberate, "deliberate"},
      {Event::kAssignVerifier, "assign_verifier"},
      {Event::kRecordVisit, "record_visit"},
      {Event::kFinalizeVillage, "finalize_village"},
      {Event::kOpenReview, "open_review"},
      {Event::kMissCutoff, "miss_cutoff"},
      {Event::kApprove, "approve"},
      {Event::kReturn, "return"},
      {Event::kRework, "rework"},
      {Event::kRatify, "ratify"},
      {Event::kSubmitToProvince, "submit_to_province"},
      {Event::kForward, "forward"},
      {Event::kDecide, "decide"},
      {Event::kWithdraw, "withdraw"},
      {Event::kLapse, "lapse"},
      {Event::kErasePersonalData, "erase_personal_data"},
      {Event::kTakeUp, "take_up"},
      {Event::kDecline, "decline"},
      {Event::kConfirm, "confirm"},
  };
  ASSERT_EQ(cases.size(), kAllEvents.size());
  for (const auto& [event, name] : cases) {
    EXPECT_EQ(Name(event), name);
    EXPECT_EQ(ParseEvent(name), event) << name;
  }
}

TEST(VocabularyTest, RoleNames) {
  const std::vector<std::pair<Role, std::string_view>> cases = {
      {Role::kVillageOperator, "village_operator"},
      {Role::kVillageHead, "village_head"},
      {Role::kVerifier, "verifier"},
      {Role::kDistrictOfficer, "district_officer"},
      {Role::kRegent, "regent"},
      {Role::kProvinceOfficer, "province_officer"},
      {Role::kCentralReviewer, "central_reviewer"},
      {Role::kSystem, "system"},
      {Role::kAuditor, "auditor"},
      {Role::kCitizen, "citizen"},
  };
  ASSERT_EQ(cases.size(), kAllRoles.size());
  for (const auto& [role, name] : cases) {
    EXPECT_EQ(Name(role), name);
    EXPECT_EQ(ParseRole(name), role) << name;
  }
}

TEST(VocabularyTest, KindNames) {
  const std::vector<std::pair<Kind, std::string_view>> cases = {
      {Kind::kNew, "NEW"},
      {Kind::kCorrection, "CORRECTION"},
      {Kind::kDeactivation, "DEACTIVATION"},
      {Kind::kReactivation, "REACTIVATION"},
      {Kind::kObjection, "OBJECTION"},
  };
  ASSERT_EQ(cases.size(), kAllKinds.size());
  for (const auto& [kind, name] : cases) {
    EXPECT_EQ(Name(kind), name);
    EXPECT_EQ(ParseKind(name), kind) << name;
  }
}

TEST(VocabularyTest, RouteNames) {
  const std::vector<std::pair<Route, std::string_view>> cases = {
      {Route::kVillage, "VILLAGE"},
      {Route::kCitizenProposal, "CITIZEN_PROPOSAL"},
      {Route::kCitizenObjection, "CITIZEN_OBJECTION"},
      {Route::kDistrict, "DISTRICT"},
      {Route::kCentral, "CENTRAL"},
      {Route::kPbiJk, "PBI_JK"},
  };
  ASSERT_EQ(cases.size(), kAllRoutes.size());
  for (const auto& [route, name] : cases) {
    EXPECT_EQ(Name(route), name);
    EXPECT_EQ(ParseRoute(name), route) << name;
  }
}

TEST(VocabularyTest, DeactivationReasonNames) {
  const std::vector<std::pair<DeactivationReason, std::string_view>> cases = {
      {DeactivationReason::kNone, "NONE"},
      {DeactivationReason::kDeceased, "DECEASED"},
      {DeactivationReason::kMoved, "MOVED"},
      {DeactivationReason::kNoLongerPoor, "NO_LONGER_POOR"},
      {DeactivationReason::kDuplicate, "DUPLICATE"},
      {DeactivationReason::kIneligibleOccupation, "INELIGIBLE_OCCUPATION"},
  };
  for (const auto& [reason, name] : cases) {
    EXPECT_EQ(Name(reason), name);
    EXPECT_EQ(ParseDeactivationReason(name), reason) << name;
  }
}

TEST(VocabularyTest, AllListsHaveNoDuplicates) {
  EXPECT_EQ(std::set<State>(kAllStates.begin(), kAllStates.end()).size(), 25u);
  EXPECT_EQ(std::set<Event>(kAllEvents.begin(), kAllEvents.end()).size(), 23u);
  EXPECT_EQ(std::set<Role>(kAllRoles.begin(), kAllRoles.end()).size(), 10u);
  EXPECT_EQ(std::set<Kind>(kAllKinds.begin(), kAllKinds.end()).size(), 5u);
  EXPECT_EQ(std::set<Route>(kAllRoutes.begin(), kAllRoutes.end()).size(), 6u);
}

TEST(VocabularyTest, ParsingIsExact) {
  for (std::string_view bad : {"", "draft", "Draft", " DRAFT", "DRAFT ", "UNKNOWN"}) {
    EXPECT_EQ(ParseState(bad), std::nullopt) << "\"" << bad << "\"";
  }
  for (std::string_view bad : {"", "SUBMIT", "Submit", "submit ", "create"}) {
    EXPECT_EQ(ParseEvent(bad), std::nullopt) << "\"" << bad << "\"";
  }
  for (std::string_view bad : {"", "VILLAGE_OPERATOR", "admin"}) {
    EXPECT_EQ(ParseRole(bad), std::nullopt) << "\"" << bad << "\"";
  }
  for (std::string_view bad : {"", "new", "UNSPECIFIED"}) {
    EXPECT_EQ(ParseKind(bad), std::nullopt) << "\"" << bad << "\"";
  }
  for (std::string_view bad : {"", "village", "PBI-JK", "UNSPECIFIED"}) {
    EXPECT_EQ(ParseRoute(bad), std::nullopt) << "\"" << bad << "\"";
  }
  for (std::string_view bad : {"", "none", "DEAD"}) {
    EXPECT_EQ(ParseDeactivationReason(bad), std::nullopt) << "\"" << bad << "\"";
  }
}

TEST(VocabularyTest, TerminalStatesAreExactlyTheSixEnds) {
  const std::set<State> terminal = {State::kRejectedInDeliberation, State::kNotEligible,
                                    State::kAccepted, State::kRejected, State::kWithdrawn,
                                    State::kDeclined};
  for (State state : kAllStates) {
    EXPECT_EQ(IsTerminal(state), terminal.count(state) == 1) << Name(state);
  }
}

}  // namespace
}  // namespace usulan::workflow
