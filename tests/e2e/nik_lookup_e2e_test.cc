// Least privilege for LookupNik and the personal-data access log (issue 12):
// only household roles may look people up, only inside their region (a
// region_prefix outside it is PERMISSION_DENIED), each caller is rate-limited
// (RESOURCE_EXHAUSTED), and every lookup that passes the edge, allowed or
// refused, is an append-only row with the keyed NIK hash (never the NIK) that
// auditors, and only auditors, read through AuditService.ListPersonalDataAccess.
// Also: GetProposal withholds the household from an auditor.
#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "services/convert.h"
#include "tests/e2e/e2e_fixture.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using workflow::Role;

constexpr int kRatePerMinute = 5;

class NikLookupE2eTest : public E2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.lookup_rate_per_minute = kRatePerMinute;
  }

  grpc::Status Lookup(const std::string& token, const std::string& nik,
                      const std::string& region_prefix = "", v1::LookupNikResponse* out = nullptr) {
    v1::LookupNikRequest request;
    request.set_nik(nik);
    request.set_region_prefix(region_prefix);
    v1::LookupNikResponse ignored;
    return proposals_->LookupNik(Context(token).get(), request, out ? out : &ignored);
  }

  std::vector<v1::PersonalDataAccess> AccessLog(const std::string& token,
                                                const std::string& subject = "") {
    v1::ListPersonalDataAccessRequest request;
    request.set_subject(subject);
    v1::ListPersonalDataAccessResponse response;
    grpc::Status status = audit_->ListPersonalDataAccess(Context(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.entries().begin(), response.entries().end()};
  }

  std::string NikHash(const std::string& nik) const {
    return audit::ToHex(audit::NikHmac(nik_key_, nik));
  }
};

TEST_F(NikLookupE2eTest, OutOfRegionIsPermissionDeniedInsideIsAnswered) {
  const v1::Proposal listed = CreateAndSubmit(kDesaA, 31);
  const std::string nik = MakeHousehold(kDesaA, 31).members(0).nik();
  const std::string dinsos = Token(Role::kDistrictOfficer, kKabupaten, "dinsos.scope");
  v1::LookupNikResponse found;
  ASSERT_TRUE(Lookup(dinsos, nik, kKecamatan, &found).ok());
  ASSERT_EQ(found.proposals_size(), 1);
  EXPECT_EQ(found.proposals(0).proposal_id(), listed.proposal_id());

  struct Case {
    std::string token, prefix;
  };
  const Case outside[] = {
      {Token(Role::kVillageOperator, kDesaA, "op.scope"), kDesaB},
      {Token(Role::kVillageOperator, kDesaA, "op.scope"), kKabupaten},
      {Token(Role::kDistrictOfficer, kKabupaten, "dinsos.scope"), kProvince},
      {Token(Role::kDistrictOfficer, kKabupaten, "dinsos.scope"), "3202"},
      {Token(Role::kProvinceOfficer, kProvince, "prov.scope"), "33"},
  };
  for (const Case& c : outside) {
    v1::LookupNikResponse none;
    grpc::Status status = Lookup(c.token, nik, c.prefix, &none);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << c.prefix;
    EXPECT_THAT(status.error_message(), HasSubstr("region_prefix is outside the caller's region"));
    EXPECT_EQ(none.proposals_size(), 0);
  }
  grpc::Status malformed = Lookup(dinsos, nik, "32010");
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(malformed.error_message(), HasSubstr("region_prefix"));
}

TEST_F(NikLookupE2eTest, RolesWithoutNeedArePermissionDenied) {
  CreateAndSubmit(kDesaA, 32);
  const std::string nik = MakeHousehold(kDesaA, 32).members(0).nik();
  const std::pair<Role, std::string> refused[] = {
      {Role::kRegent, kKabupaten}, {Role::kSystem, ""}, {Role::kAuditor, ""},
      {Role::kAuditor, kKabupaten}};
  for (const auto& [role, region] : refused) {
    v1::LookupNikResponse none;
    grpc::Status status = Lookup(Token(role, region), nik, "", &none);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << workflow::Name(role);
    EXPECT_THAT(status.error_message(),
                HasSubstr(std::string(workflow::Name(role)) + " may not look people up by NIK"));
    EXPECT_EQ(none.proposals_size(), 0);
  }
  // The roles that need it may (control).
  for (const auto& [role, region] : std::vector<std::pair<Role, std::string>>{
           {Role::kVillageOperator, kDesaA}, {Role::kVillageHead, kDesaA},
           {Role::kVerifier, kKabupaten}, {Role::kDistrictOfficer, kKabupaten},
           {Role::kProvinceOfficer, kProvince}, {Role::kCentralReviewer, ""}}) {
    EXPECT_TRUE(Lookup(Token(role, region), nik).ok()) << workflow::Name(role);
  }
}

