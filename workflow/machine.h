// The proposal state machine of DESIGN.md section 3, as a pure function: a request
// (proposal snapshot, event, actor, payload) goes in, a decision (next state and
// the audit record to write) or a precise refusal comes out. No I/O, no clock.
// Thread-safe: everything here is immutable.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {

// Bumped whenever the transition table changes; every proposal records the version
// it started under.
// Version 2: approve carries the approval act's id (batches are formed after
// approval), and OBJECTION proposals lapse.
// Version 3: erase_personal_data on terminal states.
// Version 4: the routes into the register (Route): citizens' proposals and
// objections, the district's, central and PBI-JK proposals. VILLAGE keeps exactly
// the version 3 rows.
inline constexpr int kMachineVersion = 4;

struct Actor {
  std::string subject;  // stable user id from the token
  Role role;
  std::string region;   // region code of the actor's office; "" = national
};

// What the machine needs to know about the proposal.
struct ProposalSnapshot {
  State state = State::kDraft;
  int64_t version = 0;
  Kind kind = Kind::kNew;
  std::string desa_code;
  std::string assigned_verifier;  // subject of the verifier, once assigned
  std::string last_approver;      // subject who performed the last approval step
  std::string cycle_id;           // update cycle of the district review, or deferral
  // The table a proposal follows is the one of the version it started under, for
  // the route it entered by: a change of the table never reroutes a running proposal.
  int machine_version = kMachineVersion;
  Route route = Route::kVillage;
};

// Evidence and parameters an event carries. Which of them are required depends on
// the event (see RequiredEvidence).
struct Payload {
  // For events with two outcomes (nik_checked, deliberate, record_visit, decide):
  // true = match / agreed / eligible / accept.
  std::optional<bool> verdict;
  std::string reason;
  std::vector<std::string> document_hashes;     // lower-case hex SHA-256
  std::map<std::string, std::string> attributes;  // e.g. deliberation_id, batch_id
};

struct TransitionRequest {
  ProposalSnapshot proposal;
  Event event;
  Actor actor;
  Payload payload;
};

// The audit record of one transition; storage adds id, sequence, request id, time.
struct AuditRecord {
  std::optional<State> from;  // nullopt only for the creation record
  State to;
  std::string event;          // Name(Event) or "create"
  std::string actor_id;
  Role role;
  std::string region;
  std::string reason;
  std::vector<std::string> evidence_hashes;
  std::map<std::string, std::string> attributes;
  int machine_version = kMachineVersion;
};

struct Decision {
  State next_state;
  int64_t next_version;
  std::string assigned_verifier;  // carried over, or set by assign_verifier
  std::string last_approver;      // carried over, or the actor for approval steps
  std::string cycle_id;           // carried over, or set by open_review / miss_cutoff
  AuditRecord audit;
};

// Why a request was refused. Attached to the refusal status as its payload so that
// callers and tests can tell the rule without parsing messages.
enum class Refusal {
  kOutOfRegion,             // PERMISSION_DENIED
  kRoleScopeMismatch,       // PERMISSION_DENIED: e.g. a village role with a kabupaten region
  kTerminalState,           // FAILED_PRECONDITION
  kEventNotAllowedInState,  // FAILED_PRECONDITION
  kRoleNotAllowed,          // PERMISSION_DENIED
  kNotAssignedVerifier,     // PERMISSION_DENIED
  kSeparationOfDuties,      // PERMISSION_DENIED
  kMissingEvidence,         // INVALID_ARGUMENT
  kWrongKind,               // FAILED_PRECONDITION: e.g. lapse of a non-OBJECTION proposal
};
std::string_view Name(Refusal refusal);

// The refusal behind a status returned by this file's functions; nullopt for OK or
// statuses from elsewhere.
std::optional<Refusal> RefusalOf(const absl::Status& status);

// A status with the code that belongs to `refusal` (see the enum), `message`, and
// the refusal attached so that RefusalOf recognises it. For rules outside this file
// (e.g. deliberation.h) that refuse for the same reasons.
absl::Status RefusalStatus(Refusal refusal, std::string_view message);

// What an event must carry. Required attributes and the reason must be non-blank;
// every document hash given (required or not) must be 64 lower-case hex characters,
// else kMissingEvidence naming "document_hashes[i]". Rules the struct cannot
// express are enforced by Decide:
// - reason_only_when_negative: nik_checked (the reason names the failed member
//   positions, e.g. "members 2,3: NOT_FOUND"), deliberate, record_visit and decide
//   need a reason only with verdict false;
// - deliberate: attributes.minutes_sha256 must itself be a well-formed hash;
// - decide: verdict true needs attributes.decree_number, verdict false needs
//   attributes.reason_code (and, as above, a reason).
struct EvidenceRule {
  bool needs_verdict = false;
  bool needs_reason = false;  // always, or only on a negative verdict (see below)
  bool reason_only_when_negative = false;
  int min_document_hashes = 0;
  std::vector<std::string> required_attributes;
};
const EvidenceRule& RequiredEvidence(Event event);

