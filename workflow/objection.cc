#include "workflow/objection.h"

namespace usulan::workflow {

absl::Status CheckObjectionPoint(const GeoPoint& point) {
  if (point.latitude == 0 && point.longitude == 0) {
    return absl::InvalidArgumentError(
        "latitude and longitude are required (the GPS point of the house photo)");
  }
  if (!IsWgs84({point.latitude, 0})) {
    return absl::InvalidArgumentError("latitude must be WGS84 degrees between -90 and 90");
  }
  if (!IsWgs84({0, point.longitude})) {
    return absl::InvalidArgumentError("longitude must be WGS84 degrees between -180 and 180");
  }
  if (!InIndonesia(point)) {
    return absl::InvalidArgumentError(
        "latitude/longitude lie outside Indonesia (latitude -12..7, longitude 94..142; "
        "are they swapped?)");
  }
  return absl::OkStatus();
}

Payload ObjectionEvidence(std::vector<std::string> photo_hashes, const GeoPoint& point) {
  Payload evidence;
  evidence.document_hashes = std::move(photo_hashes);
  evidence.attributes["latitude"] = Degrees(point.latitude);
  evidence.attributes["longitude"] = Degrees(point.longitude);
  return evidence;
}

bool SeesFiler(Route route, Role role) {
  if (route != Route::kCitizenObjection) return true;
  switch (role) {
    case Role::kDistrictOfficer:
    case Role::kRegent:
    case Role::kProvinceOfficer:
    case Role::kCentralReviewer:
    case Role::kAuditor:
    case Role::kSystem:
      return true;
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kVerifier:
    case Role::kCitizen:
      return false;
  }
  return false;
}

bool SeesObjectionPoint(Role role) {
  switch (role) {
    case Role::kDistrictOfficer:
    case Role::kVerifier:
    case Role::kRegent:
    case Role::kProvinceOfficer:
    case Role::kCentralReviewer:
      return true;
    case Role::kVillageOperator:
    case Role::kVillageHead:
    case Role::kAuditor:
    case Role::kSystem:
    case Role::kCitizen:
      return false;
  }
  return false;
}

}  // namespace usulan::workflow
