#include "workflow/vocabulary.h"

#include <string_view>
#include <utility>

namespace usulan::workflow {
namespace {

// One table per enum keeps Name and Parse exact inverses of each other: a name
// that is in the audit trail must always parse back to the value that wrote it.
template <typename T>
using NameTable = std::pair<T, std::string_view>;

constexpr NameTable<State> kStateNames[] = {
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

constexpr NameTable<Event> kEventNames[] = {
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

constexpr NameTable<Role> kRoleNames[] = {
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

constexpr NameTable<Kind> kKindNames[] = {
    {Kind::kNew, "NEW"},
    {Kind::kCorrection, "CORRECTION"},
    {Kind::kDeactivation, "DEACTIVATION"},
    {Kind::kReactivation, "REACTIVATION"},
    {Kind::kObjection, "OBJECTION"},
};

constexpr NameTable<Route> kRouteNames[] = {
    {Route::kVillage, "VILLAGE"},
    {Route::kCitizenProposal, "CITIZEN_PROPOSAL"},
    {Route::kCitizenObjection, "CITIZEN_OBJECTION"},
    {Route::kDistrict, "DISTRICT"},
    {Route::kCentral, "CENTRAL"},
    {Route::kPbiJk, "PBI_JK"},
};

constexpr NameTable<DeactivationReason> kDeactivationReasonNames[] = {
    {DeactivationReason::kNone, "NONE"},
    {DeactivationReason::kDeceased, "DECEASED"},
    {DeactivationReason::kMoved, "MOVED"},
    {DeactivationReason::kNoLongerPoor, "NO_LONGER_POOR"},
    {DeactivationReason::kDuplicate, "DUPLICATE"},
    {DeactivationReason::kIneligibleOccupation, "INELIGIBLE_OCCUPATION"},
};

template <typename T, std::size_t N>
std::string_view NameIn(const NameTable<T> (&table)[N], T value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  // Only reachable with a value cast from an out-of-range integer.
  return "UNKNOWN";
}

template <typename T, std::size_t N>
std::optional<T> ParseIn(const NameTable<T> (&table)[N], std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view Name(State state) { return NameIn(kStateNames, state); }
std::string_view Name(Event event) { return NameIn(kEventNames, event); }
std::string_view Name(Role role) { return NameIn(kRoleNames, role); }
std::string_view Name(Kind kind) { return NameIn(kKindNames, kind); }
std::string_view Name(Route route) { return NameIn(kRouteNames, route); }
std::string_view Name(DeactivationReason reason) {
  return NameIn(kDeactivationReasonNames, reason);
}

std::optional<State> ParseState(std::string_view name) { return ParseIn(kStateNames, name); }
std::optional<Event> ParseEvent(std::string_view name) { return ParseIn(kEventNames, name); }
std::optional<Role> ParseRole(std::string_view name) { return ParseIn(kRoleNames, name); }
std::optional<Kind> ParseKind(std::string_view name) { return ParseIn(kKindNames, name); }
std::optional<Route> ParseRoute(std::string_view name) { return ParseIn(kRouteNames, name); }
std::optional<DeactivationReason> ParseDeactivationReason(std::string_view name) {
  return ParseIn(kDeactivationReasonNames, name);
}

bool FiledByCitizen(Route route) {
  return route == Route::kCitizenProposal || route == Route::kCitizenObjection;
}

bool IsTerminal(State state) {
  switch (state) {
    case State::kRejectedInDeliberation:
    case State::kNotEligible:
    case State::kAccepted:
    case State::kRejected:
    case State::kWithdrawn:
    case State::kDeclined:
      return true;
    default:
      return false;
  }
}

}  // namespace usulan::workflow