// One row of the transition table.
struct TransitionRule {
  State from;
  Event event;
  std::optional<bool> verdict;  // the verdict this row applies to, if the event has two
  State to;
  std::vector<Role> roles;
  bool approval_step;  // subject to separation of duties
  std::vector<Route> routes = {Route::kVillage};  // the routes the row applies to
};
// The rows of `machine_version`: versions 1-3 (and any unknown version below 4)
// answer the version 3 table, whose rows are all VILLAGE; version 4 (and later
// until a new table exists) the version 4 table. Callers that need one route's
// rows filter by TransitionRule::routes (see AppliesTo).
const std::vector<TransitionRule>& TransitionTable(int machine_version = kMachineVersion);

// Whether `rule` applies to proposals of `route`.
bool AppliesTo(const TransitionRule& rule, Route route);

// The state a proposal of `route` is created in (DRAFT, CITIZEN_PROPOSED,
// OBJECTION_FILED or AWAITING_CONFIRMATION).
State EntryState(Route route);

// Whether `actor` may act on proposals of `desa_code` at all: the role's region must
// be of the right level and cover the desa. Refusal kOutOfRegion or
// kRoleScopeMismatch.
absl::Status CheckScope(const Actor& actor, std::string_view desa_code);

// Whether `actor` may perform `event` on proposals of `desa_code` in some state:
// CheckScope, then CheckRoleMay. For refusing callers before slow work whatever
// the state.
absl::Status CheckActor(const Actor& actor, Event event, std::string_view desa_code);

// Whether `role` owns `event` in some row of the current version's table, on any
// route (kRoleNotAllowed "role R may never E" otherwise): the role checked before
// the request's fields, where no proposal is read yet.
absl::Status CheckRoleMay(Role role, Event event);

// Whether a role's token may carry a region of this level.
bool RoleFitsRegionLevel(Role role, std::string_view region);

// Whether any row of the table leaves (or loops on) terminal state `state` with
// `event`: only erase_personal_data does.
bool AllowedInTerminalState(State state, Event event);

// Whether `actor` may fire `event` on `proposal` as it stands, by every rule but the
// payload's: scope, terminal state (unless the table has a row for the event there),
// event allowed in the state, role allowed, kind (lapse), verifier assignment
// (record_visit), separation of duties (approval steps). OK or a status carrying a
// Refusal. Decide runs it first, so an event it allows is refused later only for
// its evidence.
absl::Status CheckMayFire(const ProposalSnapshot& proposal, Event event, const Actor& actor);

// The events `actor` may fire on `proposal` now (CheckMayFire), in kAllEvents order:
// what a console offers, so that it never shows an action the server would refuse
// for the caller's role, region or history.
std::vector<Event> AllowedEvents(const ProposalSnapshot& proposal, const Actor& actor);

// Decides a transition: CheckMayFire, then the evidence. Returns the decision, or a
// status carrying a Refusal.
absl::StatusOr<Decision> Decide(const TransitionRequest& request);

// The audit record of creating a proposal of `kind` on `route` in the route's
// EntryState. Refusals: CheckScope's; kRoleNotAllowed unless the actor's role is
// the route's creator (VILLAGE: village_operator; CITIZEN_*: citizen; DISTRICT and
// PBI_JK: district_officer; CENTRAL: central_reviewer); kWrongKind for a kind the
// route does not take (OBJECTION only on CITIZEN_OBJECTION, which takes nothing
// else; CENTRAL only DEACTIVATION; PBI_JK only REACTIVATION).
absl::StatusOr<AuditRecord> DecideCreation(const Actor& actor, std::string_view desa_code,
                                           Kind kind, Route route, std::string reason);

// The evidence a creation on `route` must carry, checked like RequiredEvidence:
// CITIZEN_OBJECTION needs >= 1 document hash (the photo of the house) and
// attributes latitude (-90..90) and longitude (-180..180) as plain decimals;
// PBI_JK needs >= 1 document hash (the health facility's letter). Every hash given
// must be well-formed. kMissingEvidence naming the field.
absl::Status CheckCreationEvidence(Route route, const Payload& evidence);

// The deactivation reason a filing on `route` may carry: CENTRAL files only deaths
// from the civil registry's death list (DECEASED); Pusdatin's other knowledge
// reaches the register through the district. kWrongKind (FAILED_PRECONDITION)
// naming deactivation_reason otherwise.
absl::Status CheckRouteDeactivationReason(Route route, DeactivationReason reason);

}  // namespace usulan::workflow
