// Machine version 4: every route's rows, written out here from register-design
// (docs/lifecycle.md, "Routes into the register") independently of machine.cc, and
// checked against Decide for every (route, state, event, role, verdict).
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "workflow/machine.h"
#include "workflow/test_world.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;

using test_world::kDesa;
constexpr char kOtherDesa[] = "3201012002";
using test_world::kKabupaten;
constexpr char kOtherKabupaten[] = "3202";

// One line per row: routes (V = VILLAGE, CP = CITIZEN_PROPOSAL, CO =
// CITIZEN_OBJECTION, D = DISTRICT, C = CENTRAL, P = PBI_JK, * = all), from, event,
// verdict (- / true / false), to, roles (comma-separated).
constexpr char kExpectedV4[] = R"(
V          DRAFT update_draft - DRAFT village_operator
V          DRAFT submit - SUBMITTED village_operator
V,CP       SUBMITTED nik_checked true PRELIST system
V,CP,D,P   SUBMITTED nik_checked false NIK_MISMATCH system
V,CP       NIK_MISMATCH correct - SUBMITTED village_operator
V,CP       PRELIST deliberate true AGREED village_head
V,CP       PRELIST deliberate false REJECTED_IN_DELIBERATION village_head
V,CP       AGREED assign_verifier - IN_VERIFICATION village_operator,district_officer
V,CP,CO,D  IN_VERIFICATION record_visit true VERIFIED verifier
V,CP,CO,D  IN_VERIFICATION record_visit false NOT_ELIGIBLE verifier
V,CP       VERIFIED finalize_village - VILLAGE_FINAL village_head
V,CP       VILLAGE_FINAL open_review - DISTRICT_REVIEW district_officer,system
V,CP       VILLAGE_FINAL miss_cutoff - DEFERRED system
V,CP       DEFERRED open_review - DISTRICT_REVIEW district_officer,system
V,CP,CO,D  DISTRICT_REVIEW approve - DISTRICT_APPROVED district_officer
V,CP,CO,D  DISTRICT_REVIEW return - RETURNED district_officer
V,CP       RETURNED rework - PRELIST village_operator
V,CP,CO,D  DISTRICT_APPROVED ratify - RATIFIED regent
V,CP,CO,D  RATIFIED submit_to_province - PROVINCE_REVIEW district_officer
V,CP,CO,D  PROVINCE_REVIEW forward - CENTRAL_REVIEW province_officer
V,CP,CO,D  PROVINCE_REVIEW return - RETURNED province_officer
*          CENTRAL_REVIEW decide true ACCEPTED central_reviewer
*          CENTRAL_REVIEW decide false REJECTED central_reviewer
V,CP,CO,D  CENTRAL_REVIEW return - RETURNED central_reviewer
V          DRAFT withdraw - WITHDRAWN village_operator
V,CP       SUBMITTED withdraw - WITHDRAWN village_operator
V,CP       NIK_MISMATCH withdraw - WITHDRAWN village_operator
V,CP       PRELIST withdraw - WITHDRAWN village_operator
V,CP       AGREED withdraw - WITHDRAWN village_operator
V,CP       IN_VERIFICATION withdraw - WITHDRAWN village_operator
V,CP       VERIFIED withdraw - WITHDRAWN village_operator
V,CP       VILLAGE_FINAL withdraw - WITHDRAWN village_operator
V,CP       DISTRICT_REVIEW withdraw - WITHDRAWN village_operator
V,CP       RETURNED withdraw - WITHDRAWN village_operator
V,CP       DEFERRED withdraw - WITHDRAWN village_operator
V          DRAFT lapse - WITHDRAWN system
V,CP       SUBMITTED lapse - WITHDRAWN system
V,CP       NIK_MISMATCH lapse - WITHDRAWN system
V,CP       PRELIST lapse - WITHDRAWN system
V,CP       AGREED lapse - WITHDRAWN system
V,CP,CO    IN_VERIFICATION lapse - WITHDRAWN system
*          REJECTED_IN_DELIBERATION erase_personal_data - REJECTED_IN_DELIBERATION district_officer,central_reviewer
*          NOT_ELIGIBLE erase_personal_data - NOT_ELIGIBLE district_officer,central_reviewer
*          ACCEPTED erase_personal_data - ACCEPTED district_officer,central_reviewer
*          REJECTED erase_personal_data - REJECTED district_officer,central_reviewer
*          WITHDRAWN erase_personal_data - WITHDRAWN district_officer,central_reviewer
CP,C       DECLINED erase_personal_data - DECLINED district_officer,central_reviewer
CP         CITIZEN_PROPOSED take_up - SUBMITTED village_operator
CP         CITIZEN_PROPOSED decline - DECLINED village_operator
CO         OBJECTION_FILED assign_verifier - IN_VERIFICATION district_officer
CO         OBJECTION_FILED lapse - WITHDRAWN system
CO,D       VERIFIED open_review - DISTRICT_REVIEW district_officer
CO,D       RETURNED rework - DISTRICT_REVIEW district_officer
D,P        DRAFT update_draft - DRAFT district_officer
D,P        DRAFT submit - SUBMITTED district_officer
D          SUBMITTED nik_checked true AWAITING_VISIT system
P          SUBMITTED nik_checked true CENTRAL_REVIEW system
D,P        NIK_MISMATCH correct - SUBMITTED district_officer
D          AWAITING_VISIT assign_verifier - IN_VERIFICATION district_officer
D,P        DRAFT withdraw - WITHDRAWN district_officer
D,P        SUBMITTED withdraw - WITHDRAWN district_officer
D,P        NIK_MISMATCH withdraw - WITHDRAWN district_officer
D          AWAITING_VISIT withdraw - WITHDRAWN district_officer
D          IN_VERIFICATION withdraw - WITHDRAWN district_officer
D          VERIFIED withdraw - WITHDRAWN district_officer
D          DISTRICT_REVIEW withdraw - WITHDRAWN district_officer
D          RETURNED withdraw - WITHDRAWN district_officer
C          AWAITING_CONFIRMATION confirm true CENTRAL_REVIEW district_officer
C          AWAITING_CONFIRMATION confirm false DECLINED district_officer
)";

