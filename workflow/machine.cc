#include "workflow/machine.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "absl/types/optional.h"
#include "workflow/formats.h"
#include "workflow/region.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

// Not a protobuf type: the refusal travels as its Name so that it survives any
// copy of the status without a schema, and stays readable in logs.
constexpr std::string_view kRefusalTypeUrl = "type.usulan/workflow.Refusal";

constexpr std::pair<Refusal, std::string_view> kRefusalNames[] = {
    {Refusal::kOutOfRegion, "OUT_OF_REGION"},
    {Refusal::kRoleScopeMismatch, "ROLE_SCOPE_MISMATCH"},
    {Refusal::kTerminalState, "TERMINAL_STATE"},
    {Refusal::kEventNotAllowedInState, "EVENT_NOT_ALLOWED_IN_STATE"},
    {Refusal::kRoleNotAllowed, "ROLE_NOT_ALLOWED"},
    {Refusal::kNotAssignedVerifier, "NOT_ASSIGNED_VERIFIER"},
    {Refusal::kSeparationOfDuties, "SEPARATION_OF_DUTIES"},
    {Refusal::kMissingEvidence, "MISSING_EVIDENCE"},
    {Refusal::kWrongKind, "WRONG_KIND"},
};

absl::StatusCode CodeOf(Refusal refusal) {
  switch (refusal) {
    case Refusal::kTerminalState:
    case Refusal::kEventNotAllowedInState:
    case Refusal::kWrongKind:
      return absl::StatusCode::kFailedPrecondition;
    case Refusal::kMissingEvidence:
      return absl::StatusCode::kInvalidArgument;
    case Refusal::kOutOfRegion:
    case Refusal::kRoleScopeMismatch:
    case Refusal::kRoleNotAllowed:
    case Refusal::kNotAssignedVerifier:
    case Refusal::kSeparationOfDuties:
      return absl::StatusCode::kPermissionDenied;
  }
  return absl::StatusCode::kInternal;
}

bool IsBlank(std::string_view value) { return absl::StripAsciiWhitespace(base::AsAbsl(value)).empty(); }

