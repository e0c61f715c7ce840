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

// Whether `role` may read the GPS point of a citizen's objection (where the house
// objected to stands). Those who handle the objection: Dinsos, which assigns the
// visit, the verifier, who must find the house, and the offices above that read
// households anyway (Bupati/Walikota, province, Pusdatin). Not the village
// (operator, head): the objection goes past it to the district, and a photo's
// point can lead to where the objector stood, a neighbour of the household the
// village lives beside; not the auditor, who reads trails, never households
// (ReadsHouseholds); not a citizen.
bool SeesObjectionPoint(Role role);

}  // namespace usulan::workflow
