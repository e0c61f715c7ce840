#include "tests/e2e/personal_data_log_scan_fixture.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <fstream>
#include <regex>

#include "audit/signing.h"
#include "tests/support/build_paths.h"
#include "tests/support/private_file.h"
#include "tests/support/server_files.h"

namespace usulan::testing {

namespace fs = std::filesystem;
using workflow::Role;

namespace {
constexpr auto kStartLimit = std::chrono::seconds(30);
}  // namespace

void PersonalDataLogScanTest::SetUp() {
  // Not E2eTest::SetUp: the server here is the binary, not an in-process one.
  static std::atomic<int> counter = 0;
  dir_ = fs::temp_directory_path() /
         ("usulan-log-scan-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  fs::create_directories(dir_);
  database_ = std::make_unique<ScratchDatabase>();
  const ServerFiles files = WriteServerFiles(dir_);
  auto audit_pem = audit::SigningKey::GeneratePem();
  ASSERT_TRUE(audit_pem.ok()) << audit_pem.status();
  WritePrivateFile(dir_ / "audit.pem", *audit_pem);
  WriteScenarioRegistryCsv(dir_ / "registry.csv", kDesaA);
  WriteScenarioRankingCsv(dir_ / "ranking.csv", kDesaA);

  // gRPC's own log at its most verbose level (the children inherit it; the test
  // process's gRPC starts later, without it).
  setenv("GRPC_VERBOSITY", "DEBUG", 1);
  // Every link over TLS, the registry's with client certificates, as deployed.
  std::vector<std::string> sim_args = {"--listen", "127.0.0.1:0", "--csv",
                                       (dir_ / "registry.csv").string(), "--ranking-csv",
                                       (dir_ / "ranking.csv").string()};
  for (const std::string& arg : TestPki().SimTlsArgs()) sim_args.push_back(arg);
  sim_ = std::make_unique<ChildProcess>(
      RegistrySimBinary(),
      sim_args, dir_ / "sim.log");
  auto sim_port = sim_->WaitForLog(std::regex(R"re(listening on 127\.0\.0\.1:(\d+))re"), kStartLimit);
  ASSERT_TRUE(sim_port.has_value()) << sim_->Log();
  sim_address_ = "127.0.0.1:" + *sim_port;

  // As in production: migrations as the owner (the `migrate` command, which
  // also creates the service role), service as the service role; the most
  // verbose log level, so that nothing logged at any level escapes the scan.
  {
    ChildProcess migrate(ServerBinary(), {"migrate", "--database-url=" + database_->url()},
                         dir_ / "server.log");
    ASSERT_EQ(migrate.Wait(kStartLimit), 0) << migrate.Log();
  }
  const std::vector<std::string> server_args = Joined(
      files.ServeArgs(database_->ServiceRoleUrl()),
      Joined({"--migrate-database-url=" + database_->url(),
              "--audit-key-file", (dir_ / "audit.pem").string(),
              "--retention-days", "0",
              "--registry-address", sim_address_, "--pool-size", "4",
              "--cycle-interval", "0", "--log-level", "trace",
              // BPS's ranking from the same simulator, with the same client certificate.
              "--bps-address", sim_address_, "--bps-ca-file", TestPki().ca,
              "--bps-cert-file", TestPki().client_cert, "--bps-key-file", TestPki().client_key},
             TestPki().RegistryTlsArgs()));
  server_process_ =
      std::make_unique<ChildProcess>(ServerBinary(), server_args, dir_ / "server.log");
  unsetenv("GRPC_VERBOSITY");
  auto port = server_process_->WaitForLog(std::regex(R"re(\(port (\d+)\))re"), kStartLimit);
  ASSERT_TRUE(port.has_value()) << server_process_->Log();

  channel_ = RecordingChannel("127.0.0.1:" + *port, &recorder_, TestPki().ClientTls());
  ConnectStubs();
}

void PersonalDataLogScanTest::TearDown() {
  // On a failed assertion the logs help; the processes must not outlive the test.
  if (HasFailure() && server_process_) {
    std::cerr << "---- server log ----\n" << server_process_->Log().substr(0, 200000) << "\n";
  }
  unsetenv("GRPC_VERBOSITY");  // when SetUp stopped early
  server_process_.reset();
  sim_.reset();
  E2eTest::TearDown();
  fs::remove_all(dir_);
}

void PersonalDataLogScanTest::StopProcesses() {
  EXPECT_EQ(server_process_->Stop(std::chrono::seconds(20)), 0);
  EXPECT_EQ(sim_->Stop(std::chrono::seconds(20)), 0);
}

v1::Household PersonalDataLogScanTest::Household(int seed) {
  v1::Household household = DistinctHousehold(kDesaA, seed);
  for (PersonalValue& value : PersonalValuesOf(household, "household " + std::to_string(seed))) {
    AddPersonal(value.what, value.value, value.is_name);
  }
  return household;
}

void PersonalDataLogScanTest::AddPersonal(const std::string& what, const std::string& value,
                                          bool is_name) {
  if (personal_seen_.insert(value).second) personal_.push_back({what, value, is_name});
}

v1::CreateProposalRequest PersonalDataLogScanTest::CreateRequest(const v1::Household& household,
                                                                 const std::string& desa) {
  v1::CreateProposalRequest request;
  request.set_request_id(NextRequestId());
  request.set_kind(v1::PROPOSAL_KIND_NEW);
  v1::RegionRef* region = request.mutable_region();
  region->set_province_code(desa.substr(0, 2));
  region->set_kabupaten_code(desa.substr(0, 4));
  region->set_kecamatan_code(desa.substr(0, 6));
  region->set_desa_code(desa);
  *request.mutable_household() = household;
  return request;
}

grpc::Status PersonalDataLogScanTest::Create(const v1::Household& household,
                                             const std::string& token, v1::Proposal* out,
                                             const std::string& desa) {
  return proposals_->CreateProposal(Context(token).get(), CreateRequest(household, desa), out);
}

grpc::Status PersonalDataLogScanTest::SubmitProposal(const std::string& id, v1::Proposal* out) {
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(id);
  return proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, out);
}

std::vector<std::string> PersonalDataLogScanTest::PrelistedSeeds(const std::vector<int>& seeds) {
  std::vector<std::string> ids;
  for (int seed : seeds) {
    v1::Proposal created, submitted;
    grpc::Status status = Create(Household(seed), OperatorToken(), &created);
    EXPECT_TRUE(status.ok()) << seed << ": " << status.error_message();
    status = SubmitProposal(created.proposal_id(), &submitted);
    EXPECT_TRUE(status.ok()) << seed << ": " << status.error_message();
    EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST) << seed;
    ids.push_back(submitted.proposal_id());
  }
  return ids;
}

v1::GetHistoryResponse PersonalDataLogScanTest::History(const std::string& id) {
  v1::GetHistoryResponse history = E2eTest::History(id, AuditorToken());
  Keep(history);
  return history;
}

std::string PersonalDataLogScanTest::AuditorToken() const {
  return Token(Role::kAuditor, "", "auditor.bpk");
}

void PersonalDataLogScanTest::ExpectCode(const grpc::Status& status, grpc::StatusCode code,
                                         const std::string& what) {
  EXPECT_EQ(status.error_code(), code) << what << ": " << status.error_message();
}

void PersonalDataLogScanTest::Keep(const google::protobuf::Message& answer) {
  returned_texts_.push_back(answer.SerializeAsString());
}

}  // namespace usulan::testing