struct Row {
  Route route;
  State from;
  Event event;
  std::optional<bool> verdict;
  State to;
  std::set<Role> roles;
};

std::vector<Route> RoutesOf(const std::string& codes) {
  static const std::map<std::string, Route> kCodes = {
      {"V", Route::kVillage},  {"CP", Route::kCitizenProposal}, {"CO", Route::kCitizenObjection},
      {"D", Route::kDistrict}, {"C", Route::kCentral},          {"P", Route::kPbiJk}};
  if (codes == "*") return {kAllRoutes.begin(), kAllRoutes.end()};
  std::vector<Route> out;
  std::stringstream in(codes);
  for (std::string code; std::getline(in, code, ',');) out.push_back(kCodes.at(code));
  return out;
}

const std::vector<Row>& ExpectedRows() {
  static const auto* const kRows = [] {
    auto* rows = new std::vector<Row>();
    std::stringstream lines(kExpectedV4);
    for (std::string line; std::getline(lines, line);) {
      if (line.empty()) continue;
      std::stringstream words(line);
      std::string routes, from, event, verdict, to, roles;
      words >> routes >> from >> event >> verdict >> to >> roles;
      std::set<Role> role_set;
      std::stringstream role_words(roles);
      for (std::string role; std::getline(role_words, role, ',');) {
        role_set.insert(ParseRole(role).value());
      }
      for (Route route : RoutesOf(routes)) {
        rows->push_back({route, ParseState(from).value(), ParseEvent(event).value(),
                         verdict == "-" ? std::nullopt : std::optional<bool>(verdict == "true"),
                         ParseState(to).value(), role_set});
      }
    }
    return rows;
  }();
  return *kRows;
}

const Row* FindRow(Route route, State state, Event event, std::optional<bool> verdict) {
  for (const Row& row : ExpectedRows()) {
    if (row.route == route && row.from == state && row.event == event &&
        (!row.verdict.has_value() || row.verdict == verdict)) {
      return &row;
    }
  }
  return nullptr;
}