// The table of machine versions 1-3 (they differ only in what the service did
// around it): the VILLAGE route. Never edited: running proposals follow it.
std::vector<TransitionRule> BuildTableV3() {
  using S = State;
  using E = Event;
  using R = Role;
  const std::vector<Role> vo = {R::kVillageOperator};
  const std::vector<Role> vh = {R::kVillageHead};
  const std::vector<Role> dinsos = {R::kDistrictOfficer};
  const std::vector<Role> sys = {R::kSystem};
  constexpr bool kApproval = true;
  constexpr bool kPlain = false;
  // clang-format off
  std::vector<TransitionRule> table = {
      {S::kDraft, E::kUpdateDraft, std::nullopt, S::kDraft, vo, kPlain},
      {S::kDraft, E::kSubmit, std::nullopt, S::kSubmitted, vo, kPlain},
      {S::kSubmitted, E::kNikChecked, true, S::kPrelist, sys, kPlain},
      {S::kSubmitted, E::kNikChecked, false, S::kNikMismatch, sys, kPlain},
      {S::kNikMismatch, E::kCorrect, std::nullopt, S::kSubmitted, vo, kPlain},
      {S::kPrelist, E::kDeliberate, true, S::kAgreed, vh, kApproval},
      {S::kPrelist, E::kDeliberate, false, S::kRejectedInDeliberation, vh, kApproval},
      {S::kAgreed, E::kAssignVerifier, std::nullopt, S::kInVerification,
       {R::kVillageOperator, R::kDistrictOfficer}, kPlain},
      {S::kInVerification, E::kRecordVisit, true, S::kVerified, {R::kVerifier}, kApproval},
      {S::kInVerification, E::kRecordVisit, false, S::kNotEligible, {R::kVerifier},
       kApproval},
      {S::kVerified, E::kFinalizeVillage, std::nullopt, S::kVillageFinal, vh, kApproval},
      {S::kVillageFinal, E::kOpenReview, std::nullopt, S::kDistrictReview,
       {R::kDistrictOfficer, R::kSystem}, kPlain},
      {S::kVillageFinal, E::kMissCutoff, std::nullopt, S::kDeferred, sys, kPlain},
      {S::kDeferred, E::kOpenReview, std::nullopt, S::kDistrictReview,
       {R::kDistrictOfficer, R::kSystem}, kPlain},
      {S::kDistrictReview, E::kApprove, std::nullopt, S::kDistrictApproved, dinsos, kApproval},
      {S::kDistrictReview, E::kReturn, std::nullopt, S::kReturned, dinsos, kPlain},
      {S::kReturned, E::kRework, std::nullopt, S::kPrelist, vo, kPlain},
      {S::kDistrictApproved, E::kRatify, std::nullopt, S::kRatified, {R::kRegent}, kApproval},
      {S::kRatified, E::kSubmitToProvince, std::nullopt, S::kProvinceReview, dinsos, kPlain},
      {S::kProvinceReview, E::kForward, std::nullopt, S::kCentralReview,
       {R::kProvinceOfficer}, kApproval},
      {S::kProvinceReview, E::kReturn, std::nullopt, S::kReturned, {R::kProvinceOfficer},
       kPlain},
      {S::kCentralReview, E::kDecide, true, S::kAccepted, {R::kCentralReviewer}, kApproval},
      {S::kCentralReview, E::kDecide, false, S::kRejected, {R::kCentralReviewer}, kApproval},
      {S::kCentralReview, E::kReturn, std::nullopt, S::kReturned, {R::kCentralReviewer},
       kPlain},
  };
  // A village may pull its proposal back only while the district has not yet
  // committed to it; from DISTRICT_APPROVED on, higher levels own the outcome.
  for (State from : {S::kDraft, S::kSubmitted, S::kNikMismatch, S::kPrelist, S::kAgreed,
                     S::kInVerification, S::kVerified, S::kVillageFinal, S::kDistrictReview,
                     S::kReturned, S::kDeferred}) {
    table.push_back({from, E::kWithdraw, std::nullopt, S::kWithdrawn, vo, kPlain});
  }
  // An objection (sanggah) must be verified within its deadline: until a verifier
  // has recorded the visit, the service lets it lapse.
  for (State from : {S::kDraft, S::kSubmitted, S::kNikMismatch, S::kPrelist, S::kAgreed,
                     S::kInVerification}) {
    table.push_back({from, E::kLapse, std::nullopt, S::kWithdrawn, sys, kPlain});
  }
  // A settled proposal keeps its state and its audit trail; only the household's
  // personal data goes, after the retention period (which the service checks:
  // it needs the clock). Dinsos of the kabupaten holds the register data of its
  // region; Pusdatin nationally. Not an approval step.
  for (State from : {S::kRejectedInDeliberation, S::kNotEligible, S::kAccepted, S::kRejected,
                     S::kWithdrawn}) {
    table.push_back({from, E::kErasePersonalData, std::nullopt, from,
                     {R::kDistrictOfficer, R::kCentralReviewer}, kPlain});
  }
  // clang-format on
  return table;
}


// Where a version 3 row applies in version 4. The village stage (from SUBMITTED on)
// also serves citizens' proposals once the village has taken them up; the record of
// a visit and the ladder from DISTRICT_REVIEW on serve every route that reaches
// them; Pusdatin's decision and the erasure of personal data serve every route.
std::vector<Route> V4RoutesOf(const TransitionRule& rule) {
  using S = State;
  using T = Route;
  const std::vector<Route> village = {T::kVillage, T::kCitizenProposal};
  const std::vector<Route> ladder = {T::kVillage, T::kCitizenProposal, T::kCitizenObjection,
                                     T::kDistrict};
  if (rule.event == Event::kDecide || rule.event == Event::kErasePersonalData) {
    return {kAllRoutes.begin(), kAllRoutes.end()};
  }
  if (rule.from == S::kDraft) return {T::kVillage};
  if (rule.event == Event::kWithdraw || rule.from == S::kReturned) return village;
  if (rule.event == Event::kRecordVisit) return ladder;
  if (rule.event == Event::kLapse && rule.from == S::kInVerification) {
    return {T::kVillage, T::kCitizenProposal, T::kCitizenObjection};
  }
  switch (rule.from) {
    case S::kDistrictReview:
    case S::kDistrictApproved:
    case S::kRatified:
    case S::kProvinceReview:
    case S::kCentralReview:
      return ladder;
    default:
      return village;
  }
}

