#include "workflow/machine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/cord.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/test_world.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;
using test_world::RegionFor;

// The world every test acts in: desa 3201012001 in kabupaten 3201 in province 32.
constexpr char kDesa[] = "3201012001";
constexpr char kOtherDesa[] = "3201012002";
constexpr char kKabupaten[] = "3201";
constexpr char kProvince[] = "32";
constexpr char kSomeoneElse[] = "someone-else";

std::string Hash(char c) { return std::string(64, c); }

std::string Msg(const absl::Status& status) { return std::string(status.message()); }

// --- The expected machine, written out from DESIGN.md section 3 independently of
// machine.cc, so that a slip in either shows up as a difference. ---

struct ExpectedRow {
  State from;
  Event event;
  std::optional<bool> verdict;
  State to;
  std::vector<Role> roles;
};

std::vector<ExpectedRow> ExpectedTable() {
  using S = State;
  using E = Event;
  using R = Role;
  // clang-format off
  std::vector<ExpectedRow> rows = {
      {S::kDraft, E::kUpdateDraft, std::nullopt, S::kDraft, {R::kVillageOperator}},
      {S::kDraft, E::kSubmit, std::nullopt, S::kSubmitted, {R::kVillageOperator}},
      {S::kSubmitted, E::kNikChecked, true, S::kPrelist, {R::kSystem}},
      {S::kSubmitted, E::kNikChecked, false, S::kNikMismatch, {R::kSystem}},
      {S::kNikMismatch, E::kCorrect, std::nullopt, S::kSubmitted, {R::kVillageOperator}},
      {S::kPrelist, E::kDeliberate, true, S::kAgreed, {R::kVillageHead}},
      {S::kPrelist, E::kDeliberate, false, S::kRejectedInDeliberation, {R::kVillageHead}},
      {S::kAgreed, E::kAssignVerifier, std::nullopt, S::kInVerification,
       {R::kVillageOperator, R::kDistrictOfficer}},
      {S::kInVerification, E::kRecordVisit, true, S::kVerified, {R::kVerifier}},
      {S::kInVerification, E::kRecordVisit, false, S::kNotEligible, {R::kVerifier}},
      {S::kVerified, E::kFinalizeVillage, std::nullopt, S::kVillageFinal, {R::kVillageHead}},
      {S::kVillageFinal, E::kOpenReview, std::nullopt, S::kDistrictReview,
       {R::kDistrictOfficer, R::kSystem}},
      {S::kVillageFinal, E::kMissCutoff, std::nullopt, S::kDeferred, {R::kSystem}},
      {S::kDeferred, E::kOpenReview, std::nullopt, S::kDistrictReview,
       {R::kDistrictOfficer, R::kSystem}},
      {S::kDistrictReview, E::kApprove, std::nullopt, S::kDistrictApproved,
       {R::kDistrictOfficer}},
      {S::kDistrictReview, E::kReturn, std::nullopt, S::kReturned, {R::kDistrictOfficer}},
      {S::kReturned, E::kRework, std::nullopt, S::kPrelist, {R::kVillageOperator}},
      {S::kDistrictApproved, E::kRatify, std::nullopt, S::kRatified, {R::kRegent}},
      {S::kRatified, E::kSubmitToProvince, std::nullopt, S::kProvinceReview,
       {R::kDistrictOfficer}},
      {S::kProvinceReview, E::kForward, std::nullopt, S::kCentralReview, {R::kProvinceOfficer}},
      {S::kProvinceReview, E::kReturn, std::nullopt, S::kReturned, {R::kProvinceOfficer}},
      {S::kCentralReview, E::kDecide, true, S::kAccepted, {R::kCentralReviewer}},
      {S::kCentralReview, E::kDecide, false, S::kRejected, {R::kCentralReviewer}},
      {S::kCentralReview, E::kReturn, std::nullopt, S::kReturned, {R::kCentralReviewer}},
  };
  for (State from : {S::kDraft, S::kSubmitted, S::kNikMismatch, S::kPrelist, S::kAgreed,
                     S::kInVerification, S::kVerified, S::kVillageFinal, S::kDistrictReview,
                     S::kReturned, S::kDeferred}) {
    rows.push_back({from, E::kWithdraw, std::nullopt, S::kWithdrawn, {R::kVillageOperator}});
  }
  for (State from : {S::kDraft, S::kSubmitted, S::kNikMismatch, S::kPrelist, S::kAgreed,
                     S::kInVerification}) {
    rows.push_back({from, E::kLapse, std::nullopt, S::kWithdrawn, {R::kSystem}});
  }
  for (State from : {S::kRejectedInDeliberation, S::kNotEligible, S::kAccepted, S::kRejected,
                     S::kWithdrawn}) {
    rows.push_back({from, E::kErasePersonalData, std::nullopt, from,
                    {R::kDistrictOfficer, R::kCentralReviewer}});
  }
  // clang-format on
  return rows;
}

bool HasVerdict(Event event) {
  return event == Event::kNikChecked || event == Event::kDeliberate ||
         event == Event::kRecordVisit || event == Event::kDecide || event == Event::kConfirm;
}

bool IsApprovalStep(Event event) {
  return event == Event::kDeliberate || event == Event::kRecordVisit ||
         event == Event::kFinalizeVillage || event == Event::kApprove || event == Event::kRatify ||
         event == Event::kForward || event == Event::kDecide || event == Event::kConfirm;
}

std::vector<std::optional<bool>> VerdictsOf(Event event) {
  if (HasVerdict(event)) return {true, false};
  return {std::nullopt};
}

// What an event must carry, per the spec: the minimal valid payload is built from
// this, and each item is then removed in turn by the missing-evidence tests.
struct Needs {
  bool verdict = false;
  bool reason = false;
  std::vector<std::string> attributes;
  int hashes = 0;
};