bool Defined(Route route, State state, Event event) {
  return std::any_of(ExpectedRows().begin(), ExpectedRows().end(), [&](const Row& row) {
    return row.route == route && row.from == state && row.event == event;
  });
}

bool HasVerdict(Event event) {
  for (const Row& row : ExpectedRows()) {
    if (row.event == event && row.verdict.has_value()) return true;
  }
  return false;
}


Actor ActorFor(Role role) { return Actor{"user-" + std::string(Name(role)), role, test_world::RegionFor(role)}; }

// A payload that satisfies RequiredEvidence and Decide's conditional rules: this file
// tests the routes, machine_test.cc the evidence.
Payload CompletePayload(Event event, std::optional<bool> verdict) {
  const EvidenceRule& rule = RequiredEvidence(event);
  Payload payload;
  payload.verdict = verdict;
  payload.reason = "alasan";
  for (const std::string& key : rule.required_attributes) payload.attributes[key] = "v-" + key;
  if (event == Event::kDeliberate) payload.attributes["minutes_sha256"] = std::string(64, 'a');
  if (event == Event::kDecide) {
    payload.attributes[verdict.value_or(true) ? "decree_number" : "reason_code"] = "x";
  }
  for (int i = 0; i < rule.min_document_hashes; ++i) {
    payload.document_hashes.push_back(std::string(64, static_cast<char>('0' + i)));
  }
  return payload;
}

Kind KindOn(Route route) {
  switch (route) {
    case Route::kCitizenObjection:
      return Kind::kObjection;
    case Route::kCentral:
      return Kind::kDeactivation;
    case Route::kPbiJk:
      return Kind::kReactivation;
    default:
      return Kind::kNew;
  }
}

TransitionRequest RequestFor(Route route, State state, Event event, Role role,
                             std::optional<bool> verdict) {
  TransitionRequest request;
  request.actor = ActorFor(role);
  request.proposal.state = state;
  request.proposal.version = 5;
  request.proposal.route = route;
  request.proposal.machine_version = 4;
  request.proposal.desa_code = kDesa;
  // Lapse is for objections only, on every route; the other events ignore the kind.
  request.proposal.kind = event == Event::kLapse ? Kind::kObjection : KindOn(route);
  request.proposal.assigned_verifier = request.actor.subject;
  request.proposal.last_approver = "someone-else";
  request.event = event;
  request.payload = CompletePayload(event, verdict);
  return request;
}

