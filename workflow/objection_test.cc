// The objection's edge rules (GPS point, who sees the objector and the point) and the masked
// names of the citizen's household view.
#include "workflow/objection.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "workflow/queues.h"

namespace usulan::workflow {
namespace {

TEST(ObjectionPointTest, APointInIndonesiaPassesAndEveryBadOneNamesItsField) {
  EXPECT_TRUE(CheckObjectionPoint({-6.595, 106.816}).ok());  // Bogor
  EXPECT_TRUE(CheckObjectionPoint({5.89, 95.32}).ok());      // Sabang
  EXPECT_TRUE(CheckObjectionPoint({-8.49, 140.40}).ok());    // Merauke
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    GeoPoint point;
    std::string_view message_start;
  };
  const Case cases[] = {
      {{0, 0}, "latitude and longitude are required"},
      {{-91, 106.8}, "latitude must be"},
      {{nan, 106.8}, "latitude must be"},
      {{-6.5, 181}, "longitude must be"},
      {{-6.5, nan}, "longitude must be"},
      {{106.8, -6.5}, "latitude must be"},                           // swapped
      {{-6.5, -106.8}, "latitude/longitude lie outside Indonesia"},  // west, not east
      {{48.85, 2.35}, "latitude/longitude lie outside Indonesia"},  // Paris
  };
  for (const Case& c : cases) {
    absl::Status status = CheckObjectionPoint(c.point);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.message_start;
    EXPECT_EQ(std::string(status.message()).substr(0, c.message_start.size()), c.message_start);
  }
}

TEST(ObjectionPointTest, EvidenceCarriesThePointAsTheMachineChecksIt) {
  Payload evidence = ObjectionEvidence({std::string(64, 'a')}, {-6.595, 106.816});
  EXPECT_EQ(evidence.attributes.at("latitude"), "-6.595000");
  EXPECT_EQ(evidence.attributes.at("longitude"), "106.816000");
  EXPECT_TRUE(CheckCreationEvidence(Route::kCitizenObjection, evidence).ok());
  evidence.document_hashes.clear();
  EXPECT_FALSE(CheckCreationEvidence(Route::kCitizenObjection, evidence).ok());
}

TEST(SeesFilerTest, TheObjectorIsHiddenFromTheVillageAndTheVerifierOnly) {
  for (Role role : kAllRoles) {
    const bool near = role == Role::kVillageOperator || role == Role::kVillageHead ||
                      role == Role::kVerifier || role == Role::kCitizen;
    EXPECT_EQ(SeesFiler(Route::kCitizenObjection, role), !near) << Name(role);
    for (Route route : kAllRoutes) {
      if (route != Route::kCitizenObjection) {
        EXPECT_TRUE(SeesFiler(route, role)) << Name(role);
      }
    }
  }
}

// The point goes to those who handle the objection, each of whom reads households
// anyway; never to the village nor to a role that reads no household.
TEST(SeesObjectionPointTest, OnlyTheDistrictTheVerifierAndTheOfficesAboveReadThePoint) {
  for (Role role : kAllRoles) {
    const bool handles = role == Role::kDistrictOfficer || role == Role::kVerifier ||
                         role == Role::kRegent || role == Role::kProvinceOfficer ||
                         role == Role::kCentralReviewer;
    EXPECT_EQ(SeesObjectionPoint(role), handles) << Name(role);
    if (SeesObjectionPoint(role)) {
      EXPECT_TRUE(ReadsHouseholds(role)) << Name(role);
    }
  }
  EXPECT_FALSE(SeesObjectionPoint(Role::kVillageOperator));
  EXPECT_FALSE(SeesObjectionPoint(Role::kVillageHead));
}

}  // namespace
}  // namespace usulan::workflow