// Version 4: the version 3 rows, widened to the routes that share them, and the
// rows of the new routes (docs/lifecycle.md, "Routes into the register").
std::vector<TransitionRule> BuildTableV4() {
  using S = State;
  using E = Event;
  using R = Role;
  using T = Route;
  std::vector<TransitionRule> table = BuildTableV3();
  for (TransitionRule& rule : table) rule.routes = V4RoutesOf(rule);

  const std::vector<Role> vo = {R::kVillageOperator};
  const std::vector<Role> dinsos = {R::kDistrictOfficer};
  const std::vector<Role> sys = {R::kSystem};
  const std::vector<Route> citizen = {T::kCitizenProposal};
  const std::vector<Route> objection = {T::kCitizenObjection};
  const std::vector<Route> district = {T::kDistrict};
  const std::vector<Route> pbi = {T::kPbiJk};
  const std::vector<Route> dinsos_files = {T::kDistrict, T::kPbiJk};
  const std::vector<Route> dinsos_verifies = {T::kCitizenObjection, T::kDistrict};
  constexpr bool kApproval = true;
  constexpr bool kPlain = false;
  // clang-format off
  const std::vector<TransitionRule> added = {
      // CITIZEN_PROPOSAL: the village takes the filing up (or not); from SUBMITTED
      // on it is a village proposal.
      {S::kCitizenProposed, E::kTakeUp, std::nullopt, S::kSubmitted, vo, kPlain, citizen},
      {S::kCitizenProposed, E::kDecline, std::nullopt, S::kDeclined, vo, kPlain, citizen},
      // CITIZEN_OBJECTION: the district verifies an objection against its own register.
      {S::kObjectionFiled, E::kAssignVerifier, std::nullopt, S::kInVerification, dinsos,
       kPlain, objection},
      {S::kObjectionFiled, E::kLapse, std::nullopt, S::kWithdrawn, sys, kPlain, objection},
      // DISTRICT and PBI_JK: Dinsos drafts and files its own proposals.
      {S::kDraft, E::kUpdateDraft, std::nullopt, S::kDraft, dinsos, kPlain, dinsos_files},
      {S::kDraft, E::kSubmit, std::nullopt, S::kSubmitted, dinsos, kPlain, dinsos_files},
      {S::kSubmitted, E::kNikChecked, true, S::kAwaitingVisit, sys, kPlain, district},
      {S::kSubmitted, E::kNikChecked, false, S::kNikMismatch, sys, kPlain, dinsos_files},
      {S::kNikMismatch, E::kCorrect, std::nullopt, S::kSubmitted, dinsos, kPlain, dinsos_files},
      {S::kAwaitingVisit, E::kAssignVerifier, std::nullopt, S::kInVerification, dinsos,
       kPlain, district},
      {S::kVerified, E::kOpenReview, std::nullopt, S::kDistrictReview, dinsos, kPlain,
       dinsos_verifies},
      // Returned by a higher level: the district, which prepared it, reviews it again.
      {S::kReturned, E::kRework, std::nullopt, S::kDistrictReview, dinsos, kPlain,
       dinsos_verifies},
      // PBI_JK: the health facility's letter stands for the visit; Pusdatin decides.
      {S::kSubmitted, E::kNikChecked, true, S::kCentralReview, sys, kPlain, pbi},
      // CENTRAL: the district confirms that the death ends the household's listing.
      {S::kAwaitingConfirmation, E::kConfirm, true, S::kCentralReview, dinsos, kApproval,
       {T::kCentral}},
      {S::kAwaitingConfirmation, E::kConfirm, false, S::kDeclined, dinsos, kApproval,
       {T::kCentral}},
      {S::kDeclined, E::kErasePersonalData, std::nullopt, S::kDeclined,
       {R::kDistrictOfficer, R::kCentralReviewer}, kPlain, {T::kCitizenProposal, T::kCentral}},
  };
  // clang-format on
  table.insert(table.end(), added.begin(), added.end());
  // Dinsos may pull its own proposal back until it has committed to it.
  for (State from : {S::kDraft, S::kSubmitted, S::kNikMismatch}) {
    table.push_back({from, E::kWithdraw, std::nullopt, S::kWithdrawn, dinsos, kPlain,
                     dinsos_files});
  }
  for (State from : {S::kAwaitingVisit, S::kInVerification, S::kVerified, S::kDistrictReview,
                     S::kReturned}) {
    table.push_back({from, E::kWithdraw, std::nullopt, S::kWithdrawn, dinsos, kPlain, district});
  }
  return table;
}

