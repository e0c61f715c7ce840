#include "workflow/verification.h"

#include <cstdio>

#include "absl/strings/ascii.h"
#include "workflow/formats.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

// Indonesia from Sabang to Merauke, Miangas to Rote, with a margin for the sea.
constexpr double kMinLatitude = -12.0;
constexpr double kMaxLatitude = 7.0;
constexpr double kMinLongitude = 94.0;
constexpr double kMaxLongitude = 142.0;

}  // namespace

bool IsWgs84(const GeoPoint& p) {
  // Written so that NaN fails every comparison and so the check.
  return p.latitude >= -90 && p.latitude <= 90 && p.longitude >= -180 && p.longitude <= 180;
}

bool InIndonesia(const GeoPoint& p) {
  return p.latitude >= kMinLatitude && p.latitude <= kMaxLatitude &&
         p.longitude >= kMinLongitude && p.longitude <= kMaxLongitude;
}

std::string Degrees(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

std::string_view Name(VisitOutcome outcome) {
  switch (outcome) {
    case VisitOutcome::kCompleted:
      return "COMPLETED";
    case VisitOutcome::kHouseholdNotFound:
      return "HOUSEHOLD_NOT_FOUND";
    case VisitOutcome::kMoved:
      return "MOVED";
    case VisitOutcome::kPartOfOtherHousehold:
      return "PART_OF_OTHER_HOUSEHOLD";
    case VisitOutcome::kDuplicate:
      return "DUPLICATE";
  }
  return "UNKNOWN";
}

absl::Status CheckVisit(const Visit& visit) {
  if (visit.eligible && visit.outcome != VisitOutcome::kCompleted) {
    return absl::InvalidArgumentError(
        base::Concat("eligible must be false when the outcome is ", Name(visit.outcome),
               ": the household was not assessed"));
  }
  const bool positive = visit.outcome == VisitOutcome::kCompleted && visit.eligible;
  if (!positive && absl::StripAsciiWhitespace(base::AsAbsl(visit.reason)).empty()) {
    return absl::InvalidArgumentError(
        "reason is required unless the visit was completed and the household is eligible");
  }
  if (visit.evidence_sha256.empty()) {
    return absl::InvalidArgumentError(
        "evidence_sha256 must name at least one document (e.g. a photo of the house)");
  }
  if (visit.visit_time.empty()) return absl::InvalidArgumentError("visit_time is required");
  for (std::size_t i = 0; i < visit.evidence_sha256.size(); ++i) {
    if (!IsSha256Hex(visit.evidence_sha256[i])) {
      return absl::InvalidArgumentError(
          base::Concat("evidence_sha256[", i, "] must be 64 lower-case hex characters (SHA-256)"));
    }
  }
  if (visit.location) {
    const GeoPoint& p = *visit.location;
    if (!IsWgs84(p)) {
      return absl::InvalidArgumentError("location is not a WGS84 point (latitude -90..90, longitude -180..180)");
    }
    if (!InIndonesia(p)) {
      return absl::InvalidArgumentError(
          "location lies outside Indonesia (are latitude and longitude swapped?)");
    }
  }
  return absl::OkStatus();
}

Payload VisitPayload(const Visit& visit) {
  Payload payload;
  payload.verdict = visit.outcome == VisitOutcome::kCompleted && visit.eligible;
  payload.reason = visit.reason;
  payload.document_hashes = visit.evidence_sha256;
  payload.attributes["outcome_code"] = std::string(Name(visit.outcome));
  payload.attributes["eligible"] = visit.eligible ? "true" : "false";
  payload.attributes["visit_time"] = visit.visit_time;
  if (visit.location) {
    payload.attributes["location"] =
        base::Concat(Degrees(visit.location->latitude), ",", Degrees(visit.location->longitude));
  }
  return payload;
}

absl::Status CheckVisitTime(Micros visited, Micros assigned_at, Micros now) {
  if (visited > now + kVisitClockSkew) {
    return absl::InvalidArgumentError("visit_time lies in the future");
  }
  if (visited < assigned_at - kVisitClockSkew) {
    return absl::InvalidArgumentError(
        base::Concat("visit_time lies before the verifier was assigned (", FormatRfc3339(assigned_at),
               ")"));
  }
  return absl::OkStatus();
}

}  // namespace usulan::workflow