Needs ExpectedNeeds(Event event, std::optional<bool> verdict) {
  const bool negative = verdict.has_value() && !*verdict;
  switch (event) {
    case Event::kUpdateDraft:
    case Event::kSubmit:
      return {};
    case Event::kNikChecked:
      return {true, negative, {}, 0};
    case Event::kCorrect:
    case Event::kReturn:
    case Event::kRework:
    case Event::kWithdraw:
      return {false, true, {}, 0};
    case Event::kDeliberate:
      return {true, negative, {"deliberation_id", "minutes_sha256"}, 0};
    case Event::kAssignVerifier:
      return {false, false, {"verifier_id"}, 0};
    case Event::kRecordVisit:
      return {true, negative, {"outcome_code", "visit_time"}, 1};
    case Event::kFinalizeVillage:
      return {false, false, {}, 2};
    case Event::kOpenReview:
    case Event::kMissCutoff:
      return {false, false, {"cycle_id"}, 0};
    case Event::kApprove:
      return {false, false, {"approval_id"}, 0};
    case Event::kLapse:
      return {false, true, {"deadline"}, 0};
    case Event::kErasePersonalData:
    case Event::kDecline:
      return {false, true, {}, 0};
    case Event::kTakeUp:
      return {};
    case Event::kConfirm:
      return {true, negative, {}, 0};
    case Event::kSubmitToProvince:
    case Event::kForward:
      return {false, false, {"batch_id"}, 0};
    case Event::kRatify:
      return {false, false, {"letter_number", "batch_id"}, 1};
    case Event::kDecide:
      if (negative) return {true, true, {"reason_code"}, 0};
      return {true, false, {"decree_number"}, 0};
  }
  return {};
}

std::string AttributeValue(const std::string& key) {
  if (key == "minutes_sha256") return Hash('a');
  return "value-of-" + key;
}

Payload BuildPayload(const Needs& needs, std::optional<bool> verdict) {
  Payload payload;
  if (needs.verdict) payload.verdict = verdict;
  if (needs.reason) payload.reason = "members 2,3: NOT_FOUND";
  for (const std::string& key : needs.attributes) payload.attributes[key] = AttributeValue(key);
  for (int i = 0; i < needs.hashes; ++i)
    payload.document_hashes.push_back(Hash(static_cast<char>('0' + i)));
  return payload;
}

Payload MinimalPayload(Event event, std::optional<bool> verdict) {
  return BuildPayload(ExpectedNeeds(event, verdict), verdict);
}


Actor ActorFor(Role role) {
  return Actor{"user-" + std::string(Name(role)), role, RegionFor(role)};
}

// A request that every rule but the one under test lets through.
TransitionRequest RequestFor(State state, Event event, Role role,
                             std::optional<bool> verdict = std::nullopt) {
  TransitionRequest request;
  request.actor = ActorFor(role);
  request.proposal.state = state;
  request.proposal.version = 7;
  request.proposal.desa_code = kDesa;
  // Only objections lapse; every other event ignores the kind.
  request.proposal.kind = event == Event::kLapse ? Kind::kObjection : Kind::kNew;
  request.proposal.assigned_verifier = request.actor.subject;
  request.proposal.last_approver = kSomeoneElse;
  request.event = event;
  if (!verdict.has_value() && HasVerdict(event)) verdict = true;
  request.payload = MinimalPayload(event, verdict);
  return request;
}

const ExpectedRow* FindRow(State state, Event event, std::optional<bool> verdict) {
  static const std::vector<ExpectedRow> kRows = ExpectedTable();
  for (const ExpectedRow& row : kRows) {
    if (row.from == state && row.event == event && row.verdict == verdict) return &row;
  }
  return nullptr;
}

bool EventDefinedIn(State state, Event event) {
  for (const ExpectedRow& row : ExpectedTable()) {
    if (row.from == state && row.event == event) return true;
  }
  return false;
}

// --- Every (state, event, role, verdict) the machine can be asked about. ---

// A VILLAGE proposal follows exactly the version 3 rows under every machine version:
// the proposals that started under 1-3, and the village's new ones under 4.
TEST(MachineExhaustiveTest, EveryStateEventRoleTripleMatchesTheTable) {
  int cases = 0;
  int allowed = 0;
  for (int machine_version : {1, 2, 3, 4}) {
  for (State state : kAllStates) {
    for (Event event : kAllEvents) {
      for (Role role : kAllRoles) {
        for (std::optional<bool> verdict : VerdictsOf(event)) {
          ++cases;
          TransitionRequest request = RequestFor(state, event, role, verdict);
          request.proposal.machine_version = machine_version;
          const std::string where =
              "v" + std::to_string(machine_version) + " " +
              std::string(Name(state)) + " / " + std::string(Name(event)) + " / " +
              std::string(Name(role)) +
              (verdict.has_value() ? (*verdict ? " / true" : " / false") : "");
          SCOPED_TRACE(where);
          const absl::StatusOr<Decision> decision = Decide(request);

          const ExpectedRow* row = FindRow(state, event, verdict);
          const bool role_ok =
              row != nullptr && std::count(row->roles.begin(), row->roles.end(), role) > 0;
          if (role_ok) {
            ++allowed;
            ASSERT_TRUE(decision.ok()) << decision.status();
            EXPECT_EQ(decision->next_state, row->to);
            EXPECT_EQ(decision->next_version, 8);
            EXPECT_EQ(decision->audit.from, state);
            EXPECT_EQ(decision->audit.to, row->to);
            EXPECT_EQ(decision->audit.event, Name(event));
            EXPECT_EQ(decision->last_approver,
                      IsApprovalStep(event)    ? request.actor.subject
                      : event == Event::kReturn ? ""
                                                : kSomeoneElse);
            EXPECT_EQ(decision->assigned_verifier, event == Event::kAssignVerifier
                                                       ? AttributeValue("verifier_id")
                                                       : request.actor.subject);
            continue;
          }
          ASSERT_FALSE(decision.ok());
          if (IsTerminal(state) && !EventDefinedIn(state, event)) {
            EXPECT_EQ(RefusalOf(decision.status()), Refusal::kTerminalState);
            EXPECT_EQ(decision.status().code(), absl::StatusCode::kFailedPrecondition);
          } else if (!EventDefinedIn(state, event)) {
            EXPECT_EQ(RefusalOf(decision.status()), Refusal::kEventNotAllowedInState);
            EXPECT_EQ(decision.status().code(), absl::StatusCode::kFailedPrecondition);
            EXPECT_EQ(Msg(decision.status()), "event " + std::string(Name(event)) +
                                                  " is not allowed in state " +
                                                  std::string(Name(state)));
          } else {
            EXPECT_EQ(RefusalOf(decision.status()), Refusal::kRoleNotAllowed);
            EXPECT_EQ(decision.status().code(), absl::StatusCode::kPermissionDenied);
          }
        }
      }
    }
  }
  }
  // 4 versions x 25 states x 10 roles x (18 plain events + 5 verdict events x 2).
  EXPECT_EQ(cases, 4 * 25 * 10 * (18 + 5 * 2));
  // 46 rows (35 + 6 lapse + 5 erase_personal_data); assign_verifier, both
  // open_review rows and the five erase_personal_data rows have two roles each.
  EXPECT_EQ(allowed, 4 * (46 + 3 + 5));
}