std::vector<std::pair<Event, EvidenceRule>> BuildEvidence() {
  auto rule = [](bool verdict, bool reason, bool only_negative, int hashes,
                 std::vector<std::string> attributes) {
    EvidenceRule r;
    r.needs_verdict = verdict;
    r.needs_reason = reason;
    r.reason_only_when_negative = only_negative;
    r.min_document_hashes = hashes;
    r.required_attributes = std::move(attributes);
    return r;
  };
  return {
      {Event::kUpdateDraft, rule(false, false, false, 0, {})},
      {Event::kSubmit, rule(false, false, false, 0, {})},
      {Event::kNikChecked, rule(true, true, true, 0, {})},
      {Event::kCorrect, rule(false, true, false, 0, {})},
      {Event::kDeliberate, rule(true, true, true, 0, {"deliberation_id", "minutes_sha256"})},
      {Event::kAssignVerifier, rule(false, false, false, 0, {"verifier_id"})},
      {Event::kRecordVisit, rule(true, true, true, 1, {"outcome_code", "visit_time"})},
      {Event::kFinalizeVillage, rule(false, false, false, 2, {})},
      {Event::kOpenReview, rule(false, false, false, 0, {"cycle_id"})},
      {Event::kMissCutoff, rule(false, false, false, 0, {"cycle_id"})},
      // The district batch is formed from approved proposals afterwards, so an
      // approval names the approval act (one ApproveProposals call).
      {Event::kApprove, rule(false, false, false, 0, {"approval_id"})},
      {Event::kReturn, rule(false, true, false, 0, {})},
      {Event::kRework, rule(false, true, false, 0, {})},
      {Event::kRatify, rule(false, false, false, 1, {"letter_number", "batch_id"})},
      {Event::kSubmitToProvince, rule(false, false, false, 0, {"batch_id"})},
      {Event::kForward, rule(false, false, false, 0, {"batch_id"})},
      {Event::kDecide, rule(true, true, true, 0, {})},
      {Event::kWithdraw, rule(false, true, false, 0, {})},
      {Event::kLapse, rule(false, true, false, 0, {"deadline"})},
      // Why now (e.g. "retention period over"); the trail must say.
      {Event::kErasePersonalData, rule(false, true, false, 0, {})},
      // The household data the village completes travels with the proposal itself.
      {Event::kTakeUp, rule(false, false, false, 0, {})},
      // The citizen is told why the village does not take the filing up.
      {Event::kDecline, rule(false, true, false, 0, {})},
      // A district that does not confirm a death's deactivation must say why (e.g.
      // the household continues under a new head).
      {Event::kConfirm, rule(true, true, true, 0, {})},
  };
}

bool HasAttribute(const Payload& payload, const std::string& key) {
  auto it = payload.attributes.find(key);
  return it != payload.attributes.end() && !IsBlank(it->second);
}

absl::Status MissingEvidence(std::string_view what, Event event, std::string_view when = "") {
  return RefusalStatus(Refusal::kMissingEvidence,
                       base::Concat(what, " is required for ", Name(event), when));
}

