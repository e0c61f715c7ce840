// The words of the proposal lifecycle: states, events, roles, kinds.
// Pure values with their canonical snake/upper-case names; no I/O.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace usulan::workflow {

enum class State {
  kDraft,
  kSubmitted,
  kNikMismatch,
  kPrelist,
  kAgreed,
  kRejectedInDeliberation,
  kInVerification,
  kVerified,
  kNotEligible,
  kVillageFinal,
  kDistrictReview,
  kReturned,
  kDistrictApproved,
  kRatified,
  kProvinceReview,
  kCentralReview,
  kDeferred,
  kAccepted,
  kRejected,
  kWithdrawn,
  // Machine version 4: the entry and waiting states of the routes other than VILLAGE.
  kCitizenProposed,       // usul mandiri filed, waiting for the village to take it up
  kObjectionFiled,        // usul sanggah filed, waiting for the district's verifier
  kAwaitingVisit,         // DISTRICT route: NIKs checked, waiting for a verifier
  kAwaitingConfirmation,  // CENTRAL route: waiting for the district to confirm
  kDeclined,              // not taken up by the village / not confirmed by the district
};
inline constexpr std::array kAllStates = {
    State::kDraft,          State::kSubmitted,        State::kNikMismatch,
    State::kPrelist,        State::kAgreed,           State::kRejectedInDeliberation,
    State::kInVerification, State::kVerified,         State::kNotEligible,
    State::kVillageFinal,   State::kDistrictReview,   State::kReturned,
    State::kDistrictApproved, State::kRatified,       State::kProvinceReview,
    State::kCentralReview,  State::kDeferred,         State::kAccepted,
    State::kRejected,       State::kWithdrawn,        State::kCitizenProposed,
    State::kObjectionFiled, State::kAwaitingVisit,    State::kAwaitingConfirmation,
    State::kDeclined,
};

enum class Event {
  kUpdateDraft,      // edit of a draft's data; stays in DRAFT but is audited
  kSubmit,
  kNikChecked,       // verdict: all NIKs matched the civil registry, or not
  kCorrect,
  kDeliberate,       // verdict: agreed or rejected by the Musdes/Muskel
  kAssignVerifier,
  kRecordVisit,      // verdict: eligible, or not eligible / not found / duplicate
  kFinalizeVillage,
  kOpenReview,
  kMissCutoff,
  kApprove,
  kReturn,
  kRework,
  kRatify,
  kSubmitToProvince,
  kForward,
  kDecide,           // verdict: accepted or rejected by Pusdatin
  kWithdraw,
  kLapse,            // an OBJECTION not verified within its deadline expires
  // A settled proposal's household personal data is erased after its retention
  // period; the state stays (a self-loop on terminal states), the trail records it.
  kErasePersonalData,
  // Machine version 4.
  kTakeUp,    // the village takes a citizen's proposal up (completes the household data)
  kDecline,   // the village does not take a citizen's proposal up
  kConfirm,   // verdict: the district confirms a central deactivation, or not
};
inline constexpr std::array kAllEvents = {
    Event::kUpdateDraft,   Event::kSubmit,         Event::kNikChecked,
    Event::kCorrect,       Event::kDeliberate,     Event::kAssignVerifier,
    Event::kRecordVisit,   Event::kFinalizeVillage, Event::kOpenReview,
    Event::kMissCutoff,    Event::kApprove,        Event::kReturn,
    Event::kRework,        Event::kRatify,         Event::kSubmitToProvince,
    Event::kForward,       Event::kDecide,         Event::kWithdraw,
    Event::kLapse,         Event::kErasePersonalData, Event::kTakeUp,
    Event::kDecline,       Event::kConfirm,
};

enum class Role {
  kVillageOperator,   // operator desa/kelurahan
  kVillageHead,       // kepala desa / lurah
  kVerifier,          // field verifier (verval)
  kDistrictOfficer,   // Dinsos kabupaten/kota
  kRegent,            // Bupati / Walikota
  kProvinceOfficer,   // Dinsos provinsi
  kCentralReviewer,   // Pusdatin, Kemensos
  kSystem,            // the service itself (registry checks, cut-offs)
  kAuditor,           // read-only
  kCitizen,           // a resident filing for a household of their own desa
};
inline constexpr std::array kAllRoles = {
    Role::kVillageOperator, Role::kVillageHead,     Role::kVerifier,
    Role::kDistrictOfficer, Role::kRegent,          Role::kProvinceOfficer,
    Role::kCentralReviewer, Role::kSystem,          Role::kAuditor,
    Role::kCitizen,
};

enum class Kind { kNew, kCorrection, kDeactivation, kReactivation, kObjection };
inline constexpr std::array kAllKinds = {Kind::kNew, Kind::kCorrection,
                                         Kind::kDeactivation, Kind::kReactivation,
                                         Kind::kObjection};

// How a proposal entered the lifecycle; fixed when it is created. Machine versions
// 1-3 know only VILLAGE.
enum class Route {
  kVillage,            // the formal route: operator desa, Musdes, verval
  kCitizenProposal,    // usul mandiri by a citizen
  kCitizenObjection,   // usul sanggah by a citizen (kind OBJECTION)
  kDistrict,           // Dinsos's own proposal for a household no village proposed
  kCentral,            // Pusdatin's deactivation from the civil registry's death list
  kPbiJk,              // Dinsos's reactivation of a sick PBI-JK participant
};
inline constexpr std::array kAllRoutes = {Route::kVillage,          Route::kCitizenProposal,
                                          Route::kCitizenObjection, Route::kDistrict,
                                          Route::kCentral,          Route::kPbiJk};

enum class DeactivationReason {
  kNone,
  kDeceased,
  kMoved,
  kNoLongerPoor,
  kDuplicate,
  kIneligibleOccupation,
};

// Canonical names: states and kinds in UPPER_SNAKE ("IN_VERIFICATION"), events and
// roles in lower_snake ("record_visit", "village_head"). These are what the audit
// trail stores, so they never change once released.
std::string_view Name(State state);
std::string_view Name(Event event);
std::string_view Name(Role role);
std::string_view Name(Kind kind);
std::string_view Name(Route route);  // UPPER_SNAKE, e.g. "CITIZEN_OBJECTION"
std::string_view Name(DeactivationReason reason);

// Inverse of Name; nullopt for an unknown name.
std::optional<State> ParseState(std::string_view name);
std::optional<Event> ParseEvent(std::string_view name);
std::optional<Role> ParseRole(std::string_view name);
std::optional<Kind> ParseKind(std::string_view name);
std::optional<Route> ParseRoute(std::string_view name);
std::optional<DeactivationReason> ParseDeactivationReason(std::string_view name);

bool IsTerminal(State state);

// Whether proposals of `route` are filed by a citizen (CITIZEN_PROPOSAL,
// CITIZEN_OBJECTION): their reason is the citizen's own words about a household,
// kept with its personal data and erased with it, never in the audit trail.
bool FiledByCitizen(Route route);

}  // namespace usulan::workflow