// The golden list of the version 1-3 rows: a change to them fails here. Version 4
// gives the VILLAGE route exactly the same rows.
TEST(MachineTableTest, TransitionTableIsExactlyTheDesign) {
  const std::vector<ExpectedRow> expected = ExpectedTable();
  for (int machine_version : {1, 2, 3, 4}) {
  SCOPED_TRACE("version " + std::to_string(machine_version));
  std::vector<TransitionRule> actual;
  for (const TransitionRule& rule : TransitionTable(machine_version)) {
    if (AppliesTo(rule, Route::kVillage)) actual.push_back(rule);
    if (machine_version < 4) {
      EXPECT_EQ(rule.routes, std::vector<Route>{Route::kVillage});
    }
  }
  ASSERT_EQ(actual.size(), expected.size());
  if (machine_version < 4) {
    EXPECT_EQ(TransitionTable(machine_version).size(), expected.size());
  }
  for (const TransitionRule& rule : actual) {
    SCOPED_TRACE(std::string(Name(rule.from)) + " " + std::string(Name(rule.event)));
    const ExpectedRow* row = FindRow(rule.from, rule.event, rule.verdict);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(rule.to, row->to);
    EXPECT_EQ(std::set<Role>(rule.roles.begin(), rule.roles.end()),
              std::set<Role>(row->roles.begin(), row->roles.end()));
    EXPECT_EQ(rule.approval_step, IsApprovalStep(rule.event));
  }
  }
}

TEST(MachineTableTest, AuditorNeverActs) {
  for (const TransitionRule& rule : TransitionTable()) {
    EXPECT_EQ(std::count(rule.roles.begin(), rule.roles.end(), Role::kAuditor), 0)
        << Name(rule.from) << " " << Name(rule.event);
  }
}

TEST(MachineTableTest, NoTransitionLeavesATerminalState) {
  int erase_rows = 0;
  for (const TransitionRule& rule : TransitionTable()) {
    if (!IsTerminal(rule.from)) {
      EXPECT_NE(rule.event, Event::kErasePersonalData) << Name(rule.from);
      continue;
    }
    // Only the erasure of personal data happens on a settled proposal, and it
    // leaves the state as it is.
    EXPECT_EQ(rule.event, Event::kErasePersonalData) << Name(rule.from);
    EXPECT_EQ(rule.to, rule.from) << Name(rule.from);
    EXPECT_TRUE(AllowedInTerminalState(rule.from, rule.event));
    ++erase_rows;
  }
  EXPECT_EQ(erase_rows, 6);  // the five ends of version 3, and DECLINED
  for (State state : kAllStates) {
    for (Event event : kAllEvents) {
      EXPECT_EQ(AllowedInTerminalState(state, event),
                IsTerminal(state) && event == Event::kErasePersonalData)
          << Name(state) << " " << Name(event);
    }
  }
}

// --- Erasure of personal data. ---

TEST(MachineErasureTest, SelfLoopOnTerminalStatesWithAReason) {
  for (State state : {State::kRejectedInDeliberation, State::kNotEligible, State::kAccepted,
                      State::kRejected, State::kWithdrawn}) {
    SCOPED_TRACE(std::string(Name(state)));
    TransitionRequest request =
        RequestFor(state, Event::kErasePersonalData, Role::kDistrictOfficer);
    request.payload.reason = "retention period over";
    auto decision = Decide(request);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(decision->next_state, state);
    EXPECT_EQ(decision->next_version, request.proposal.version + 1);
    EXPECT_EQ(decision->audit.from, state);
    EXPECT_EQ(decision->audit.to, state);
    EXPECT_EQ(decision->audit.event, "erase_personal_data");
    EXPECT_EQ(decision->audit.reason, "retention period over");
    EXPECT_EQ(decision->audit.role, Role::kDistrictOfficer);
    // Not an approval step: the last approver stays.
    EXPECT_EQ(decision->last_approver, request.proposal.last_approver);

    request.payload.reason = " ";
    EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kMissingEvidence);
  }
}

TEST(MachineErasureTest, RefusedOnOpenStatesOtherRolesAndOtherRegions) {
  TransitionRequest open =
      RequestFor(State::kCentralReview, Event::kErasePersonalData, Role::kCentralReviewer);
  auto refused = Decide(open);
  EXPECT_EQ(RefusalOf(refused.status()), Refusal::kEventNotAllowedInState);
  EXPECT_EQ(refused.status().message(),
            "event erase_personal_data is not allowed in state CENTRAL_REVIEW");

  for (Role role : {Role::kVillageOperator, Role::kVillageHead, Role::kVerifier, Role::kRegent,
                    Role::kProvinceOfficer, Role::kSystem, Role::kAuditor}) {
    SCOPED_TRACE(std::string(Name(role)));
    TransitionRequest request = RequestFor(State::kAccepted, Event::kErasePersonalData, role);
    EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kRoleNotAllowed);
  }

  TransitionRequest elsewhere =
      RequestFor(State::kAccepted, Event::kErasePersonalData, Role::kDistrictOfficer);
  elsewhere.actor.region = "3202";
  EXPECT_EQ(RefusalOf(Decide(elsewhere).status()), Refusal::kOutOfRegion);

  // Other events stay refused on terminal states as before.
  TransitionRequest withdraw =
      RequestFor(State::kAccepted, Event::kWithdraw, Role::kVillageOperator);
  EXPECT_EQ(RefusalOf(Decide(withdraw).status()), Refusal::kTerminalState);
}

// --- Scope. ---

struct ScopeCase {
  Role role;
  std::string region;
  std::optional<Refusal> refusal;  // nullopt: in scope
};