absl::Status CheckEvidence(Event event, const Payload& payload) {
  const EvidenceRule& rule = RequiredEvidence(event);
  if (rule.needs_verdict && !payload.verdict.has_value()) {
    return MissingEvidence("verdict", event);
  }
  const bool negative = payload.verdict.has_value() && !*payload.verdict;
  if (rule.needs_reason && IsBlank(payload.reason)) {
    if (!rule.reason_only_when_negative) return MissingEvidence("reason", event);
    if (negative) return MissingEvidence("reason", event, " with a negative verdict");
  }
  for (const std::string& key : rule.required_attributes) {
    if (!HasAttribute(payload, key)) {
      return MissingEvidence(base::Concat("attributes.", key), event);
    }
  }
  if (event == Event::kDeliberate && !IsSha256Hex(payload.attributes.at("minutes_sha256"))) {
    return RefusalStatus(
        Refusal::kMissingEvidence,
        "attributes.minutes_sha256 must be 64 lower-case hex characters (SHA-256)");
  }
  if (event == Event::kDecide) {
    if (!negative && !HasAttribute(payload, "decree_number")) {
      return MissingEvidence("attributes.decree_number", event, " with a positive verdict");
    }
    if (negative && !HasAttribute(payload, "reason_code")) {
      return MissingEvidence("attributes.reason_code", event, " with a negative verdict");
    }
  }
  if (static_cast<int>(payload.document_hashes.size()) < rule.min_document_hashes) {
    return RefusalStatus(Refusal::kMissingEvidence,
                         base::Concat("document_hashes: at least ", rule.min_document_hashes,
                                " required for ", Name(event)));
  }
  for (std::size_t i = 0; i < payload.document_hashes.size(); ++i) {
    if (!IsSha256Hex(payload.document_hashes[i])) {
      return RefusalStatus(
          Refusal::kMissingEvidence,
          base::Concat("document_hashes[", i, "] must be 64 lower-case hex characters (SHA-256)"));
    }
  }
  return absl::OkStatus();
}

bool HasRole(const TransitionRule& rule, Role role) {
  return std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end();
}

}  // namespace

std::string_view Name(Refusal refusal) {
  for (const auto& [r, name] : kRefusalNames) {
    if (r == refusal) return name;
  }
  return "UNKNOWN";
}

absl::Status RefusalStatus(Refusal refusal, std::string_view message) {
  absl::Status status(CodeOf(refusal), base::AsAbsl(message));
  status.SetPayload(base::AsAbsl(kRefusalTypeUrl), absl::Cord(base::AsAbsl(Name(refusal))));
  return status;
}

std::optional<Refusal> RefusalOf(const absl::Status& status) {
  if (status.ok()) return std::nullopt;
  absl::optional<absl::Cord> payload = status.GetPayload(base::AsAbsl(kRefusalTypeUrl));
  if (!payload.has_value()) return std::nullopt;
  for (const auto& [r, name] : kRefusalNames) {
    if (*payload == base::AsAbsl(name)) return r;
  }
  return std::nullopt;
}

const EvidenceRule& RequiredEvidence(Event event) {
  static const auto* const kRules =
      new std::vector<std::pair<Event, EvidenceRule>>(BuildEvidence());
  for (const auto& [e, rule] : *kRules) {
    if (e == event) return rule;
  }
  // Unreachable for a declared Event: the table lists every one (see the tests).
  static const EvidenceRule kNothing;
  return kNothing;
}

const std::vector<TransitionRule>& TransitionTable(int machine_version) {
  static const auto* const kV3 = new std::vector<TransitionRule>(BuildTableV3());
  static const auto* const kV4 = new std::vector<TransitionRule>(BuildTableV4());
  return machine_version >= 4 ? *kV4 : *kV3;
}

bool AppliesTo(const TransitionRule& rule, Route route) {
  return std::find(rule.routes.begin(), rule.routes.end(), route) != rule.routes.end();
}

State EntryState(Route route) {
  switch (route) {
    case Route::kVillage:
    case Route::kDistrict:
    case Route::kPbiJk:
      return State::kDraft;
    case Route::kCitizenProposal:
      return State::kCitizenProposed;
    case Route::kCitizenObjection:
      return State::kObjectionFiled;
    case Route::kCentral:
      return State::kAwaitingConfirmation;
  }
  return State::kDraft;
}

