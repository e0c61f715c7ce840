// Plain records that cross the storage boundary. Times are UTC time points with
// microsecond precision (PostgreSQL timestamptz).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "workflow/batch.h"
#include "workflow/deliberation.h"
#include "workflow/household.h"
#include "workflow/machine.h"
#include "base/clock.h"
#include "workflow/population_registry.h"
#include "workflow/region.h"
#include "workflow/verification.h"
#include "workflow/vocabulary.h"

namespace usulan::storage {

using Clock = std::chrono::system_clock;
using TimePoint = base::TimePoint;

struct ProposalRecord {
  std::string id;  // UUID text
  workflow::Kind kind = workflow::Kind::kNew;
  workflow::State state = workflow::State::kDraft;
  int64_t version = 0;
  workflow::RegionRef region;
  int machine_version = workflow::kMachineVersion;
  workflow::Route route = workflow::Route::kVillage;  // how it entered; never changes
  std::string reason;
  workflow::DeactivationReason deactivation_reason = workflow::DeactivationReason::kNone;
  workflow::Household household;
  std::string assigned_verifier;
  std::string last_approver;
  std::string cycle_id;  // reviewed in, or (DEFERRED) waiting for; "" before review
  // The register entry a CORRECTION, DEACTIVATION, REACTIVATION or OBJECTION
  // concerns; "" for NEW (0013_register.sql).
  std::string register_entry_id;
  std::vector<int> nik_mismatch_members;
  std::string created_by;
  TimePoint created_at;
  TimePoint state_since;
  // When the household's personal data was erased (then `household` is empty).
  std::optional<TimePoint> personal_data_erased_at;
  // A citizen's objection: the GPS point of the house photo (0016_objection_points.sql).
  // Personal data, kept with the household and erased with it; written by
  // InsertProposal, never changed afterwards.
  std::optional<workflow::GeoPoint> objection_point;
};

// A transition the workflow decided at `current_version`, for ProposalRepository::ApplyTransitions.
struct PlannedTransition {
  std::string proposal_id;
  int64_t current_version = 0;
  workflow::Decision decision;
  std::string request_id;
  TimePoint at;
  std::vector<int> nik_mismatch_members;
};

struct ProposalSummaryRecord {
  std::string id;
  workflow::Kind kind;
  workflow::State state;
  int64_t version;
  std::string desa_code;
  workflow::Route route = workflow::Route::kVillage;
  int member_count;
  TimePoint created_at;
  TimePoint state_since;
};

// Keyset position: the last row of the previous page.
struct ProposalCursor {
  TimePoint created_at;
  std::string id;
};

struct ProposalFilter {
  std::string region_prefix;  // "" = everywhere
  std::vector<workflow::State> states;  // empty = all
  std::vector<workflow::Kind> kinds;    // empty = all
  std::vector<workflow::Route> routes;  // empty = all
  std::optional<ProposalCursor> after;
  int limit = 50;  // 1..1000
  // Non-empty: only proposals assigned to this verifier (a verifier's listings).
  std::string assigned_verifier;
  // Only proposals whose state_since is earlier (the overdue ones).
  std::optional<TimePoint> state_since_before;
};

// CountProposals: what to count. Region, verifier and overdue as in ProposalFilter.
struct ProposalCountFilter {
  std::string region_prefix;
  std::string assigned_verifier;
  std::optional<TimePoint> state_since_before;
};

struct ProposalCountRecord {
  workflow::State state;
  workflow::Kind kind;
  int64_t count;
};

// A proposal whose household holds a NIK that was looked up, with the whole
// household's members (personal data: the service masks it where it must).
struct NikHitRecord {
  struct Member {
    int position;  // 1-based
    std::string nik;
    std::string name;
    workflow::Relationship relationship;
  };
  std::string proposal_id;
  workflow::Kind kind;
  workflow::State state;
  std::string desa_code;
  std::string assigned_verifier;
  TimePoint created_at;
  TimePoint state_since;
  int position;  // the looked-up person's position
  std::string kk_number;
  std::vector<Member> members;  // every member, by position
};

struct TransitionRecord {
  std::string proposal_id;
  int64_t sequence;
  workflow::AuditRecord audit;
  std::string request_id;
  TimePoint at;
};

struct DeliberationRecord {
  std::string id;
  workflow::DeliberationKind kind;
  std::string desa_code;
  std::string meeting_date;  // YYYY-MM-DD
  workflow::DeliberationStatus status = workflow::DeliberationStatus::kOpen;
  int64_t version = 1;
  std::vector<workflow::AgendaItem> agenda;  // in the order items were added
  std::string opened_by;
  TimePoint opened_at;
  int32_t attendance = 0;
  int32_t quorum = 0;
  std::string minutes_sha256;
  std::string closed_by;
  std::optional<TimePoint> closed_at;
};

struct DeliberationCursor {
  TimePoint opened_at;
  std::string id;
};

struct DeliberationFilter {
  std::string region_prefix;
  std::optional<workflow::DeliberationStatus> status;
  std::optional<DeliberationCursor> after;
  int limit = 50;  // 1..1000
};

struct BatchMemberRecord {
  std::string proposal_id;
  int64_t sealed_version = 1;
  workflow::State state = workflow::State::kDistrictApproved;  // current, read only
  bool open = true;
};

struct BatchRecord {
  std::string id;
  std::string kabupaten_code;
  std::string cycle_id;
  workflow::BatchStatus status = workflow::BatchStatus::kSealed;
  int64_t version = 1;
  std::string manifest_sha256;
  std::vector<BatchMemberRecord> members;  // in sealing order; empty in listings
  std::string created_by;
  TimePoint created_at;
  std::string letter_number;
  std::string letter_sha256;
  std::string ratified_by;
  std::string return_reason;
  TimePoint status_since;
};

// Keyset position in a batch listing.
struct BatchCursor {
  TimePoint at;
  std::string id;
};

struct BatchFilter {
  std::string region_prefix;  // "", province or kabupaten code
  std::vector<workflow::BatchStatus> statuses;  // empty = all
  std::optional<BatchCursor> after;
  int limit = 50;  // 1..1000
};

struct DecisionRecord {
  std::string batch_id;
  std::string decision_id;
  std::string manifest_sha256;
  std::string decree_number;
  std::string decree_sha256;
  std::vector<workflow::DecisionException> exceptions;
  int accepted_count = 0;
  int rejected_count = 0;
  int returned_count = 0;
  std::string decided_by;
  TimePoint decided_at;
  std::string request_id;
  std::string decision_sha256;
};

// A proposal the cycle job or the objection deadline may have to move.
struct DueProposal {
  std::string id;
  workflow::State state;
  std::string cycle_id;
  TimePoint state_since;
  TimePoint created_at;
};

// A person as the (development) civil-registry table knows them.
struct RegistryPerson {
  std::string nik;
  std::string kk_number;
  std::string name;
  std::string birth_date;
  std::string status;  // "ALIVE" or "DECEASED"
};

// What matching needs of a registry person (workflow::MatchMember).
inline workflow::RegistryEntry ToRegistryEntry(const RegistryPerson& person) {
  return {person.kk_number, person.status == "DECEASED"};
}

// The idempotency key of a mutating call: (subject, request_id) is unique; rpc and
// fingerprint must match on a repeat.
struct RequestKey {
  std::string request_id;
  std::string subject;
  std::string rpc;
  std::string fingerprint;  // hex SHA-256 of the deterministic request encoding
};

struct Claim {
  bool claimed;                 // true: first time, go ahead
  std::string stored_response;  // when !claimed: the first call's serialized answer
};

}  // namespace usulan::storage