TEST(MachineScopeTest, RoleRegionLevelAndCoverage) {
  const std::vector<ScopeCase> cases = {
      // Level of the actor's region must fit the role.
      {Role::kVillageOperator, kKabupaten, Refusal::kRoleScopeMismatch},
      {Role::kVillageOperator, "", Refusal::kRoleScopeMismatch},
      {Role::kVillageHead, kProvince, Refusal::kRoleScopeMismatch},
      {Role::kVillageHead, "320101", Refusal::kRoleScopeMismatch},
      {Role::kVerifier, kProvince, Refusal::kRoleScopeMismatch},
      {Role::kVerifier, "320101", Refusal::kRoleScopeMismatch},
      {Role::kVerifier, "", Refusal::kRoleScopeMismatch},
      {Role::kDistrictOfficer, kDesa, Refusal::kRoleScopeMismatch},
      {Role::kDistrictOfficer, kProvince, Refusal::kRoleScopeMismatch},
      {Role::kRegent, "", Refusal::kRoleScopeMismatch},
      {Role::kProvinceOfficer, kKabupaten, Refusal::kRoleScopeMismatch},
      {Role::kProvinceOfficer, "", Refusal::kRoleScopeMismatch},
      {Role::kCentralReviewer, kProvince, Refusal::kRoleScopeMismatch},
      {Role::kSystem, kKabupaten, Refusal::kRoleScopeMismatch},
      {Role::kAuditor, "32x1", Refusal::kRoleScopeMismatch},
      {Role::kAuditor, "321", Refusal::kRoleScopeMismatch},
      // Right level, wrong place.
      {Role::kVillageOperator, kOtherDesa, Refusal::kOutOfRegion},
      {Role::kVillageHead, "3201022001", Refusal::kOutOfRegion},
      {Role::kVerifier, "3202", Refusal::kOutOfRegion},
      {Role::kVerifier, kOtherDesa, Refusal::kOutOfRegion},
      {Role::kDistrictOfficer, "3202", Refusal::kOutOfRegion},
      {Role::kRegent, "3301", Refusal::kOutOfRegion},
      {Role::kProvinceOfficer, "33", Refusal::kOutOfRegion},
      {Role::kAuditor, "33", Refusal::kOutOfRegion},
      // In scope.
      {Role::kVillageOperator, kDesa, std::nullopt},
      {Role::kVillageHead, kDesa, std::nullopt},
      {Role::kVerifier, kDesa, std::nullopt},
      {Role::kVerifier, kKabupaten, std::nullopt},
      {Role::kDistrictOfficer, kKabupaten, std::nullopt},
      {Role::kRegent, kKabupaten, std::nullopt},
      {Role::kProvinceOfficer, kProvince, std::nullopt},
      {Role::kCentralReviewer, "", std::nullopt},
      {Role::kSystem, "", std::nullopt},
      {Role::kAuditor, "", std::nullopt},
      {Role::kAuditor, kProvince, std::nullopt},
      {Role::kAuditor, kKabupaten, std::nullopt},
      {Role::kAuditor, "320101", std::nullopt},
      {Role::kAuditor, kDesa, std::nullopt},
  };
  for (const ScopeCase& c : cases) {
    SCOPED_TRACE(std::string(Name(c.role)) + " @ \"" + c.region + "\"");
    const absl::Status status = CheckScope(Actor{"u", c.role, c.region}, kDesa);
    if (!c.refusal.has_value()) {
      EXPECT_TRUE(status.ok()) << status;
      continue;
    }
    EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(RefusalOf(status), c.refusal);
    EXPECT_EQ(RoleFitsRegionLevel(c.role, c.region), *c.refusal != Refusal::kRoleScopeMismatch);
  }
}

TEST(MachineScopeTest, MalformedDesaCodeIsCoveredByNobody) {
  for (const char* desa : {"32010120", "320101200x", "", "32010120011"}) {
    SCOPED_TRACE(desa);
    EXPECT_EQ(RefusalOf(CheckScope(ActorFor(Role::kSystem), desa)), Refusal::kOutOfRegion);
  }
}

TEST(MachineScopeTest, ScopeIsCheckedBeforeEverythingElse) {
  // Out of region, in a terminal state, with the wrong event and no evidence: the
  // region wins, so an outsider learns nothing about the proposal.
  TransitionRequest request = RequestFor(State::kAccepted, Event::kApprove, Role::kVillageHead);
  request.actor.region = kOtherDesa;
  request.payload = Payload{};
  EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kOutOfRegion);

  request.actor.region = kKabupaten;
  EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kRoleScopeMismatch);
}

TEST(MachineScopeTest, DecideRefusesActorsOutsideTheProposalsRegion) {
  for (const ExpectedRow& row : ExpectedTable()) {
    for (Role role : row.roles) {
      if (role == Role::kCentralReviewer || role == Role::kSystem) continue;  // national
      SCOPED_TRACE(std::string(Name(row.from)) + " " + std::string(Name(row.event)) + " " +
                   std::string(Name(role)));
      TransitionRequest request = RequestFor(row.from, row.event, role, row.verdict);
      request.proposal.desa_code = "3301012001";  // another province altogether
      const absl::StatusOr<Decision> decision = Decide(request);
      EXPECT_EQ(decision.status().code(), absl::StatusCode::kPermissionDenied);
      EXPECT_EQ(RefusalOf(decision.status()), Refusal::kOutOfRegion);
    }
  }
}

// --- Order of the remaining checks. ---

TEST(MachineOrderTest, RoleIsCheckedBeforeVerifierSeparationAndEvidence) {
  TransitionRequest request =
      RequestFor(State::kInVerification, Event::kRecordVisit, Role::kVillageHead);
  request.proposal.assigned_verifier = "another-verifier";
  request.proposal.last_approver = request.actor.subject;
  request.payload = Payload{};
  EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kRoleNotAllowed);
}

TEST(MachineOrderTest, VerifierAssignmentIsCheckedBeforeSeparationAndEvidence) {
  TransitionRequest request =
      RequestFor(State::kInVerification, Event::kRecordVisit, Role::kVerifier);
  request.proposal.assigned_verifier = "another-verifier";
  request.proposal.last_approver = request.actor.subject;
  request.payload = Payload{};
  EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kNotAssignedVerifier);
}

TEST(MachineOrderTest, SeparationOfDutiesIsCheckedBeforeEvidence) {
  TransitionRequest request =
      RequestFor(State::kDistrictReview, Event::kApprove, Role::kDistrictOfficer);
  request.proposal.last_approver = request.actor.subject;
  request.payload = Payload{};
  EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kSeparationOfDuties);
}

// --- Verifier assignment. ---

TEST(MachineVerifierTest, OnlyTheAssignedVerifierRecordsTheVisit) {
  for (const std::string& assigned : {std::string("another-verifier"), std::string()}) {
    for (bool verdict : {true, false}) {
      SCOPED_TRACE("assigned=\"" + assigned + "\"");
      TransitionRequest request =
          RequestFor(State::kInVerification, Event::kRecordVisit, Role::kVerifier, verdict);
      request.proposal.assigned_verifier = assigned;
      const absl::StatusOr<Decision> decision = Decide(request);
      EXPECT_EQ(decision.status().code(), absl::StatusCode::kPermissionDenied);
      EXPECT_EQ(RefusalOf(decision.status()), Refusal::kNotAssignedVerifier);
    }
  }
}