bool RoleFitsRegionLevel(Role role, std::string_view region) {
  const std::optional<RegionLevel> level = LevelOf(region);
  if (!level.has_value()) return false;
  switch (role) {
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kCitizen:  // a resident's desa
      return *level == RegionLevel::kVillage;
    case Role::kVerifier:
      // Verval teams are hired by the district or by the village itself.
      return *level == RegionLevel::kDistrict || *level == RegionLevel::kVillage;
    case Role::kDistrictOfficer:
    case Role::kRegent:
      return *level == RegionLevel::kDistrict;
    case Role::kProvinceOfficer:
      return *level == RegionLevel::kProvince;
    case Role::kCentralReviewer:
    case Role::kSystem:
      return *level == RegionLevel::kNational;
    case Role::kAuditor:
      return true;
  }
  return false;
}

absl::Status CheckScope(const Actor& actor, std::string_view desa_code) {
  if (!RoleFitsRegionLevel(actor.role, actor.region)) {
    const std::optional<RegionLevel> level = LevelOf(actor.region);
    return RefusalStatus(Refusal::kRoleScopeMismatch,
                         base::Concat("role ", Name(actor.role), " cannot act with a region of level ",
                                level.has_value() ? Name(*level) : "MALFORMED"));
  }
  // A malformed desa code is covered by nobody, not even the national scope whose
  // empty prefix would otherwise match it.
  if (LevelOf(desa_code) != RegionLevel::kVillage || !Covers(actor.region, desa_code)) {
    return RefusalStatus(
        Refusal::kOutOfRegion,
        base::Concat("region \"", actor.region, "\" does not cover desa \"", desa_code, "\""));
  }
  return absl::OkStatus();
}

absl::Status CheckActor(const Actor& actor, Event event, std::string_view desa_code) {
  if (absl::Status scope = CheckScope(actor, desa_code); !scope.ok()) return scope;
  return CheckRoleMay(actor.role, event);
}

absl::Status CheckRoleMay(Role role, Event event) {
  for (const TransitionRule& rule : TransitionTable(kMachineVersion)) {
    if (rule.event == event && HasRole(rule, role)) return absl::OkStatus();
  }
  return RefusalStatus(Refusal::kRoleNotAllowed,
                       base::Concat("role ", Name(role), " may never ", Name(event)));
}

bool AllowedInTerminalState(State state, Event event) {
  if (!IsTerminal(state)) return false;
  for (const TransitionRule& rule : TransitionTable(kMachineVersion)) {
    if (rule.from == state && rule.event == event) return true;
  }
  return false;
}

namespace {
// The rows the proposal's version and route have for `event` in its state: one, or
// two differing by verdict.
std::vector<const TransitionRule*> RowsOf(const ProposalSnapshot& proposal, Event event) {
  std::vector<const TransitionRule*> rows;
  for (const TransitionRule& rule : TransitionTable(proposal.machine_version)) {
    if (rule.from == proposal.state && rule.event == event && AppliesTo(rule, proposal.route)) {
      rows.push_back(&rule);
    }
  }
  return rows;
}

// " on route DISTRICT" for the routes other than the formal one, whose messages
// predate routes.
std::string OnRoute(Route route) {
  return route == Route::kVillage ? std::string() : base::Concat(" on route ", Name(route));
}
}  // namespace

absl::Status CheckMayFire(const ProposalSnapshot& proposal, Event event, const Actor& actor) {
  if (absl::Status scope = CheckScope(actor, proposal.desa_code); !scope.ok()) return scope;
  const std::vector<const TransitionRule*> rows = RowsOf(proposal, event);
  if (IsTerminal(proposal.state) && rows.empty()) {
    return RefusalStatus(Refusal::kTerminalState,
                         base::Concat("event ", Name(event), " is not allowed in state ",
                                Name(proposal.state), ": the state is terminal"));
  }
  if (rows.empty()) {
    return RefusalStatus(Refusal::kEventNotAllowedInState,
                         base::Concat("event ", Name(event), " is not allowed in state ",
                                      Name(proposal.state), OnRoute(proposal.route)));
  }
  // Rows of one (state, event, route) differ only by verdict and share roles and
  // approval.
  const TransitionRule& first = *rows.front();
  if (!HasRole(first, actor.role)) {
    return RefusalStatus(Refusal::kRoleNotAllowed,
                         base::Concat("role ", Name(actor.role), " may not ", Name(event),
                                      " in state ", Name(proposal.state), OnRoute(proposal.route)));
  }
  if (event == Event::kLapse && proposal.kind != Kind::kObjection) {
    return RefusalStatus(Refusal::kWrongKind,
                         base::Concat("only OBJECTION proposals lapse; this one is ", Name(proposal.kind)));
  }
  if (event == Event::kRecordVisit &&
      (proposal.assigned_verifier.empty() || actor.subject != proposal.assigned_verifier)) {
    return RefusalStatus(Refusal::kNotAssignedVerifier,
                         "only the verifier assigned to this proposal may record the visit");
  }
  if (first.approval_step && !proposal.last_approver.empty() &&
      actor.subject == proposal.last_approver) {
    return RefusalStatus(Refusal::kSeparationOfDuties,
                         base::Concat("the actor performed the previous approval step and "
                                "may not also ",
                                Name(event), " this proposal"));
  }
  return absl::OkStatus();
}

