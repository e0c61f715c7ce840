// A citizen's objection (usul sanggah, route CITIZEN_OBJECTION): the GPS point of
// its house photo, and who may know who objected. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "workflow/machine.h"
#include "workflow/verification.h"

namespace usulan::workflow {

// The point the photo was taken at. INVALID_ARGUMENT naming the field: both
// zero (proto3's "not sent") is "latitude and longitude are required"; a value
// outside WGS84 names the coordinate; a point outside Indonesia's bounding box
// (InIndonesia: an edge check for swapped or mistyped coordinates, not a border
// test) names both.
absl::Status CheckObjectionPoint(const GeoPoint& point);

// The creation evidence of an objection as CheckCreationEvidence reads it: the
// photos' hashes, and the point as attributes latitude and longitude (Degrees).
Payload ObjectionEvidence(std::vector<std::string> photo_hashes, const GeoPoint& point);

// Whether `role` may learn who filed a proposal on `route` (its created_by and
// the actor of its creation record). For an objection only the offices from the
// district up (Dinsos, Bupati/Walikota, province, Pusdatin), the auditor and the
// system: the village (operator, head) lives beside the household objected to
// and the verifier visits it, so neither may carry the objector's account to
// it. Every other route's filer is seen by every office that reads the
// proposal. A citizen reads no office call at all.
bool SeesFiler(Route route, Role role);

}  // namespace usulan::workflow