TEST(MachineVerifierTest, VerifierOfTheVillageMayRecordTheVisitToo) {
  TransitionRequest request =
      RequestFor(State::kInVerification, Event::kRecordVisit, Role::kVerifier, true);
  request.actor.region = kDesa;
  EXPECT_TRUE(Decide(request).ok());
}

TEST(MachineVerifierTest, AssignVerifierSetsTheVerifierThatMayThenRecord) {
  TransitionRequest assign =
      RequestFor(State::kAgreed, Event::kAssignVerifier, Role::kDistrictOfficer);
  assign.proposal.assigned_verifier = "";
  assign.payload.attributes["verifier_id"] = "verifier-42";
  const absl::StatusOr<Decision> assigned = Decide(assign);
  ASSERT_TRUE(assigned.ok()) << assigned.status();
  EXPECT_EQ(assigned->assigned_verifier, "verifier-42");

  TransitionRequest visit =
      RequestFor(State::kInVerification, Event::kRecordVisit, Role::kVerifier, true);
  visit.proposal.assigned_verifier = assigned->assigned_verifier;
  visit.actor.subject = "verifier-41";
  EXPECT_EQ(RefusalOf(Decide(visit).status()), Refusal::kNotAssignedVerifier);
  visit.actor.subject = "verifier-42";
  EXPECT_TRUE(Decide(visit).ok());
}

// --- Separation of duties. ---

TEST(MachineSeparationOfDutiesTest, NoActorPerformsTwoConsecutiveApprovalSteps) {
  int approval_rows = 0;
  for (const ExpectedRow& row : ExpectedTable()) {
    for (Role role : row.roles) {
      TransitionRequest request = RequestFor(row.from, row.event, role, row.verdict);
      request.proposal.last_approver = request.actor.subject;
      SCOPED_TRACE(std::string(Name(row.from)) + " " + std::string(Name(row.event)));
      const absl::StatusOr<Decision> decision = Decide(request);
      if (IsApprovalStep(row.event)) {
        ++approval_rows;
        EXPECT_EQ(decision.status().code(), absl::StatusCode::kPermissionDenied);
        EXPECT_EQ(RefusalOf(decision.status()), Refusal::kSeparationOfDuties);
      } else {
        // Administrative steps (return, submit_to_province, ...) are not approvals:
        // the officer who approved may carry the batch on.
        EXPECT_TRUE(decision.ok()) << decision.status();
      }
    }
  }
  EXPECT_EQ(approval_rows, 10);
}

// --- Evidence. ---

TEST(MachineEvidenceTest, RequiredEvidenceMatchesTheSpec) {
  for (Event event : kAllEvents) {
    SCOPED_TRACE(std::string(Name(event)));
    const EvidenceRule& rule = RequiredEvidence(event);
    const Needs positive =
        ExpectedNeeds(event, HasVerdict(event) ? std::optional(true) : std::nullopt);
    const Needs negative =
        ExpectedNeeds(event, HasVerdict(event) ? std::optional(false) : std::nullopt);
    EXPECT_EQ(rule.needs_verdict, positive.verdict);
    EXPECT_EQ(rule.needs_reason, negative.reason);
    EXPECT_EQ(rule.reason_only_when_negative, negative.reason && !positive.reason);
    EXPECT_EQ(rule.min_document_hashes, positive.hashes);
    // Attributes needed whatever the verdict are the rule's; decide's conditional
    // ones are enforced by Decide (tested below).
    std::vector<std::string> always;
    for (const std::string& key : positive.attributes) {
      if (std::count(negative.attributes.begin(), negative.attributes.end(), key) > 0) {
        always.push_back(key);
      }
    }
    EXPECT_EQ(
        std::set<std::string>(rule.required_attributes.begin(), rule.required_attributes.end()),
        std::set<std::string>(always.begin(), always.end()));
  }
}