std::vector<Event> AllowedEvents(const ProposalSnapshot& proposal, const Actor& actor) {
  std::vector<Event> allowed;
  for (Event event : kAllEvents) {
    if (CheckMayFire(proposal, event, actor).ok()) allowed.push_back(event);
  }
  return allowed;
}

absl::StatusOr<Decision> Decide(const TransitionRequest& request) {
  const ProposalSnapshot& proposal = request.proposal;
  const Event event = request.event;
  const Actor& actor = request.actor;
  const Payload& payload = request.payload;

  if (absl::Status may = CheckMayFire(proposal, event, actor); !may.ok()) return may;
  if (absl::Status evidence = CheckEvidence(event, payload); !evidence.ok()) return evidence;

  const TransitionRule* chosen = nullptr;
  for (const TransitionRule* row : RowsOf(proposal, event)) {
    if (!row->verdict.has_value() || row->verdict == payload.verdict) {
      chosen = row;
      break;
    }
  }
  if (chosen == nullptr) {
    // Only possible if the table gave an event one verdict row but not the other.
    return absl::InternalError(base::Concat("no transition for ", Name(event), " in state ",
                                      Name(proposal.state), " with this verdict"));
  }

  Decision decision;
  decision.next_state = chosen->to;
  decision.next_version = proposal.version + 1;
  decision.assigned_verifier = event == Event::kAssignVerifier
                                   ? payload.attributes.at("verifier_id")
                                   : proposal.assigned_verifier;
  // A return sends the proposal back to the village to be deliberated anew: the
  // approval chain restarts, so the same kepala desa may deliberate it again.
  decision.last_approver = chosen->approval_step ? actor.subject
                           : event == Event::kReturn ? std::string()
                                                      : proposal.last_approver;
  decision.cycle_id = (event == Event::kOpenReview || event == Event::kMissCutoff)
                          ? payload.attributes.at("cycle_id")
                          : proposal.cycle_id;
  AuditRecord& audit = decision.audit;
  audit.from = proposal.state;
  audit.to = chosen->to;
  audit.event = std::string(Name(event));
  audit.actor_id = actor.subject;
  audit.role = actor.role;
  audit.region = actor.region;
  audit.reason = payload.reason;
  audit.evidence_hashes = payload.document_hashes;
  audit.attributes = payload.attributes;
  // The table that decided: the proposal's own version.
  audit.machine_version = proposal.machine_version;
  return decision;
}

