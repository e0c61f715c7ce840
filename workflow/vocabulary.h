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
};
inline constexpr std::array kAllStates = {
    State::kDraft,          State::kSubmitted,        State::kNikMismatch,
    State::kPrelist,        State::kAgreed,           State::kRejectedInDeliberation,
    State::kInVerification, State::kVerified,         State::kNotEligible,
    State::kVillageFinal,   State::kDistrictReview,   State::kReturned,
    State::kDistrictApproved, State::kRatified,       State::kProvinceReview,
    State::kCentralReview,  State::kDeferred,         State::kAccepted,
    State::kRejected,       State::kWithdrawn,
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
};
inline constexpr std::array kAllEvents = {
    Event::kUpdateDraft,   Event::kSubmit,         Event::kNikChecked,
    Event::kCorrect,       Event::kDeliberate,     Event::kAssignVerifier,
    Event::kRecordVisit,   Event::kFinalizeVillage, Event::kOpenReview,
    Event::kMissCutoff,    Event::kApprove,        Event::kReturn,
    Event::kRework,        Event::kRatify,         Event::kSubmitToProvince,
    Event::kForward,       Event::kDecide,         Event::kWithdraw,
    Event::kLapse,         Event::kErasePersonalData,
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
};
inline constexpr std::array kAllRoles = {
    Role::kVillageOperator, Role::kVillageHead,     Role::kVerifier,
    Role::kDistrictOfficer, Role::kRegent,          Role::kProvinceOfficer,
    Role::kCentralReviewer, Role::kSystem,          Role::kAuditor,
};

enum class Kind { kNew, kCorrection, kDeactivation, kReactivation, kObjection };
inline constexpr std::array kAllKinds = {Kind::kNew, Kind::kCorrection,
                                         Kind::kDeactivation, Kind::kReactivation,
                                         Kind::kObjection};

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
std::string_view Name(DeactivationReason reason);

// Inverse of Name; nullopt for an unknown name.
std::optional<State> ParseState(std::string_view name);
std::optional<Event> ParseEvent(std::string_view name);
std::optional<Role> ParseRole(std::string_view name);
std::optional<Kind> ParseKind(std::string_view name);
std::optional<DeactivationReason> ParseDeactivationReason(std::string_view name);

bool IsTerminal(State state);

}  // namespace usulan::workflow