// Removes each required item in turn from an otherwise valid request; each removal
// must be refused with INVALID_ARGUMENT naming what is missing.
TEST(MachineEvidenceTest, EachMissingItemIsRefusedByName) {
  int removals = 0;
  for (const ExpectedRow& row : ExpectedTable()) {
    const Needs needs = ExpectedNeeds(row.event, row.verdict);
    const std::string event_name(Name(row.event));
    auto expect_refused = [&](const Payload& payload, const std::string& field) {
      ++removals;
      TransitionRequest request = RequestFor(row.from, row.event, row.roles.front(), row.verdict);
      request.payload = payload;
      const absl::StatusOr<Decision> decision = Decide(request);
      SCOPED_TRACE(std::string(Name(row.from)) + " " + event_name + " without " + field);
      ASSERT_FALSE(decision.ok());
      EXPECT_EQ(decision.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_EQ(RefusalOf(decision.status()), Refusal::kMissingEvidence);
      EXPECT_THAT(Msg(decision.status()), HasSubstr(field));
      EXPECT_THAT(Msg(decision.status()), HasSubstr(event_name));
    };
    const Payload full = BuildPayload(needs, row.verdict);
    if (needs.verdict) {
      Payload p = full;
      p.verdict.reset();
      expect_refused(p, "verdict");
    }
    if (needs.reason) {
      Payload p = full;
      p.reason = "";
      expect_refused(p, "reason");
      p.reason = " \t\n";
      expect_refused(p, "reason");
    }
    for (const std::string& key : needs.attributes) {
      Payload p = full;
      p.attributes.erase(key);
      expect_refused(p, "attributes." + key);
      p.attributes[key] = "  ";
      expect_refused(p, "attributes." + key);
    }
    if (needs.hashes > 0) {
      Payload p = full;
      p.document_hashes.pop_back();
      expect_refused(p, "document_hashes");
    }
  }
  EXPECT_GT(removals, 40);
}

TEST(MachineEvidenceTest, MessagesNameFieldAndEvent) {
  TransitionRequest request =
      RequestFor(State::kDistrictReview, Event::kReturn, Role::kDistrictOfficer);
  request.payload.reason = "";
  EXPECT_EQ(Msg(Decide(request).status()), "reason is required for return");

  request = RequestFor(State::kDistrictReview, Event::kApprove, Role::kDistrictOfficer);
  request.payload.attributes.clear();
  EXPECT_EQ(Msg(Decide(request).status()), "attributes.approval_id is required for approve");
}

TEST(MachineEvidenceTest, ReasonOnlyRequiredForNegativeVerdicts) {
  struct Case {
    State state;
    Event event;
    Role role;
  };
  for (const Case& c : {Case{State::kSubmitted, Event::kNikChecked, Role::kSystem},
                        Case{State::kPrelist, Event::kDeliberate, Role::kVillageHead},
                        Case{State::kInVerification, Event::kRecordVisit, Role::kVerifier},
                        Case{State::kCentralReview, Event::kDecide, Role::kCentralReviewer}}) {
    SCOPED_TRACE(std::string(Name(c.event)));
    TransitionRequest positive = RequestFor(c.state, c.event, c.role, true);
    positive.payload.reason = "";
    EXPECT_TRUE(Decide(positive).ok()) << Decide(positive).status();

    TransitionRequest negative = RequestFor(c.state, c.event, c.role, false);
    negative.payload.reason = "";
    EXPECT_EQ(RefusalOf(Decide(negative).status()), Refusal::kMissingEvidence);
  }
}

TEST(MachineEvidenceTest, DecideNeedsDecreeToAcceptAndReasonCodeToReject) {
  TransitionRequest accept =
      RequestFor(State::kCentralReview, Event::kDecide, Role::kCentralReviewer, true);
  ASSERT_TRUE(Decide(accept).ok());
  accept.payload.attributes.erase("decree_number");
  accept.payload.attributes["reason_code"] = "R1";  // does not stand in for a decree
  EXPECT_THAT(Msg(Decide(accept).status()), HasSubstr("attributes.decree_number"));

  TransitionRequest reject =
      RequestFor(State::kCentralReview, Event::kDecide, Role::kCentralReviewer, false);
  ASSERT_TRUE(Decide(reject).ok());
  reject.payload.attributes.erase("reason_code");
  reject.payload.attributes["decree_number"] = "D1";
  EXPECT_THAT(Msg(Decide(reject).status()), HasSubstr("attributes.reason_code"));
}

TEST(MachineEvidenceTest, DocumentHashesMustBeLowerCaseSha256Hex) {
  const std::vector<std::string> bad = {
      std::string(64, 'A'),         // upper case
      std::string(63, 'a'),         // too short
      std::string(65, 'a'),         // too long
      std::string(63, 'a') + "g",   // not hex
      "",                           // empty
      std::string(62, 'a') + " a",  // space
  };
  for (const std::string& hash : bad) {
    SCOPED_TRACE("\"" + hash + "\"");
    // Second position, so the message must say which one.
    TransitionRequest request =
        RequestFor(State::kVerified, Event::kFinalizeVillage, Role::kVillageHead);
    request.payload.document_hashes = {Hash('1'), hash};
    const absl::Status status = Decide(request).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(RefusalOf(status), Refusal::kMissingEvidence);
    EXPECT_THAT(Msg(status), HasSubstr("document_hashes[1]"));

    // Even where no document is required, whatever is attached goes into the audit
    // trail and must be well formed.
    TransitionRequest submit = RequestFor(State::kDraft, Event::kSubmit, Role::kVillageOperator);
    submit.payload.document_hashes = {hash};
    EXPECT_THAT(Msg(Decide(submit).status()), HasSubstr("document_hashes[0]"));
  }
}

TEST(MachineEvidenceTest, DeliberationMinutesHashMustBeWellFormed) {
  TransitionRequest request =
      RequestFor(State::kPrelist, Event::kDeliberate, Role::kVillageHead, true);
  request.payload.attributes["minutes_sha256"] = "not-a-hash";
  const absl::Status status = Decide(request).status();
  EXPECT_EQ(RefusalOf(status), Refusal::kMissingEvidence);
  EXPECT_THAT(Msg(status), HasSubstr("attributes.minutes_sha256"));
}

// --- Decision bookkeeping. ---

TEST(MachineDecisionTest, VersionIncrementsByOne) {
  for (int64_t version : {int64_t{0}, int64_t{1}, int64_t{41}, int64_t{1} << 40}) {
    TransitionRequest request = RequestFor(State::kDraft, Event::kSubmit, Role::kVillageOperator);
    request.proposal.version = version;
    const absl::StatusOr<Decision> decision = Decide(request);
    ASSERT_TRUE(decision.ok());
    EXPECT_EQ(decision->next_version, version + 1);
  }
}

TEST(MachineDecisionTest, AuditRecordNamesActorReasonAndEvidence) {
  TransitionRequest request = RequestFor(State::kDistrictApproved, Event::kRatify, Role::kRegent);
  request.payload.reason = "batch of March";
  request.payload.attributes["letter_number"] = "100/2024";
  request.payload.attributes["extra"] = "kept";
  const absl::StatusOr<Decision> decision = Decide(request);
  ASSERT_TRUE(decision.ok()) << decision.status();
  const AuditRecord& audit = decision->audit;
  EXPECT_EQ(audit.from, State::kDistrictApproved);
  EXPECT_EQ(audit.to, State::kRatified);
  EXPECT_EQ(audit.event, "ratify");
  EXPECT_EQ(audit.actor_id, "user-regent");
  EXPECT_EQ(audit.role, Role::kRegent);
  EXPECT_EQ(audit.region, kKabupaten);
  EXPECT_EQ(audit.reason, "batch of March");
  EXPECT_EQ(audit.evidence_hashes, request.payload.document_hashes);
  EXPECT_EQ(audit.attributes, request.payload.attributes);
  EXPECT_EQ(audit.machine_version, kMachineVersion);
}

// Walks one proposal from DRAFT to ACCEPTED with a different person at each step,
// checking who is recorded as last approver and assigned verifier along the way.
TEST(MachineDecisionTest, HappyPathBookkeeping) {
  struct Step {
    Event event;
    Role role;
    std::string subject;
    std::optional<bool> verdict;
    State to;
    std::string last_approver_after;
    std::string verifier_after;
  };
  const std::vector<Step> steps = {
      {Event::kUpdateDraft, Role::kVillageOperator, "op", std::nullopt, State::kDraft, "", ""},
      {Event::kSubmit, Role::kVillageOperator, "op", std::nullopt, State::kSubmitted, "", ""},
      {Event::kNikChecked, Role::kSystem, "sys", false, State::kNikMismatch, "", ""},
      {Event::kCorrect, Role::kVillageOperator, "op", std::nullopt, State::kSubmitted, "", ""},
      {Event::kNikChecked, Role::kSystem, "sys", true, State::kPrelist, "", ""},
      {Event::kDeliberate, Role::kVillageHead, "kades", true, State::kAgreed, "kades", ""},
      {Event::kAssignVerifier, Role::kVillageOperator, "op", std::nullopt, State::kInVerification,
       "kades", "value-of-verifier_id"},
      {Event::kRecordVisit, Role::kVerifier, "value-of-verifier_id", true, State::kVerified,
       "value-of-verifier_id", "value-of-verifier_id"},
      {Event::kFinalizeVillage, Role::kVillageHead, "kades", std::nullopt, State::kVillageFinal,
       "kades", "value-of-verifier_id"},
      {Event::kMissCutoff, Role::kSystem, "sys", std::nullopt, State::kDeferred, "kades",
       "value-of-verifier_id"},
      {Event::kOpenReview, Role::kSystem, "sys", std::nullopt, State::kDistrictReview, "kades",
       "value-of-verifier_id"},
      {Event::kApprove, Role::kDistrictOfficer, "dinsos", std::nullopt, State::kDistrictApproved,
       "dinsos", "value-of-verifier_id"},
      {Event::kRatify, Role::kRegent, "bupati", std::nullopt, State::kRatified, "bupati",
       "value-of-verifier_id"},
      {Event::kSubmitToProvince, Role::kDistrictOfficer, "dinsos", std::nullopt,
       State::kProvinceReview, "bupati", "value-of-verifier_id"},
      {Event::kForward, Role::kProvinceOfficer, "dinsosprov", std::nullopt, State::kCentralReview,
       "dinsosprov", "value-of-verifier_id"},
      {Event::kDecide, Role::kCentralReviewer, "pusdatin", true, State::kAccepted, "pusdatin",
       "value-of-verifier_id"},
  };
  ProposalSnapshot proposal;
  proposal.state = State::kDraft;
  proposal.version = 1;
  proposal.desa_code = kDesa;
  for (const Step& step : steps) {
    SCOPED_TRACE(std::string(Name(step.event)));
    TransitionRequest request;
    request.proposal = proposal;
    request.event = step.event;
    request.actor = Actor{step.subject, step.role, RegionFor(step.role)};
    request.payload = MinimalPayload(step.event, step.verdict);
    const absl::StatusOr<Decision> decision = Decide(request);
    ASSERT_TRUE(decision.ok()) << decision.status();
    EXPECT_EQ(decision->next_state, step.to);
    EXPECT_EQ(decision->last_approver, step.last_approver_after);
    EXPECT_EQ(decision->assigned_verifier, step.verifier_after);
    EXPECT_EQ(decision->next_version, proposal.version + 1);
    proposal.state = decision->next_state;
    proposal.version = decision->next_version;
    proposal.last_approver = decision->last_approver;
    proposal.assigned_verifier = decision->assigned_verifier;
  }
  EXPECT_EQ(proposal.state, State::kAccepted);
  EXPECT_EQ(proposal.version, 17);
}

TEST(MachineDecisionTest, ReturnedProposalNeedsANewDeliberation) {
  TransitionRequest request = RequestFor(State::kReturned, Event::kRework, Role::kVillageOperator);
  const absl::StatusOr<Decision> decision = Decide(request);
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->next_state, State::kPrelist);
  // Rework is not an approval: whatever approver is on record stays.
  EXPECT_EQ(decision->last_approver, kSomeoneElse);
}

