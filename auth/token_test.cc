#include "auth/token.h"

#include <gtest/gtest.h>

namespace usulan::auth {
namespace {

using workflow::Role;

const std::string kKey(32, 's');

TEST(TokenTest, RoundTripsClaims) {
  TokenClaims claims{"dinsos.bandung.01", Role::kDistrictOfficer, "3204", 1000, 5000};
  auto verified = VerifyToken(MintToken(claims, kKey), kKey, 2000);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->subject, "dinsos.bandung.01");
  EXPECT_EQ(verified->role, Role::kDistrictOfficer);
  EXPECT_EQ(verified->region, "3204");
  EXPECT_EQ(verified->expires_at, 5000);
}

TEST(TokenTest, RefusesExpiredWrongKeyAndGarbage) {
  std::string token = MintToken({"op", Role::kVillageOperator, "3201012001", 0, 100}, kKey);
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyToken(token, kKey, 100).status()));
  EXPECT_TRUE(VerifyToken(token, kKey, 99).ok());
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyToken(token, std::string(32, 't'), 50).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyToken("a.b", kKey, 50).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyToken("", kKey, 50).status()));
  std::string truncated = token.substr(0, token.size() - 2);
  EXPECT_TRUE(absl::IsUnauthenticated(VerifyToken(truncated, kKey, 50).status()));
}

TEST(TokenTest, RefusesRegionThatDoesNotFitTheRole) {
  // A village operator token must name a desa, not a whole kabupaten.
  std::string token = MintToken({"op", Role::kVillageOperator, "3201", 0, 100}, kKey);
  auto verified = VerifyToken(token, kKey, 50);
  EXPECT_TRUE(absl::IsUnauthenticated(verified.status()));
  EXPECT_NE(verified.status().message().find("region"), absl::string_view::npos);
}

}  // namespace
}  // namespace usulan::auth