TEST(RoutesTableTest, EveryRouteStateEventRoleVerdictIsARowOrItsRefusal) {
  int cases = 0;
  int allowed = 0;
  for (Route route : kAllRoutes) {
    for (State state : kAllStates) {
      for (Event event : kAllEvents) {
        for (Role role : kAllRoles) {
          for (std::optional<bool> verdict :
               HasVerdict(event) ? std::vector<std::optional<bool>>{true, false}
                                 : std::vector<std::optional<bool>>{std::nullopt}) {
            ++cases;
            const TransitionRequest request = RequestFor(route, state, event, role, verdict);
            SCOPED_TRACE(std::string(Name(route)) + " " + std::string(Name(state)) + " " +
                         std::string(Name(event)) + " " + std::string(Name(role)) +
                         (verdict.has_value() ? (*verdict ? " true" : " false") : ""));
            const absl::StatusOr<Decision> decision = Decide(request);
            const Row* row = FindRow(route, state, event, verdict);
            if (row != nullptr && row->roles.count(role) == 1) {
              ++allowed;
              ASSERT_TRUE(decision.ok()) << decision.status();
              EXPECT_EQ(decision->next_state, row->to);
              EXPECT_EQ(decision->audit.machine_version, 4);
              EXPECT_EQ(decision->audit.event, Name(event));
              continue;
            }
            ASSERT_FALSE(decision.ok());
            const std::string on_route =
                route == Route::kVillage ? "" : " on route " + std::string(Name(route));
            if (!Defined(route, state, event) && IsTerminal(state)) {
              EXPECT_EQ(RefusalOf(decision.status()), Refusal::kTerminalState);
            } else if (!Defined(route, state, event)) {
              EXPECT_EQ(RefusalOf(decision.status()), Refusal::kEventNotAllowedInState);
              EXPECT_EQ(decision.status().message(),
                        "event " + std::string(Name(event)) + " is not allowed in state " +
                            std::string(Name(state)) + on_route);
            } else {
              EXPECT_EQ(RefusalOf(decision.status()), Refusal::kRoleNotAllowed);
              EXPECT_THAT(std::string(decision.status().message()), HasSubstr(on_route));
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(cases, 6 * 25 * 23 * 10 + 6 * 25 * 5 * 10);
  EXPECT_GT(allowed, 0);
}

// The table has no row the golden list lacks (the exhaustive test proves the
// converse through Decide).
TEST(RoutesTableTest, EveryTableRowIsExpected) {
  int rows = 0;
  for (const TransitionRule& rule : TransitionTable(4)) {
    for (Route route : rule.routes) {
      ++rows;
      const Row* row = FindRow(route, rule.from, rule.event, rule.verdict);
      ASSERT_NE(row, nullptr) << Name(route) << " " << Name(rule.from) << " " << Name(rule.event);
      EXPECT_EQ(row->to, rule.to);
      EXPECT_EQ(row->roles, std::set<Role>(rule.roles.begin(), rule.roles.end()));
    }
  }
  EXPECT_EQ(rows, static_cast<int>(ExpectedRows().size()));
}

// Version 3 knows only VILLAGE: a proposal of another route under it has no rows.
TEST(RoutesTableTest, VersionThreeKnowsNoOtherRoute) {
  for (int version : {1, 2, 3}) {
    for (const TransitionRule& rule : TransitionTable(version)) {
      EXPECT_EQ(rule.routes, std::vector<Route>{Route::kVillage});
    }
  }
  TransitionRequest request = RequestFor(Route::kCitizenProposal, State::kCitizenProposed,
                                         Event::kTakeUp, Role::kVillageOperator, std::nullopt);
  request.proposal.machine_version = 3;
  EXPECT_EQ(RefusalOf(Decide(request).status()), Refusal::kEventNotAllowedInState);
  // A version 3 proposal's transitions record the version that decided them.
  TransitionRequest old = RequestFor(Route::kVillage, State::kDraft, Event::kSubmit,
                                     Role::kVillageOperator, std::nullopt);
  old.proposal.machine_version = 3;
  ASSERT_TRUE(Decide(old).ok());
  EXPECT_EQ(Decide(old)->audit.machine_version, 3);
}

// --- Each route's path from creation to ACCEPTED. ---

struct Step {
  Event event;
  Role role;
  std::optional<bool> verdict;
  State expected;
};

// Creates on `route` and walks `steps`, each by a distinct person so that
// separation of duties never bites, with the verifier assigned to themselves.
void Walk(Route route, Role creator, const std::vector<Step>& steps) {
  SCOPED_TRACE(std::string(Name(route)));
  const absl::StatusOr<AuditRecord> created =
      DecideCreation(ActorFor(creator), kDesa, KindOn(route), route, "alasan");
  ASSERT_TRUE(created.ok()) << created.status();
  ProposalSnapshot proposal;
  proposal.state = created->to;
  proposal.version = 1;
  proposal.kind = KindOn(route);
  proposal.route = route;
  proposal.desa_code = kDesa;
  int n = 0;
  for (const Step& step : steps) {
    SCOPED_TRACE(std::string(Name(proposal.state)) + " " + std::string(Name(step.event)));
    TransitionRequest request{.proposal = proposal, .event = step.event,
                              .actor = ActorFor(step.role)};
    request.actor.subject += "-" + std::to_string(++n);
    request.payload = CompletePayload(step.event, step.verdict);
    if (step.event == Event::kAssignVerifier) {
      request.payload.attributes["verifier_id"] = "user-verifier-" + std::to_string(n + 1);
    }
    const absl::StatusOr<Decision> decision = Decide(request);
    ASSERT_TRUE(decision.ok()) << decision.status();
    ASSERT_EQ(decision->next_state, step.expected);
    proposal.state = decision->next_state;
    proposal.version = decision->next_version;
    proposal.assigned_verifier = decision->assigned_verifier;
    proposal.last_approver = decision->last_approver;
  }
  EXPECT_EQ(proposal.state, State::kAccepted);
}

std::vector<Step> Ladder() {
  using S = State;
  using E = Event;
  using R = Role;
  return {{E::kApprove, R::kDistrictOfficer, std::nullopt, S::kDistrictApproved},
          {E::kRatify, R::kRegent, std::nullopt, S::kRatified},
          {E::kSubmitToProvince, R::kDistrictOfficer, std::nullopt, S::kProvinceReview},
          {E::kForward, R::kProvinceOfficer, std::nullopt, S::kCentralReview},
          {E::kDecide, R::kCentralReviewer, true, S::kAccepted}};
}

std::vector<Step> Then(std::vector<Step> first, const std::vector<Step>& rest) {
  first.insert(first.end(), rest.begin(), rest.end());
  return first;
}

TEST(RoutesPathTest, EveryRouteReachesAccepted) {
  using S = State;
  using E = Event;
  using R = Role;
  const std::vector<Step> village_stage = {
      {E::kNikChecked, R::kSystem, true, S::kPrelist},
      {E::kDeliberate, R::kVillageHead, true, S::kAgreed},
      {E::kAssignVerifier, R::kVillageOperator, std::nullopt, S::kInVerification},
      {E::kRecordVisit, R::kVerifier, true, S::kVerified},
      {E::kFinalizeVillage, R::kVillageHead, std::nullopt, S::kVillageFinal},
      {E::kOpenReview, R::kDistrictOfficer, std::nullopt, S::kDistrictReview}};
  Walk(Route::kVillage, R::kVillageOperator,
       Then(Then({{E::kSubmit, R::kVillageOperator, std::nullopt, S::kSubmitted}}, village_stage),
            Ladder()));
  Walk(Route::kCitizenProposal, R::kCitizen,
       Then(Then({{E::kTakeUp, R::kVillageOperator, std::nullopt, S::kSubmitted}}, village_stage),
            Ladder()));
  Walk(Route::kCitizenObjection, R::kCitizen,
       Then({{E::kAssignVerifier, R::kDistrictOfficer, std::nullopt, S::kInVerification},
             {E::kRecordVisit, R::kVerifier, true, S::kVerified},
             {E::kOpenReview, R::kDistrictOfficer, std::nullopt, S::kDistrictReview}},
            Ladder()));
  Walk(Route::kDistrict, R::kDistrictOfficer,
       Then({{E::kSubmit, R::kDistrictOfficer, std::nullopt, S::kSubmitted},
             {E::kNikChecked, R::kSystem, true, S::kAwaitingVisit},
             {E::kAssignVerifier, R::kDistrictOfficer, std::nullopt, S::kInVerification},
             {E::kRecordVisit, R::kVerifier, true, S::kVerified},
             {E::kOpenReview, R::kDistrictOfficer, std::nullopt, S::kDistrictReview}},
            Ladder()));
  Walk(Route::kCentral, R::kCentralReviewer,
       {{E::kConfirm, R::kDistrictOfficer, true, S::kCentralReview},
        {E::kDecide, R::kCentralReviewer, true, S::kAccepted}});
  Walk(Route::kPbiJk, R::kDistrictOfficer,
       {{E::kSubmit, R::kDistrictOfficer, std::nullopt, S::kSubmitted},
        {E::kNikChecked, R::kSystem, true, S::kCentralReview},
        {E::kDecide, R::kCentralReviewer, true, S::kAccepted}});
}

// --- Creation per route. ---

TEST(RoutesCreationTest, EachRouteHasItsCreatorKindsAndEntryState) {
  struct Case {
    Route route;
    Role creator;
    std::set<Kind> kinds;
    State entry;
  };
  const std::set<Kind> all_but_objection = {Kind::kNew, Kind::kCorrection, Kind::kDeactivation,
                                            Kind::kReactivation};
  const Case cases[] = {
      {Route::kVillage, Role::kVillageOperator, all_but_objection, State::kDraft},
      {Route::kCitizenProposal, Role::kCitizen, all_but_objection, State::kCitizenProposed},
      {Route::kCitizenObjection, Role::kCitizen, {Kind::kObjection}, State::kObjectionFiled},
      {Route::kDistrict, Role::kDistrictOfficer, all_but_objection, State::kDraft},
      {Route::kCentral, Role::kCentralReviewer, {Kind::kDeactivation},
       State::kAwaitingConfirmation},
      {Route::kPbiJk, Role::kDistrictOfficer, {Kind::kReactivation}, State::kDraft},
  };
  ASSERT_EQ(std::size(cases), kAllRoutes.size());
  for (const Case& c : cases) {
    EXPECT_EQ(EntryState(c.route), c.entry);
    for (Role role : kAllRoles) {
      for (Kind kind : kAllKinds) {
        SCOPED_TRACE(std::string(Name(c.route)) + " " + std::string(Name(role)) + " " +
                     std::string(Name(kind)));
        const absl::StatusOr<AuditRecord> audit =
            DecideCreation(ActorFor(role), kDesa, kind, c.route, "alasan");
        if (role != c.creator) {
          EXPECT_EQ(RefusalOf(audit.status()), Refusal::kRoleNotAllowed);
          EXPECT_EQ(audit.status().code(), absl::StatusCode::kPermissionDenied);
        } else if (c.kinds.count(kind) == 0) {
          EXPECT_EQ(RefusalOf(audit.status()), Refusal::kWrongKind);
          EXPECT_EQ(audit.status().code(), absl::StatusCode::kFailedPrecondition);
        } else {
          ASSERT_TRUE(audit.ok()) << audit.status();
          EXPECT_EQ(audit->to, c.entry);
          EXPECT_EQ(audit->from, std::nullopt);
          EXPECT_EQ(audit->machine_version, 4);
          EXPECT_EQ(audit->attributes.at("kind"), Name(kind));
          EXPECT_EQ(audit->attributes.count("route"), c.route == Route::kVillage ? 0u : 1u);
        }
      }
    }
  }
}

TEST(RoutesCreationTest, CitizensFileOnlyInTheirOwnDesa) {
  Actor citizen = ActorFor(Role::kCitizen);
  citizen.region = kOtherDesa;
  EXPECT_EQ(RefusalOf(DecideCreation(citizen, kDesa, Kind::kNew, Route::kCitizenProposal, "")
                          .status()),
            Refusal::kOutOfRegion);
  citizen.region = kKabupaten;
  EXPECT_EQ(RefusalOf(DecideCreation(citizen, kDesa, Kind::kObjection, Route::kCitizenObjection,
                                     "")
                          .status()),
            Refusal::kRoleScopeMismatch);
  EXPECT_TRUE(RoleFitsRegionLevel(Role::kCitizen, kDesa));
  EXPECT_FALSE(RoleFitsRegionLevel(Role::kCitizen, kKabupaten));
  EXPECT_FALSE(RoleFitsRegionLevel(Role::kCitizen, ""));
}

TEST(RoutesCreationTest, ObjectionsAndPbiJkCarryTheirEvidence) {
  Payload objection;
  objection.document_hashes = {std::string(64, 'b')};
  objection.attributes = {{"latitude", "-6.2146"}, {"longitude", "106.8451"}};
  EXPECT_TRUE(CheckCreationEvidence(Route::kCitizenObjection, objection).ok());
  struct Case {
    std::string what;
    Payload payload;
    std::string field;
  };
  auto with = [&](auto change) {
    Payload p = objection;
    change(p);
    return p;
  };
  const Case cases[] = {
      {"no photo", with([](Payload& p) { p.document_hashes.clear(); }), "document_hashes"},
      {"bad hash", with([](Payload& p) { p.document_hashes = {"ABC"}; }), "document_hashes[0]"},
      {"no latitude", with([](Payload& p) { p.attributes.erase("latitude"); }),
       "attributes.latitude"},
      {"blank longitude", with([](Payload& p) { p.attributes["longitude"] = " "; }),
       "attributes.longitude"},
      {"latitude out of range", with([](Payload& p) { p.attributes["latitude"] = "-90.5"; }),
       "attributes.latitude"},
      {"longitude out of range", with([](Payload& p) { p.attributes["longitude"] = "180.01"; }),
       "attributes.longitude"},
      {"exponent", with([](Payload& p) { p.attributes["latitude"] = "1e1"; }),
       "attributes.latitude"},
      {"not a number", with([](Payload& p) { p.attributes["longitude"] = "east"; }),
       "attributes.longitude"},
      {"trailing dot", with([](Payload& p) { p.attributes["latitude"] = "6."; }),
       "attributes.latitude"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const absl::Status status = CheckCreationEvidence(Route::kCitizenObjection, c.payload);
    EXPECT_EQ(RefusalOf(status), Refusal::kMissingEvidence);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(status.message()), HasSubstr(c.field));
  }
  EXPECT_TRUE(CheckCreationEvidence(Route::kCitizenObjection,
                                    with([](Payload& p) {
                                      p.attributes = {{"latitude", "90"}, {"longitude", "-180.0"}};
                                    }))
                  .ok());

  Payload letter;
  EXPECT_EQ(RefusalOf(CheckCreationEvidence(Route::kPbiJk, letter)), Refusal::kMissingEvidence);
  letter.document_hashes = {std::string(64, 'c')};
  EXPECT_TRUE(CheckCreationEvidence(Route::kPbiJk, letter).ok());
  for (Route route : {Route::kVillage, Route::kCitizenProposal, Route::kDistrict,
                      Route::kCentral}) {
    EXPECT_TRUE(CheckCreationEvidence(route, Payload{}).ok()) << Name(route);
  }
}

// --- The plain refusals of the new routes, one line each. ---

// Pusdatin's own filings are deaths from the civil registry's list, nothing else.
TEST(RoutesCreationTest, CentralFilesOnlyDeaths) {
  EXPECT_TRUE(CheckRouteDeactivationReason(Route::kCentral, DeactivationReason::kDeceased).ok());
  const absl::Status moved = CheckRouteDeactivationReason(Route::kCentral, DeactivationReason::kMoved);
  EXPECT_EQ(moved.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RefusalOf(moved), Refusal::kWrongKind);
  EXPECT_THAT(std::string(moved.message()), ::testing::HasSubstr("deactivation_reason"));
  EXPECT_TRUE(CheckRouteDeactivationReason(Route::kVillage, DeactivationReason::kMoved).ok());
}

TEST(RoutesRefusalTest, PlainRefusals) {
  struct Case {
    std::string what;
    Route route;
    State state;
    Event event;
    Role role;
    std::string region;  // "" = the role's own
    std::optional<bool> verdict;
    Refusal refusal;
  };
  const Case cases[] = {
      {"a citizen acting as the operator", Route::kCitizenProposal, State::kCitizenProposed,
       Event::kTakeUp, Role::kCitizen, "", std::nullopt, Refusal::kRoleNotAllowed},
      {"a citizen declining", Route::kCitizenProposal, State::kCitizenProposed, Event::kDecline,
       Role::kCitizen, "", std::nullopt, Refusal::kRoleNotAllowed},
      {"a citizen of another desa", Route::kCitizenProposal, State::kCitizenProposed,
       Event::kTakeUp, Role::kCitizen, kOtherDesa, std::nullopt, Refusal::kOutOfRegion},
      {"the operator of another desa", Route::kCitizenProposal, State::kCitizenProposed,
       Event::kTakeUp, Role::kVillageOperator, kOtherDesa, std::nullopt, Refusal::kOutOfRegion},
      {"the village head takes up", Route::kCitizenProposal, State::kCitizenProposed,
       Event::kTakeUp, Role::kVillageHead, "", std::nullopt, Refusal::kRoleNotAllowed},
      {"the village assigns an objection's verifier", Route::kCitizenObjection,
       State::kObjectionFiled, Event::kAssignVerifier, Role::kVillageOperator, "", std::nullopt,
       Refusal::kRoleNotAllowed},
      {"another kabupaten confirms a death", Route::kCentral, State::kAwaitingConfirmation,
       Event::kConfirm, Role::kDistrictOfficer, kOtherKabupaten, true, Refusal::kOutOfRegion},
      {"the regent confirms", Route::kCentral, State::kAwaitingConfirmation, Event::kConfirm,
       Role::kRegent, "", true, Refusal::kRoleNotAllowed},
      {"Pusdatin decides before the district confirmed", Route::kCentral,
       State::kAwaitingConfirmation, Event::kDecide, Role::kCentralReviewer, "", true,
       Refusal::kEventNotAllowedInState},
      {"a deliberation on the district's route", Route::kDistrict, State::kPrelist,
       Event::kAssignVerifier, Role::kDistrictOfficer, "", std::nullopt,
       Refusal::kEventNotAllowedInState},
      {"the village submits a district draft", Route::kDistrict, State::kDraft, Event::kSubmit,
       Role::kVillageOperator, "", std::nullopt, Refusal::kRoleNotAllowed},
      {"a PBI-JK proposal returned", Route::kPbiJk, State::kCentralReview, Event::kReturn,
       Role::kCentralReviewer, "", std::nullopt, Refusal::kEventNotAllowedInState},
      {"a declined filing taken up", Route::kCitizenProposal, State::kDeclined, Event::kTakeUp,
       Role::kVillageOperator, "", std::nullopt, Refusal::kTerminalState},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    TransitionRequest request = RequestFor(c.route, c.state, c.event, c.role, c.verdict);
    if (!c.region.empty()) request.actor.region = c.region;
    EXPECT_EQ(RefusalOf(Decide(request).status()), c.refusal);
  }
  const absl::Status status =
      Decide(RequestFor(Route::kDistrict, State::kPrelist, Event::kAssignVerifier,
                        Role::kDistrictOfficer, std::nullopt))
          .status();
  EXPECT_EQ(status.message(), "event assign_verifier is not allowed in state PRELIST on route DISTRICT");
  // CheckActor: the citizen owns no event of the table; the district owns confirm.
  EXPECT_EQ(RefusalOf(CheckActor(ActorFor(Role::kCitizen), Event::kTakeUp, kDesa)),
            Refusal::kRoleNotAllowed);
  EXPECT_TRUE(CheckActor(ActorFor(Role::kDistrictOfficer), Event::kConfirm, kDesa).ok());
}

TEST(RoutesEvidenceTest, DeclineAndANegativeConfirmSayWhy) {
  TransitionRequest decline = RequestFor(Route::kCitizenProposal, State::kCitizenProposed,
                                         Event::kDecline, Role::kVillageOperator, std::nullopt);
  decline.payload.reason = "";
  EXPECT_EQ(RefusalOf(Decide(decline).status()), Refusal::kMissingEvidence);
  TransitionRequest refuse = RequestFor(Route::kCentral, State::kAwaitingConfirmation,
                                        Event::kConfirm, Role::kDistrictOfficer, false);
  refuse.payload.reason = "";
  EXPECT_EQ(RefusalOf(Decide(refuse).status()), Refusal::kMissingEvidence);
  TransitionRequest confirm = RequestFor(Route::kCentral, State::kAwaitingConfirmation,
                                         Event::kConfirm, Role::kDistrictOfficer, true);
  confirm.payload.reason = "";
  EXPECT_TRUE(Decide(confirm).ok());
  confirm.payload.verdict.reset();
  EXPECT_EQ(RefusalOf(Decide(confirm).status()), Refusal::kMissingEvidence);
  TransitionRequest take_up = RequestFor(Route::kCitizenProposal, State::kCitizenProposed,
                                         Event::kTakeUp, Role::kVillageOperator, std::nullopt);
  take_up.payload = Payload{};
  EXPECT_TRUE(Decide(take_up).ok());
}

// The district confirms, Pusdatin decides: confirm is an approval step, so the one
// who confirmed is recorded and cannot also be the next approver.
TEST(RoutesEvidenceTest, ConfirmIsAnApprovalStep) {
  TransitionRequest confirm = RequestFor(Route::kCentral, State::kAwaitingConfirmation,
                                         Event::kConfirm, Role::kDistrictOfficer, true);
  const absl::StatusOr<Decision> decision = Decide(confirm);
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->last_approver, confirm.actor.subject);
  confirm.proposal.last_approver = confirm.actor.subject;
  EXPECT_EQ(RefusalOf(Decide(confirm).status()), Refusal::kSeparationOfDuties);
}

}  // namespace
}  // namespace usulan::workflow