TEST(MachineDecisionTest, ReturnRestartsTheApprovalChainSoTheSameHeadCanDeliberateAgain) {
  // The kepala desa finalized the village list; Dinsos returns the proposal.
  TransitionRequest back = RequestFor(State::kDistrictReview, Event::kReturn, Role::kDistrictOfficer);
  back.proposal.last_approver = "kades";
  const absl::StatusOr<Decision> returned = Decide(back);
  ASSERT_TRUE(returned.ok()) << returned.status();
  EXPECT_EQ(returned->last_approver, "");

  TransitionRequest again = RequestFor(State::kPrelist, Event::kDeliberate, Role::kVillageHead);
  again.actor.subject = "kades";
  again.proposal.last_approver = returned->last_approver;
  EXPECT_TRUE(Decide(again).ok());
}

TEST(MachineDecisionTest, CheckActorRefusesRolesThatNeverOwnTheEvent) {
  Actor head{"kades", Role::kVillageHead, "3201012001"};
  Actor operator_actor{"op", Role::kVillageOperator, "3201012001"};
  EXPECT_EQ(RefusalOf(CheckActor(head, Event::kSubmit, "3201012001")), Refusal::kRoleNotAllowed);
  EXPECT_TRUE(CheckActor(operator_actor, Event::kSubmit, "3201012001").ok());
  EXPECT_EQ(RefusalOf(CheckActor(operator_actor, Event::kSubmit, "3201012002")),
            Refusal::kOutOfRegion);
}

// The role alone, before any field or proposal: Pusdatin decides, the district
// confirms; every other role never does.
TEST(MachineDecisionTest, CheckRoleMayAnswersByTheRoleAlone) {
  for (Role role : kAllRoles) {
    EXPECT_EQ(CheckRoleMay(role, Event::kDecide).ok(), role == Role::kCentralReviewer)
        << Name(role);
    EXPECT_EQ(CheckRoleMay(role, Event::kConfirm).ok(), role == Role::kDistrictOfficer)
        << Name(role);
  }
  EXPECT_EQ(RefusalOf(CheckRoleMay(Role::kVillageOperator, Event::kDecide)),
            Refusal::kRoleNotAllowed);
}

// --- Refusal plumbing. ---

TEST(MachineRefusalTest, RefusalStatusRoundTripsWithItsCode) {
  const std::vector<std::pair<Refusal, absl::StatusCode>> cases = {
      {Refusal::kOutOfRegion, absl::StatusCode::kPermissionDenied},
      {Refusal::kRoleScopeMismatch, absl::StatusCode::kPermissionDenied},
      {Refusal::kTerminalState, absl::StatusCode::kFailedPrecondition},
      {Refusal::kEventNotAllowedInState, absl::StatusCode::kFailedPrecondition},
      {Refusal::kRoleNotAllowed, absl::StatusCode::kPermissionDenied},
      {Refusal::kNotAssignedVerifier, absl::StatusCode::kPermissionDenied},
      {Refusal::kSeparationOfDuties, absl::StatusCode::kPermissionDenied},
      {Refusal::kMissingEvidence, absl::StatusCode::kInvalidArgument},
  };
  std::set<std::string> names;
  for (const auto& [refusal, code] : cases) {
    const absl::Status status = RefusalStatus(refusal, "why");
    EXPECT_EQ(status.code(), code) << Name(refusal);
    EXPECT_EQ(Msg(status), "why");
    EXPECT_EQ(RefusalOf(status), refusal);
    names.insert(std::string(Name(refusal)));
  }
  EXPECT_EQ(names.size(), cases.size());
}

