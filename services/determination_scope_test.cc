#include "services/determination_scope.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::services {
namespace {

using ::testing::HasSubstr;
using workflow::Role;

v1::ExportDeterminationRequest Request(std::string cycle, bool personal) {
  v1::ExportDeterminationRequest request;
  request.set_cycle(std::move(cycle));
  request.set_include_personal_data(personal);
  return request;
}

TEST(DeterminationScopeTest, WhoMayExportWhichVariantAndWhere) {
  struct Row {
    Role role;
    std::string region;
    bool personal;
    absl::StatusCode code;
  };
  const std::vector<Row> table = {
      {Role::kCentralReviewer, "", true, absl::StatusCode::kOk},
      {Role::kCentralReviewer, "", false, absl::StatusCode::kOk},
      {Role::kAuditor, "", false, absl::StatusCode::kOk},
      {Role::kAuditor, "", true, absl::StatusCode::kPermissionDenied},
      {Role::kProvinceOfficer, "32", false, absl::StatusCode::kOk},
      {Role::kProvinceOfficer, "32", true, absl::StatusCode::kPermissionDenied},
      {Role::kDistrictOfficer, "3201", false, absl::StatusCode::kOk},
      {Role::kDistrictOfficer, "3201", true, absl::StatusCode::kPermissionDenied},
      {Role::kRegent, "3201", false, absl::StatusCode::kPermissionDenied},
      {Role::kVillageOperator, "3201010001", false, absl::StatusCode::kPermissionDenied},
      {Role::kVillageHead, "3201010001", false, absl::StatusCode::kPermissionDenied},
      {Role::kVerifier, "3201010001", false, absl::StatusCode::kPermissionDenied},
      {Role::kSystem, "", false, absl::StatusCode::kPermissionDenied},
  };
  for (const Row& row : table) {
    const workflow::Actor actor{"user-1", row.role, row.region};
    auto scope = DeterminationScopeFor(actor, Request("2026-11", row.personal));
    ASSERT_EQ(scope.status().code(), row.code) << workflow::Name(row.role) << " " << row.personal;
    if (!scope.ok()) continue;
    EXPECT_EQ(scope->cycle, "2026-11");
    EXPECT_EQ(scope->region_prefix, row.region);  // never wider than the caller's region
    EXPECT_EQ(scope->with_personal_data, row.personal);
  }
}

TEST(DeterminationScopeTest, RefusalsNameTheField) {
  const workflow::Actor auditor{"a", Role::kAuditor, ""};
  auto personal = DeterminationScopeFor(auditor, Request("2026-11", true));
  EXPECT_THAT(personal.status().message(), HasSubstr("include_personal_data"));
  for (const char* cycle : {"", "2026-13", "2026-1", "26-11", "2026/11", "2026-11-01"}) {
    auto bad = DeterminationScopeFor(auditor, Request(cycle, false));
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << cycle;
    EXPECT_THAT(bad.status().message(), HasSubstr("cycle")) << cycle;
  }
}

// The role before the fields: a village operator with a bad cycle is told it may
// not export, not how to write a cycle; the control shows the same cycle is
// refused for its form when the role may export.
TEST(DeterminationScopeTest, TheRoleIsCheckedBeforeTheCycle) {
  const workflow::Actor operator_{"op", Role::kVillageOperator, "3201010001"};
  EXPECT_EQ(DeterminationScopeFor(operator_, Request("2026-13", false)).status().code(),
            absl::StatusCode::kPermissionDenied);
  const workflow::Actor district{"d", Role::kDistrictOfficer, "3201"};
  EXPECT_EQ(DeterminationScopeFor(district, Request("2026-13", true)).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(DeterminationScopeFor(district, Request("2026-13", false)).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace usulan::services
