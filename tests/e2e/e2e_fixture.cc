#include "tests/e2e/e2e_fixture.h"

#include "auth/key_source.h"
#include "storage/tx.h"

namespace usulan::testing {

void E2eTest::SetUp() {
  auto keys = auth::KeySet::Parse(TestJwks());
  ASSERT_TRUE(keys.ok()) << keys.status();
  verifier_ = std::make_shared<const auth::TokenVerifier>(
      auth::TokenVerifierOptions{}, std::make_shared<auth::StaticKeySource>(std::move(*keys)));
  database_ = std::make_unique<ScratchDatabase>();
  auto migrated = storage::Migrate(database_->url());
  ASSERT_TRUE(migrated.ok()) << migrated.status();
  // The server connects as the service's role, as in production: every test then
  // also proves that role has the rights it needs (and the audit trail stays
  // append-only for it).
  auto db = storage::Database::Open(
      {.url = database_->ServiceRoleUrl(), .pool_size = 4, .nik_key = nik_key_});
  ASSERT_TRUE(db.ok()) << db.status();
  db_ = std::move(*db);
  registry_ = std::make_unique<storage::TablePopulationRegistry>(*db_);
  auto audit_pem = audit::SigningKey::GeneratePem();
  ASSERT_TRUE(audit_pem.ok()) << audit_pem.status();
  auto audit_key = audit::SigningKey::FromPem(*audit_pem);
  ASSERT_TRUE(audit_key.ok()) << audit_key.status();
  audit_key_ = *audit_key;
  server::ServerOptions options{"127.0.0.1:0", verifier_};
  options.tls = TestPki().ServerTls();
  options.audit.key = *audit_key_;
  options.personal_data.retention_days = kRetentionDays;
  options.household_key = household_key_;
  ConfigureServer(options);
  auto server = server::UsulanServer::Start(options, *db_, ServerClock(), Registry());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
  channel_ = TestChannel(server_->port());
  ConnectStubs();
}

void E2eTest::ConnectStubs() {
  proposals_ = v1::ProposalService::NewStub(channel_);
  deliberations_ = v1::DeliberationService::NewStub(channel_);
  audit_ = v1::AuditService::NewStub(channel_);
  verification_ = v1::VerificationService::NewStub(channel_);
  review_ = v1::ReviewService::NewStub(channel_);
  decisions_ = v1::DecisionService::NewStub(channel_);
  personal_data_ = v1::PersonalDataService::NewStub(channel_);
}

v1::GetHistoryResponse E2eTest::History(const std::string& proposal_id, const std::string& token) {
  v1::GetHistoryRequest request;
  request.set_proposal_id(proposal_id);
  v1::GetHistoryResponse history;
  grpc::Status status = audit_->GetHistory(
      Context(token.empty() ? OperatorToken() : token).get(), request, &history);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return history;
}

void E2eTest::TearDown() {
  if (server_) server_->Shutdown(std::chrono::milliseconds(100));
  server_.reset();
  registry_.reset();
  db_.reset();
  database_.reset();
}

std::string E2eTest::Token(workflow::Role role, const std::string& region,
                           const std::string& subject) const {
  int64_t now = base::UnixSeconds(clock_.Now());
  std::string who = subject.empty()
                        ? std::string(workflow::Name(role)) + "@" + (region.empty() ? "id" : region)
                        : subject;
  // A citizen's token must carry a NIK and KK (auth/claims.h): a fixed pair no
  // test household uses.
  if (role == workflow::Role::kCitizen) {
    return CitizenToken(who, region, "3201014101900099", "3201010101900099", now);
  }
  return TestToken(who, role, region, now);
}

std::string E2eTest::OperatorToken(const std::string& desa) const {
  return Token(workflow::Role::kVillageOperator, desa);
}

std::string E2eTest::HeadToken(const std::string& desa) const {
  return Token(workflow::Role::kVillageHead, desa);
}

std::unique_ptr<grpc::ClientContext> E2eTest::Context(const std::string& token) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  return context;
}

void E2eTest::Register(const v1::Household& household) {
  absl::Status status = db_->InTransaction(
      [&](storage::Tx& tx) { return tx.registry().UpsertRegistryPeople(RegistryRowsFor(household)); });
  ASSERT_TRUE(status.ok()) << status;
}

v1::CreateProposalRequest E2eTest::NewProposal(const std::string& desa, int seed,
                                               bool registered) {
  v1::CreateProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_kind(v1::PROPOSAL_KIND_NEW);
  v1::RegionRef* region = request.mutable_region();
  region->set_province_code(desa.substr(0, 2));
  region->set_kabupaten_code(desa.substr(0, 4));
  region->set_kecamatan_code(desa.substr(0, 6));
  region->set_desa_code(desa);
  *request.mutable_household() = MakeHousehold(desa, seed);
  if (registered) Register(request.household());
  return request;
}

v1::Proposal E2eTest::CreateAndSubmit(const std::string& desa, int seed, bool registered) {
  v1::Proposal created;
  grpc::Status status = proposals_->CreateProposal(Context(OperatorToken(desa)).get(),
                                                   NewProposal(desa, seed, registered), &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(created.proposal_id());
  v1::Proposal submitted;
  status = proposals_->SubmitProposal(Context(OperatorToken(desa)).get(), submit, &submitted);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return submitted;
}

int64_t E2eTest::CountRows(const std::string& table) const {
  return std::stoll(database_->QueryValueAsSuperuser("SELECT count(*) FROM " + table));
}

std::string E2eTest::TablesHolding(const std::string& value) const {
  const std::string hex = [&] {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char c : value) {
      out += kDigits[c >> 4];
      out += kDigits[c & 0xf];
    }
    return out;
  }();
  return database_->QueryValueAsSuperuser(
      "SELECT coalesce(string_agg(table_name, ',' ORDER BY table_name), '') "
      "FROM information_schema.tables WHERE table_schema = 'public' "
      "AND table_type = 'BASE TABLE' AND table_name <> 'registry_people' "
      "AND (xpath('/row/n/text()', query_to_xml(format("
      "'SELECT count(*) AS n FROM %I x WHERE x::text LIKE %L OR x::text LIKE %L', "
      "table_name, '%" + value + "%', '%" + hex + "%'), false, true, '')))[1]::text::int > 0");
}

std::string E2eTest::NextRequestId() {
  return "test-" + std::to_string(++request_counter_);
}

}  // namespace usulan::testing