TEST(MachineRefusalTest, OtherStatusesCarryNoRefusal) {
  EXPECT_EQ(RefusalOf(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(RefusalOf(absl::PermissionDeniedError("x")), std::nullopt);
  absl::Status odd = absl::InternalError("x");
  odd.SetPayload("type.usulan/workflow.Refusal", absl::Cord("NOT_A_REFUSAL"));
  EXPECT_EQ(RefusalOf(odd), std::nullopt);
}

TEST(MachineRefusalTest, TerminalMessageNamesStateAndEvent) {
  const absl::Status status =
      Decide(RequestFor(State::kWithdrawn, Event::kSubmit, Role::kVillageOperator)).status();
  EXPECT_THAT(Msg(status), HasSubstr("event submit is not allowed in state WITHDRAWN"));
}

// --- Creation. ---

TEST(MachineCreationTest, VillageOperatorCreatesADraft) {
  for (Kind kind : kAllKinds) {
    if (kind == Kind::kObjection) continue;  // only citizens object (routes_test.cc)
    const absl::StatusOr<AuditRecord> audit =
        DecideCreation(ActorFor(Role::kVillageOperator), kDesa, kind, Route::kVillage, "new family");
    ASSERT_TRUE(audit.ok()) << audit.status();
    EXPECT_EQ(audit->from, std::nullopt);
    EXPECT_EQ(audit->to, State::kDraft);
    EXPECT_EQ(audit->event, "create");
    EXPECT_EQ(audit->actor_id, "user-village_operator");
    EXPECT_EQ(audit->role, Role::kVillageOperator);
    EXPECT_EQ(audit->region, kDesa);
    EXPECT_EQ(audit->reason, "new family");
    EXPECT_EQ(audit->attributes,
              (std::map<std::string, std::string>{{"kind", std::string(Name(kind))}}));
    EXPECT_TRUE(audit->evidence_hashes.empty());
    EXPECT_EQ(audit->machine_version, kMachineVersion);
  }
}

TEST(MachineCreationTest, OnlyVillageOperatorsOfTheDesaCreate) {
  for (Role role : kAllRoles) {
    if (role == Role::kVillageOperator) continue;
    const absl::StatusOr<AuditRecord> audit = DecideCreation(ActorFor(role), kDesa, Kind::kNew, Route::kVillage, "");
    EXPECT_EQ(RefusalOf(audit.status()), Refusal::kRoleNotAllowed) << Name(role);
    EXPECT_EQ(audit.status().code(), absl::StatusCode::kPermissionDenied);
  }
  Actor neighbour = ActorFor(Role::kVillageOperator);
  neighbour.region = kOtherDesa;
  EXPECT_EQ(RefusalOf(DecideCreation(neighbour, kDesa, Kind::kNew, Route::kVillage, "").status()),
            Refusal::kOutOfRegion);
  Actor district_token = ActorFor(Role::kVillageOperator);
  district_token.region = kKabupaten;
  EXPECT_EQ(RefusalOf(DecideCreation(district_token, kDesa, Kind::kNew, Route::kVillage, "").status()),
            Refusal::kRoleScopeMismatch);
}


TEST(MachineLapseTest, OnlyObjectionsLapse) {
  for (Kind kind : kAllKinds) {
    TransitionRequest request = RequestFor(State::kPrelist, Event::kLapse, Role::kSystem);
    request.proposal.kind = kind;
    SCOPED_TRACE(std::string(Name(kind)));
    const absl::StatusOr<Decision> decision = Decide(request);
    if (kind == Kind::kObjection) {
      ASSERT_TRUE(decision.ok()) << decision.status();
      EXPECT_EQ(decision->next_state, State::kWithdrawn);
      EXPECT_EQ(decision->audit.event, "lapse");
    } else {
      EXPECT_EQ(RefusalOf(decision.status()), Refusal::kWrongKind);
      EXPECT_EQ(decision.status().code(), absl::StatusCode::kFailedPrecondition);
    }
  }
}

TEST(MachineLapseTest, AVerifiedObjectionNoLongerLapses) {
  for (State state : {State::kVerified, State::kVillageFinal, State::kDistrictReview}) {
    TransitionRequest request = RequestFor(state, Event::kLapse, Role::kSystem);
    EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kEventNotAllowedInState);
  }
}


// --- What a console may offer. ---

// AllowedEvents offers exactly the events Decide accepts with complete evidence, for
// every state and role, assigned or not, having approved last or not, objection or not.
TEST(MachineAllowedEventsTest, OffersExactlyWhatDecideAccepts) {
  int offered = 0;
  for (State state : kAllStates) {
    for (Role role : kAllRoles) {
      for (bool assigned_to_actor : {true, false}) {
        for (bool approved_last : {true, false}) {
          for (Kind kind : {Kind::kNew, Kind::kObjection}) {
            ProposalSnapshot proposal;
            proposal.state = state;
            proposal.version = 3;
            proposal.kind = kind;
            proposal.desa_code = kDesa;
            const Actor actor = ActorFor(role);
            proposal.assigned_verifier = assigned_to_actor ? actor.subject : kSomeoneElse;
            proposal.last_approver = approved_last ? actor.subject : kSomeoneElse;
            std::vector<Event> accepted;
            for (Event event : kAllEvents) {
              TransitionRequest request{.proposal = proposal, .event = event, .actor = actor};
              request.payload = MinimalPayload(
                  event, HasVerdict(event) ? std::optional<bool>(true) : std::nullopt);
              if (Decide(request).ok()) accepted.push_back(event);
            }
            SCOPED_TRACE(std::string(Name(state)) + " / " + std::string(Name(role)));
            const std::vector<Event> allowed = AllowedEvents(proposal, actor);
            EXPECT_EQ(allowed, accepted);
            offered += static_cast<int>(allowed.size());
          }
        }
      }
    }
  }
  EXPECT_GT(offered, 0);
}

TEST(MachineAllowedEventsTest, NothingOutsideTheRegionOrForAnAuditor) {
  ProposalSnapshot proposal;
  proposal.state = State::kDistrictReview;
  proposal.desa_code = kDesa;
  Actor officer = ActorFor(Role::kDistrictOfficer);
  EXPECT_FALSE(AllowedEvents(proposal, officer).empty());
  officer.region = "9999";
  EXPECT_TRUE(AllowedEvents(proposal, officer).empty());
  EXPECT_TRUE(AllowedEvents(proposal, ActorFor(Role::kAuditor)).empty());
}

}  // namespace
}  // namespace usulan::workflow