namespace {

// Who files on each route.
Role CreatorOf(Route route) {
  switch (route) {
    case Route::kVillage:
      return Role::kVillageOperator;
    case Route::kCitizenProposal:
    case Route::kCitizenObjection:
      return Role::kCitizen;
    case Route::kDistrict:
    case Route::kPbiJk:
      return Role::kDistrictOfficer;
    case Route::kCentral:
      return Role::kCentralReviewer;
  }
  return Role::kVillageOperator;
}

// An objection is the citizens' own instrument against the register, checked by the
// district; a death is a deactivation; PBI-JK restores a deactivated participant.
bool RouteTakesKind(Route route, Kind kind) {
  switch (route) {
    case Route::kCitizenObjection:
      return kind == Kind::kObjection;
    case Route::kCentral:
      return kind == Kind::kDeactivation;
    case Route::kPbiJk:
      return kind == Kind::kReactivation;
    case Route::kVillage:
    case Route::kCitizenProposal:
    case Route::kDistrict:
      return kind != Kind::kObjection;
  }
  return false;
}

// A coordinate as a plain decimal ("-6.2146", "106.8451") within [-limit, limit]:
// no exponent, no sign on its own, no hex, no spaces.
bool IsDecimalWithin(std::string_view text, double limit) {
  std::string_view digits = text;
  if (!digits.empty() && (digits.front() == '-' || digits.front() == '+')) digits.remove_prefix(1);
  const std::size_t dot = digits.find('.');
  const std::string_view whole = digits.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : digits.substr(dot + 1);
  auto all_digits = [](std::string_view part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 3 || !all_digits(whole) || !all_digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty()) || fraction.size() > 12) {
    return false;
  }
  const double value = std::stod(std::string(digits));
  return value <= limit;
}

}  // namespace

absl::Status CheckRouteDeactivationReason(Route route, DeactivationReason reason) {
  if (route != Route::kCentral || reason == DeactivationReason::kDeceased) {
    return absl::OkStatus();
  }
  return RefusalStatus(Refusal::kWrongKind,
                       "deactivation_reason: route CENTRAL files only DEACTIVATION_REASON_DECEASED");
}

absl::Status CheckCreationEvidence(Route route, const Payload& evidence) {
  const int needed = (route == Route::kCitizenObjection || route == Route::kPbiJk) ? 1 : 0;
  if (static_cast<int>(evidence.document_hashes.size()) < needed) {
    return RefusalStatus(Refusal::kMissingEvidence,
                         base::Concat("document_hashes: at least ", needed,
                                      " required to file on route ", Name(route)));
  }
  for (std::size_t i = 0; i < evidence.document_hashes.size(); ++i) {
    if (!IsSha256Hex(evidence.document_hashes[i])) {
      return RefusalStatus(Refusal::kMissingEvidence,
                           base::Concat("document_hashes[", i,
                                        "] must be 64 lower-case hex characters (SHA-256)"));
    }
  }
  if (route != Route::kCitizenObjection) return absl::OkStatus();
  for (const auto& [key, limit] : {std::pair<std::string, double>{"latitude", 90.0},
                                   std::pair<std::string, double>{"longitude", 180.0}}) {
    auto it = evidence.attributes.find(key);
    if (it == evidence.attributes.end() || IsBlank(it->second)) {
      return RefusalStatus(Refusal::kMissingEvidence,
                           base::Concat("attributes.", key, " is required to file on route ",
                                        Name(route)));
    }
    if (!IsDecimalWithin(it->second, limit)) {
      return RefusalStatus(Refusal::kMissingEvidence,
                           base::Concat("attributes.", key, " must be a decimal between -",
                                        limit, " and ", limit));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AuditRecord> DecideCreation(const Actor& actor, std::string_view desa_code,
                                           Kind kind, Route route, std::string reason) {
  if (absl::Status scope = CheckScope(actor, desa_code); !scope.ok()) return scope;
  if (actor.role != CreatorOf(route)) {
    return RefusalStatus(Refusal::kRoleNotAllowed,
                         base::Concat("role ", Name(actor.role),
                                      " may not create proposals on route ", Name(route)));
  }
  if (!RouteTakesKind(route, kind)) {
    return RefusalStatus(Refusal::kWrongKind, base::Concat("route ", Name(route),
                                                           " does not take kind ", Name(kind)));
  }
  AuditRecord audit;
  audit.from = std::nullopt;
  audit.to = EntryState(route);
  audit.event = "create";
  audit.actor_id = actor.subject;
  audit.role = actor.role;
  audit.region = actor.region;
  audit.reason = std::move(reason);
  audit.attributes = {{"kind", std::string(Name(kind))}};
  if (route != Route::kVillage) audit.attributes.emplace("route", std::string(Name(route)));
  audit.machine_version = kMachineVersion;
  return audit;
}

}  // namespace usulan::workflow