TEST_F(NikLookupE2eTest, RateLimitPerCallerAnswersResourceExhausted) {
  const std::string nik = MakeNik(kKecamatan, "1980-02-02", false, 4242);
  const std::string busy = Token(Role::kVillageOperator, kDesaA, "op.busy");
  // The bucket starts full; refills at one per 12 s, far slower than this loop.
  for (int i = 0; i < kRatePerMinute; ++i) {
    grpc::Status status = Lookup(busy, nik);
    EXPECT_TRUE(status.ok()) << i << ": " << status.error_message();
  }
  grpc::Status limited = Lookup(busy, nik);
  EXPECT_EQ(limited.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(limited.error_message(), HasSubstr("limited to 5 lookups per minute per caller"));
  EXPECT_THAT(limited.error_message(), HasSubstr("--lookup-rate-per-minute"));
  EXPECT_THAT(limited.error_message(), Not(HasSubstr(nik)));
  // Per caller: another subject is not affected.
  EXPECT_TRUE(Lookup(Token(Role::kVillageOperator, kDesaA, "op.calm"), nik).ok());
  // A minute later the bucket is full again.
  clock_.Advance(std::chrono::minutes(1));
  EXPECT_TRUE(Lookup(Token(Role::kVillageOperator, kDesaA, "op.busy"), nik).ok());
}

TEST_F(NikLookupE2eTest, EveryLookupIsInTheAccessLogWithTheHashNeverTheNik) {
  CreateAndSubmit(kDesaA, 33);
  const std::string nik = MakeHousehold(kDesaA, 33).members(1).nik();
  const std::string unknown = MakeNik(kKecamatan, "1975-03-03", true, 4343);
  const std::string auditor = Token(Role::kAuditor, "", "bpk.auditor");
  ASSERT_TRUE(AccessLog(auditor).empty());

  ASSERT_TRUE(Lookup(Token(Role::kVillageOperator, kDesaA, "op.a"), nik).ok());       // found
  ASSERT_TRUE(Lookup(Token(Role::kVillageOperator, kDesaB, "op.b"), nik).ok());       // outside: none
  ASSERT_TRUE(Lookup(Token(Role::kDistrictOfficer, kKabupaten, "dinsos"), unknown).ok());
  EXPECT_EQ(Lookup(Token(Role::kRegent, kKabupaten, "bupati"), nik).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Lookup(Token(Role::kVillageOperator, kDesaA, "op.a"), nik, kDesaB).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Refused at the edge (no valid NIK): nothing to record.
  EXPECT_EQ(Lookup(Token(Role::kVillageOperator, kDesaA, "op.a"), "123").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const std::vector<v1::PersonalDataAccess> log = AccessLog(auditor);
  ASSERT_EQ(log.size(), 5u);
  struct Want {
    std::string subject, role, region, scope, nik;
    v1::PersonalDataAccessOutcome outcome;
    int proposals;
  };
  const Want want[] = {
      {"op.a", "village_operator", kDesaA, kDesaA, nik, v1::PERSONAL_DATA_ACCESS_OUTCOME_FOUND, 1},
      {"op.b", "village_operator", kDesaB, kDesaB, nik, v1::PERSONAL_DATA_ACCESS_OUTCOME_NOT_FOUND,
       0},
      {"dinsos", "district_officer", kKabupaten, kKabupaten, unknown,
       v1::PERSONAL_DATA_ACCESS_OUTCOME_NOT_FOUND, 0},
      {"bupati", "regent", kKabupaten, kKabupaten, nik, v1::PERSONAL_DATA_ACCESS_OUTCOME_DENIED, 0},
      {"op.a", "village_operator", kDesaA, kDesaB, nik, v1::PERSONAL_DATA_ACCESS_OUTCOME_DENIED, 0},
  };
  for (size_t i = 0; i < log.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(log[i].subject(), want[i].subject);
    EXPECT_EQ(log[i].role(), want[i].role);
    EXPECT_EQ(log[i].region_code(), want[i].region);
    EXPECT_EQ(log[i].scope(), want[i].scope);
    EXPECT_EQ(log[i].rpc(), "LookupNik");
    EXPECT_EQ(log[i].nik_hmac(), NikHash(want[i].nik));
    EXPECT_EQ(log[i].outcome(), want[i].outcome);
    EXPECT_EQ(log[i].proposals(), want[i].proposals);
    EXPECT_TRUE(log[i].has_at());
    if (i > 0) {
      EXPECT_GT(log[i].id(), log[i - 1].id());
    }
    // The NIK itself is nowhere in the answer.
    EXPECT_THAT(log[i].SerializeAsString(), Not(HasSubstr(want[i].nik)));
  }
  // Nor anywhere in the table.
  const std::string table = database_->QueryValueAsSuperuser(
      "SELECT coalesce(string_agg(t::text, '|'), '') FROM personal_data_access t");
  EXPECT_THAT(table, Not(HasSubstr(nik)));
  EXPECT_THAT(table, Not(HasSubstr(unknown)));
  EXPECT_THAT(table, HasSubstr(NikHash(nik)));  // control: the scan sees the row's content

  // Filters and paging.
  ASSERT_EQ(AccessLog(auditor, "op.a").size(), 2u);
  v1::ListPersonalDataAccessRequest page;
  page.set_page_size(2);
  v1::ListPersonalDataAccessResponse first, second;
  ASSERT_TRUE(audit_->ListPersonalDataAccess(Context(auditor).get(), page, &first).ok());
  ASSERT_EQ(first.entries_size(), 2);
  ASSERT_FALSE(first.next_page_token().empty());
  page.set_page_token(first.next_page_token());
  ASSERT_TRUE(audit_->ListPersonalDataAccess(Context(auditor).get(), page, &second).ok());
  ASSERT_EQ(second.entries_size(), 2);
  EXPECT_EQ(second.entries(0).id(), log[2].id());
  v1::ListPersonalDataAccessRequest later;
  services::ToProto(clock_.Now() + std::chrono::hours(1), later.mutable_from());
  v1::ListPersonalDataAccessResponse none;
  ASSERT_TRUE(audit_->ListPersonalDataAccess(Context(auditor).get(), later, &none).ok());
  EXPECT_EQ(none.entries_size(), 0);
  v1::ListPersonalDataAccessRequest bad_token;
  bad_token.set_page_token("abc");
  EXPECT_EQ(audit_->ListPersonalDataAccess(Context(auditor).get(), bad_token, &none).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // A regional auditor reads the lookups whose scope lies in their region.
  const std::vector<v1::PersonalDataAccess> regional =
      AccessLog(Token(Role::kAuditor, kKabupaten, "inspektorat.bogor"));
  EXPECT_EQ(regional.size(), 5u);
  EXPECT_TRUE(AccessLog(Token(Role::kAuditor, "3202", "inspektorat.other")).empty());

  // Append-only: neither the service's role nor the owner may change or remove rows.
  EXPECT_THAT(SqlErrorOf(database_->ServiceRoleUrl(), "DELETE FROM personal_data_access"),
              HasSubstr("permission denied"));
  EXPECT_THAT(SqlErrorOf(database_->ServiceRoleUrl(),
                         "UPDATE personal_data_access SET outcome = 'found'"),
              HasSubstr("permission denied"));
  EXPECT_THAT(SqlErrorOf(database_->url(), "DELETE FROM personal_data_access"),
              HasSubstr("append-only"));
  EXPECT_THAT(SqlErrorOf(database_->url(), "TRUNCATE personal_data_access"),
              HasSubstr("append-only"));
  EXPECT_EQ(AccessLog(auditor).size(), 5u);
}

TEST_F(NikLookupE2eTest, OnlyAuditorsReadTheAccessLog) {
  for (const auto& [role, region] : std::vector<std::pair<Role, std::string>>{
           {Role::kVillageOperator, kDesaA}, {Role::kVillageHead, kDesaA},
           {Role::kVerifier, kKabupaten}, {Role::kDistrictOfficer, kKabupaten},
           {Role::kRegent, kKabupaten}, {Role::kProvinceOfficer, kProvince},
           {Role::kCentralReviewer, ""}, {Role::kSystem, ""}}) {
    v1::ListPersonalDataAccessResponse response;
    grpc::Status status =
        audit_->ListPersonalDataAccess(Context(Token(role, region)).get(), {}, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << workflow::Name(role);
    EXPECT_THAT(status.error_message(), HasSubstr("auditors only"));
  }
  v1::ListPersonalDataAccessResponse response;
  EXPECT_EQ(audit_->ListPersonalDataAccess(Context("").get(), {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(
      audit_->ListPersonalDataAccess(Context(Token(Role::kAuditor, "")).get(), {}, &response).ok());
}

TEST_F(NikLookupE2eTest, GetProposalWithholdsTheHouseholdFromAnAuditor) {
  const v1::Proposal listed = CreateAndSubmit(kDesaA, 34);
  v1::GetProposalRequest request;
  request.set_proposal_id(listed.proposal_id());
  v1::Proposal as_auditor, as_operator;
  ASSERT_TRUE(
      proposals_->GetProposal(Context(Token(Role::kAuditor, "")).get(), request, &as_auditor).ok());
  EXPECT_FALSE(as_auditor.has_household());
  EXPECT_TRUE(as_auditor.household_withheld());
  EXPECT_EQ(as_auditor.state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(as_auditor.version(), listed.version());
  ASSERT_TRUE(proposals_->GetProposal(Context(OperatorToken()).get(), request, &as_operator).ok());
  EXPECT_TRUE(as_operator.has_household());
  EXPECT_FALSE(as_operator.household_withheld());
  EXPECT_EQ(as_operator.household().kk_number(), MakeHousehold(kDesaA, 34).kk_number());
}

}  // namespace
}  // namespace usulan::testing
