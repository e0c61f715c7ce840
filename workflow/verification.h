// Rules of the field verification visit (verval): which outcomes make a household
// eligible, what a visit must carry, and the payload of record_visit. Pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "workflow/cycle.h"
#include "workflow/machine.h"

namespace usulan::workflow {

enum class VisitOutcome {
  kCompleted,
  kHouseholdNotFound,
  kMoved,                 // moved away, or the building is gone
  kPartOfOtherHousehold,  // part of another listed household
  kDuplicate,
};

// UPPER_SNAKE names stored in the audit trail ("HOUSEHOLD_NOT_FOUND").
std::string_view Name(VisitOutcome outcome);

struct GeoPoint {
  double latitude;
  double longitude;
};

// Whether `p` is a WGS84 point (latitude -90..90, longitude -180..180; NaN is not).
bool IsWgs84(const GeoPoint& p);
// Whether `p` lies in Indonesia's bounding box (latitude -12..7, longitude
// 94..142: Sabang to Merauke, Miangas to Rote, with a margin for the sea). An edge
// check that catches swapped or mistyped coordinates, not a border test.
bool InIndonesia(const GeoPoint& p);
// Degrees as the audit trail stores them: a plain decimal with 6 places (~0.1 m).
std::string Degrees(double value);

struct Visit {
  VisitOutcome outcome;
  bool eligible;              // meaningful only with kCompleted
  std::string visit_time;     // RFC 3339 UTC, as stored in the audit trail
  std::vector<std::string> evidence_sha256;
  std::optional<GeoPoint> location;
  std::string reason;
};

// INVALID_ARGUMENT naming the field: eligible with an outcome other than
// completed (the household was not assessed), a negative visit without a reason,
// no evidence, a location outside WGS84 ranges or outside Indonesia's bounding box
// (usually swapped latitude and longitude).
absl::Status CheckVisit(const Visit& visit);

// Field devices' clocks drift: a visit a few minutes off the service's clock is
// not a lie.
inline constexpr std::chrono::minutes kVisitClockSkew{5};

// When the visit happened, against the service's clock and the assignment:
// INVALID_ARGUMENT naming visit_time when it lies in the future (`now`) or before
// the verifier was assigned (`assigned_at`, when the proposal entered
// IN_VERIFICATION), each beyond kVisitClockSkew.
absl::Status CheckVisitTime(Micros visited, Micros assigned_at, Micros now);

// The record_visit payload: verdict true only for a completed visit of an eligible
// household; attributes outcome_code, visit_time and, when given, the location.
Payload VisitPayload(const Visit& visit);

}  // namespace usulan::workflow
