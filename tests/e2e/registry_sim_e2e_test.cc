// The civil-registry check through the real network path: the usulan-registry-sim
// binary as a child process on a free port, asked by the gRPC adapter
// (GrpcPopulationRegistry) of an in-process server or of the usulan-server binary.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <grpcpp/generic/generic_stub.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "registry/grpc_population_registry.h"
#include "tests/support/build_paths.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/server_files.h"
#include "services/convert.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/support/child_process.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kStartLimit = std::chrono::seconds(30);
const std::regex kSimListening(R"re(listening on 127\.0\.0\.1:(\d+))re");

// A directory of its own per test (tests run in parallel processes).
fs::path TestDirectory() {
  static std::atomic<int> counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("usulan-registry-sim-test-" + std::to_string(getpid()) + "-" +
                  std::to_string(++counter));
  fs::create_directories(dir);
  return dir;
}

void WriteCsv(const fs::path& path, const std::vector<storage::RegistryPerson>& people) {
  std::ofstream csv(path);
  csv << "nik,kk_number,name,birth_date,status\n";
  for (const auto& p : people) {
    csv << p.nik << "," << p.kk_number << ",\"" << p.name << "\"," << p.birth_date << ","
        << p.status << "\n";
  }
}

// The simulator's arguments: serving `csv` on `listen` over TLS with the tests'
// PKI, client certificates required (as Dukcapil requires of its callers).
std::vector<std::string> SimArgs(const fs::path& csv, const std::string& listen = "127.0.0.1:0") {
  std::vector<std::string> args = {"--listen", listen, "--csv", csv.string()};
  for (const std::string& arg : TestPki().SimTlsArgs()) args.push_back(arg);
  return args;
}

std::unique_ptr<ChildProcess> StartSim(const fs::path& csv, const fs::path& log,
                                       const std::string& listen = "127.0.0.1:0") {
  return std::make_unique<ChildProcess>(
      RegistrySimBinary(),
      SimArgs(csv, listen), log);
}

// Every NIK, KK number and name of a household: none may appear in reasons,
// error messages or logs.
std::vector<std::string> PersonalData(const v1::Household& household) {
  std::vector<std::string> values = {household.kk_number()};
  for (const auto& member : household.members()) {
    values.push_back(member.nik());
    values.push_back(member.name());
  }
  return values;
}

void ExpectNoPersonalData(const std::string& text, const v1::Household& household) {
  for (const std::string& value : PersonalData(household)) {
    EXPECT_THAT(text, Not(HasSubstr(value)));
  }
}

// Households of desa A by seed, and how the simulator's registry knows them.
constexpr int kAllRegistered = 301;
constexpr int kMistyped = 302;     // registered; the proposal mistypes member 3's NIK
constexpr int kDeceased = 303;     // member 2 registered as deceased
constexpr int kOtherFamily = 304;  // member 3 registered under another KK
constexpr int kForOutage = 305;    // registered
constexpr int kCorrectedInOutage = 306;  // registered; mistyped like kMistyped

std::vector<storage::RegistryPerson> SimulatorPeople() {
  std::vector<storage::RegistryPerson> people;
  for (int seed : {kAllRegistered, kMistyped, kDeceased, kOtherFamily, kForOutage,
                   kCorrectedInOutage}) {
    auto rows = RegistryRowsFor(MakeHousehold(kDesaA, seed));
    if (seed == kDeceased) rows[1].status = "DECEASED";
    if (seed == kOtherFamily) rows[2].kk_number = MakeHousehold(kDesaA, 399).kk_number();
    people.insert(people.end(), rows.begin(), rows.end());
  }
  return people;
}

// A NIK for member 3 that the registry does not know, well formed for the member.
void Mistype(v1::Household* household) {
  v1::Member* child = household->mutable_members(2);
  child->set_nik(MakeNik(kKecamatan, child->birth_date(), child->sex() == v1::SEX_FEMALE, 9999));
}

class RegistrySimE2eTest : public E2eTest {
 protected:
  void SetUp() override {
    dir_ = TestDirectory();
    WriteCsv(dir_ / "registry.csv", SimulatorPeople());
    sim_ = StartSim(dir_ / "registry.csv", dir_ / "sim.log");
    auto port = sim_->WaitForLog(kSimListening, kStartLimit);
    ASSERT_TRUE(port.has_value()) << sim_->Log();
    auto client = registry::GrpcPopulationRegistry::Connect(
        "127.0.0.1:" + *port, RegistryTls(), std::chrono::milliseconds(2000));
    ASSERT_TRUE(client.ok()) << client.status();
    registry_client_ = std::move(*client);
    E2eTest::SetUp();
  }

  void TearDown() override {
    E2eTest::TearDown();
    registry_client_.reset();
    if (sim_) ExpectNoPersonalDataInSimLog();
    sim_.reset();
    fs::remove_all(dir_);
  }

  workflow::PopulationRegistry& Registry() override { return *registry_client_; }
  // How the server's registry client connects: mTLS with the PKI's client certificate.
  virtual base::ClientTls RegistryTls() { return TestPki().RegistryClientTls(); }

  void ExpectNoPersonalDataInSimLog() {
    std::string log = sim_->Log();
    for (const auto& person : SimulatorPeople()) {
      EXPECT_THAT(log, Not(HasSubstr(person.nik)));
      EXPECT_THAT(log, Not(HasSubstr(person.name)));
    }
  }

  // A draft for `household` in desa A; the registry is the simulator's file, so
  // nothing goes into the registry_people table.
  v1::Proposal Draft(const v1::Household& household) {
    v1::CreateProposalRequest request = NewProposal(kDesaA, 0, /*registered=*/false);
    *request.mutable_household() = household;
    v1::Proposal created;
    grpc::Status status =
        proposals_->CreateProposal(Context(OperatorToken()).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status Submit(const v1::Proposal& draft, v1::Proposal* out) {
    v1::SubmitProposalRequest submit;
    submit.set_request_id(NextRequestId());
    submit.set_proposal_id(draft.proposal_id());
    return proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, out);
  }

  grpc::Status Correct(const v1::Proposal& proposal, const v1::Household& household,
                       v1::Proposal* out) {
    v1::CorrectProposalRequest correct;
    correct.set_request_id(NextRequestId());
    correct.set_proposal_id(proposal.proposal_id());
    correct.set_reason("NIK anak salah ketik, disesuaikan dengan KK");
    *correct.mutable_household() = household;
    return proposals_->CorrectProposal(Context(OperatorToken()).get(), correct, out);
  }

  v1::Proposal Get(const std::string& proposal_id) {
    v1::GetProposalRequest request;
    request.set_proposal_id(proposal_id);
    v1::Proposal proposal;
    grpc::Status status = proposals_->GetProposal(Context(OperatorToken()).get(), request, &proposal);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return proposal;
  }

  // Submits `household`; expects NIK_MISMATCH for exactly `position`, with a
  // registry reason naming it and `status`, and no personal data in any reason.
  v1::Proposal ExpectMismatch(const v1::Household& household, int position,
                              const std::string& status) {
    v1::Proposal submitted;
    grpc::Status call = Submit(Draft(household), &submitted);
    EXPECT_TRUE(call.ok()) << call.error_message();
    EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
    EXPECT_THAT(submitted.nik_mismatch_members(), ::testing::ElementsAre(position));
    v1::GetHistoryResponse history = History(submitted.proposal_id());
    EXPECT_GT(history.transitions_size(), 0);
    if (history.transitions_size() == 0) return submitted;
    const v1::Transition& check = history.transitions(history.transitions_size() - 1);
    EXPECT_EQ(check.to_state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
    EXPECT_THAT(check.reason(), HasSubstr(std::to_string(position) + " (" + status + ")"));
    for (const auto& transition : history.transitions()) {
      ExpectNoPersonalData(transition.reason(), household);
      ExpectNoPersonalData(transition.DebugString(), household);
    }
    return submitted;
  }

  fs::path dir_;
  std::unique_ptr<ChildProcess> sim_;
  std::unique_ptr<registry::GrpcPopulationRegistry> registry_client_;
};

TEST_F(RegistrySimE2eTest, AllMembersMatchedGoesToPrelist) {
  v1::Proposal submitted;
  ASSERT_TRUE(Submit(Draft(MakeHousehold(kDesaA, kAllRegistered)), &submitted).ok());
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_TRUE(submitted.nik_mismatch_members().empty());
  v1::GetHistoryResponse history = History(submitted.proposal_id());
  ASSERT_GT(history.transitions_size(), 0);
  EXPECT_EQ(history.transitions(history.transitions_size() - 1).reason(),
            "civil registry confirmed all 3 members");
}

TEST_F(RegistrySimE2eTest, MistypedNikIsNotFoundAndTheCorrectionIsRecheckedToPrelist) {
  v1::Household household = MakeHousehold(kDesaA, kMistyped);
  Mistype(&household);
  v1::Proposal mismatched = ExpectMismatch(household, 3, "NOT_FOUND");

  v1::Proposal corrected;
  grpc::Status status = Correct(mismatched, MakeHousehold(kDesaA, kMistyped), &corrected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(corrected.state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_TRUE(corrected.nik_mismatch_members().empty());
  v1::GetHistoryResponse history = History(corrected.proposal_id());
  ASSERT_GT(history.transitions_size(), 0);
  const v1::Transition& recheck = history.transitions(history.transitions_size() - 1);
  EXPECT_EQ(recheck.to_state(), v1::PROPOSAL_STATE_PRELIST);
  EXPECT_EQ(recheck.reason(), "civil registry confirmed all 3 members");
}

TEST_F(RegistrySimE2eTest, DeceasedMemberIsAMismatch) {
  ExpectMismatch(MakeHousehold(kDesaA, kDeceased), 2, "DECEASED");
}

TEST_F(RegistrySimE2eTest, MemberOfAnotherFamilyIsAMismatch) {
  ExpectMismatch(MakeHousehold(kDesaA, kOtherFamily), 3, "OTHER_FAMILY");
}

TEST_F(RegistrySimE2eTest, StoppedRegistryAnswersUnavailableAndChangesNothing) {
  v1::Household mistyped = MakeHousehold(kDesaA, kCorrectedInOutage);
  Mistype(&mistyped);
  v1::Proposal mismatched = ExpectMismatch(mistyped, 3, "NOT_FOUND");
  v1::Household household = MakeHousehold(kDesaA, kForOutage);
  v1::Proposal draft = Draft(household);
  int draft_transitions = History(draft.proposal_id()).transitions_size();
  int mismatch_transitions = History(mismatched.proposal_id()).transitions_size();

  // SIGTERM: the simulator stops cleanly.
  ASSERT_EQ(sim_->Stop(std::chrono::seconds(20)), 0) << sim_->Log();

  v1::Proposal answer;
  grpc::Status status = Submit(draft, &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("civil registry unavailable"));
  EXPECT_THAT(status.error_message(), HasSubstr("retry later"));
  ExpectNoPersonalData(status.error_message(), household);
  v1::Proposal still = Get(draft.proposal_id());
  EXPECT_EQ(still.state(), v1::PROPOSAL_STATE_DRAFT);
  EXPECT_EQ(still.version(), draft.version());
  EXPECT_EQ(History(draft.proposal_id()).transitions_size(), draft_transitions);

  // A correction is not stored either: the proposal keeps its data and state.
  status = Correct(mismatched, MakeHousehold(kDesaA, kCorrectedInOutage), &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  still = Get(mismatched.proposal_id());
  EXPECT_EQ(still.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);
  EXPECT_EQ(still.version(), mismatched.version());
  EXPECT_EQ(still.household().members(2).nik(), mistyped.members(2).nik());
  EXPECT_EQ(History(mismatched.proposal_id()).transitions_size(), mismatch_transitions);
}

// One unary call through the generic stub (for grpc.health.v1, which has no
// generated stub here).
grpc::Status RawUnary(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                      const std::string& request_bytes, std::string* response_bytes) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  std::vector<grpc::Slice> slices;
  if (status.ok() && response.Dump(&slices).ok()) {
    for (const auto& s : slices) response_bytes->append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return status;
}

// The simulator requires client certificates, as Dukcapil does: a server whose
// registry client presents none gets a clear UNAVAILABLE on submission (and its
// log names the flags), never a registry answer.
class RegistryWithoutClientCertificateTest : public RegistrySimE2eTest {
 protected:
  base::ClientTls RegistryTls() override { return {TestPki().ca}; }
};

TEST_F(RegistryWithoutClientCertificateTest, SubmissionFailsNamingTheTlsHandshake) {
  v1::Proposal draft = Draft(MakeHousehold(kDesaA, kAllRegistered));
  v1::Proposal submitted;
  grpc::Status status = Submit(draft, &submitted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(),
              HasSubstr("civil registry unavailable: the TLS handshake with it failed"));
  EXPECT_EQ(Get(draft.proposal_id()).state(), v1::PROPOSAL_STATE_DRAFT);
}

// The control: the same fixture with the client certificate gets the answer.
TEST_F(RegistrySimE2eTest, WithItsClientCertificateTheServerIsAnswered) {
  v1::Proposal submitted;
  grpc::Status status = Submit(Draft(MakeHousehold(kDesaA, kAllRegistered)), &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);
}

// Issue 12: after the registry came back, submissions kept failing for up to 5 s
// (the reconnect backoff, capped at 5 s, and gRPC's backup poller, which alone
// advanced the attempt of a channel whose calls all fail fast). Now the backoff
// is capped at 1 s (base::kMaxReconnectBackoff) and a base::ChannelKeeper polls
// the channel: after an outage long enough for the old backoff to reach its
// cap, a call succeeds within 3 s of the registry listening again (the cap,
// gRPC's 20% jitter, a TLS handshake, and slack for a loaded machine).
TEST(RegistryReconnectTest, CallsSucceedSoonAfterTheRegistryComesBack) {
  fs::path dir = TestDirectory();
  WriteCsv(dir / "registry.csv", SimulatorPeople());
  auto sim = StartSim(dir / "registry.csv", dir / "sim-1.log");
  auto port = sim->WaitForLog(kSimListening, kStartLimit);
  ASSERT_TRUE(port.has_value()) << sim->Log();
  auto client = registry::GrpcPopulationRegistry::Connect(
      "127.0.0.1:" + *port, TestPki().RegistryClientTls(), std::chrono::milliseconds(2000));
  ASSERT_TRUE(client.ok()) << client.status();
  const workflow::Household household =
      services::FromProto(MakeHousehold(kDesaA, kAllRegistered));
  ASSERT_TRUE((*client)->Check(household).ok());

  ASSERT_EQ(sim->Stop(std::chrono::seconds(20)), 0) << sim->Log();
  int failed = 0;
  for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(7);
       std::chrono::steady_clock::now() < until;
       std::this_thread::sleep_for(std::chrono::milliseconds(200))) {
    EXPECT_FALSE((*client)->Check(household).ok());
    ++failed;
  }
  EXPECT_GT(failed, 0);

  sim = StartSim(dir / "registry.csv", dir / "sim-2.log", "127.0.0.1:" + *port);
  ASSERT_TRUE(sim->WaitForLog(kSimListening, kStartLimit).has_value()) << sim->Log();
  const auto back = std::chrono::steady_clock::now();
  bool answered = false;
  while (!answered && std::chrono::steady_clock::now() - back < std::chrono::seconds(20)) {
    answered = (*client)->Check(household).ok();
    if (!answered) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto recovered = std::chrono::steady_clock::now() - back;
  ASSERT_TRUE(answered) << "no answer within 20 s of the registry coming back";
  EXPECT_LT(recovered, std::chrono::seconds(3))
      << std::chrono::duration_cast<std::chrono::milliseconds>(recovered).count() << " ms";
  fs::remove_all(dir);
}

TEST(RegistrySimProcessTest, ServesHealthAndStopsCleanlyOnSigterm) {
  fs::path dir = TestDirectory();
  WriteCsv(dir / "registry.csv", SimulatorPeople());
  ChildProcess sim(RegistrySimBinary(), SimArgs(dir / "registry.csv"), dir / "sim.log");
  auto port = sim.WaitForLog(kSimListening, kStartLimit);
  ASSERT_TRUE(port.has_value()) << sim.Log();
  EXPECT_THAT(sim.Log(), HasSubstr("(18 people, mutual TLS)"));
  auto made = base::MakeClientChannel("127.0.0.1:" + *port, TestPki().RegistryClientTls());
  ASSERT_TRUE(made.ok()) << made.status();
  auto channel = *made;
  const std::string service = "usulan.registry.v1.PopulationRegistryService";
  for (const std::string& name : {std::string(), service}) {
    // HealthCheckRequest{service: name}
    std::string request = name.empty() ? "" : "\x0a" + std::string(1, char(name.size())) + name;
    std::string health;
    grpc::Status status = RawUnary(channel, "/grpc.health.v1.Health/Check", request, &health);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(health, std::string("\x08\x01", 2)) << "expected SERVING for '" << name << "'";
  }
  EXPECT_EQ(sim.Stop(std::chrono::seconds(20)), 0) << sim.Log();
  EXPECT_THAT(sim.Log(), HasSubstr("stopped"));
  fs::remove_all(dir);
}

TEST(RegistrySimProcessTest, RefusesABadFileNamingTheLineAndNotTheValue) {
  fs::path dir = TestDirectory();
  auto people = SimulatorPeople();
  people[1].nik = "320101120478000";  // 15 digits, on line 3
  WriteCsv(dir / "registry.csv", people);
  ChildProcess sim(RegistrySimBinary(),
                   {"--listen", "127.0.0.1:0", "--csv", (dir / "registry.csv").string()},
                   dir / "sim.log");
  EXPECT_EQ(sim.Wait(std::chrono::seconds(20)), 1);
  EXPECT_THAT(sim.Log(), HasSubstr("line 3: nik must be 16 digits"));
  EXPECT_THAT(sim.Log(), Not(HasSubstr(people[1].nik)));
  EXPECT_THAT(sim.Log(), Not(HasSubstr(people[1].name)));

  ChildProcess no_file(RegistrySimBinary(), {"--listen", "127.0.0.1:0"}, dir / "usage.log");
  EXPECT_EQ(no_file.Wait(std::chrono::seconds(20)), 2);
  EXPECT_THAT(no_file.Log(), HasSubstr("usage"));
  fs::remove_all(dir);
}

// The usulan-server binary, configured with --registry-address, asks the
// simulator (its registry_people table stays empty) and answers UNAVAILABLE once
// the simulator is gone.
TEST(RegistrySimProcessTest, ServerBinaryUsesTheSimulatorGivenAnAddress) {
  fs::path dir = TestDirectory();
  WriteCsv(dir / "registry.csv", SimulatorPeople());
  ChildProcess sim(RegistrySimBinary(), SimArgs(dir / "registry.csv"), dir / "sim.log");
  auto sim_port = sim.WaitForLog(kSimListening, kStartLimit);
  ASSERT_TRUE(sim_port.has_value()) << sim.Log();

  ScratchDatabase database;
  const std::vector<std::string> server_args =
      Joined(WriteServerFiles(dir).ServeArgs(database.url()),
             Joined({"--pool-size", "2", "--registry-address", "127.0.0.1:" + *sim_port,
                     "--registry-timeout-ms", "1500"},
                    TestPki().RegistryTlsArgs()));
  ChildProcess server(ServerBinary(), server_args, dir / "server.log");
  auto port = server.WaitForLog(std::regex(R"re(\(port (\d+)\))re"), kStartLimit);
  ASSERT_TRUE(port.has_value()) << server.Log();
  EXPECT_THAT(server.Log(), HasSubstr("gRPC at 127.0.0.1:" + *sim_port + ", deadline 1500 ms"));

  auto stub = v1::ProposalService::NewStub(TestChannel(std::stoi(*port)));
  int64_t now = std::time(nullptr);
  const std::string token = TestToken("operator", workflow::Role::kVillageOperator, kDesaA, now);
  auto call = [&](auto method, const auto& request, v1::Proposal* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    context.AddMetadata("authorization", "Bearer " + token);
    return (stub.get()->*method)(&context, request, response);
  };
  auto create_and_submit = [&](int seed, const std::string& id, v1::Proposal* submitted) {
    v1::CreateProposalRequest create;
    create.set_request_id(id + "-create");
    create.set_kind(v1::PROPOSAL_KIND_NEW);
    create.mutable_region()->set_province_code(kProvince);
    create.mutable_region()->set_kabupaten_code(kKabupaten);
    create.mutable_region()->set_kecamatan_code(kKecamatan);
    create.mutable_region()->set_desa_code(kDesaA);
    *create.mutable_household() = MakeHousehold(kDesaA, seed);
    v1::Proposal created;
    grpc::Status status = call(&v1::ProposalService::Stub::CreateProposal, create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::SubmitProposalRequest submit;
    submit.set_request_id(id + "-submit");
    submit.set_proposal_id(created.proposal_id());
    return call(&v1::ProposalService::Stub::SubmitProposal, submit, submitted);
  };

  v1::Proposal submitted;
  grpc::Status status = create_and_submit(kAllRegistered, "binary-1", &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_PRELIST);
  status = create_and_submit(kDeceased, "binary-2", &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.state(), v1::PROPOSAL_STATE_NIK_MISMATCH);

  ASSERT_EQ(sim.Stop(std::chrono::seconds(20)), 0) << sim.Log();
  status = create_and_submit(kForOutage, "binary-3", &submitted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("civil registry unavailable"));

  EXPECT_EQ(server.Stop(std::chrono::seconds(20)), 0) << server.Log();
  std::string log = server.Log();
  EXPECT_THAT(log, HasSubstr(R"("code":"UNAVAILABLE")"));
  for (int seed : {kAllRegistered, kDeceased, kForOutage}) {
    ExpectNoPersonalData(log, MakeHousehold(kDesaA, seed));
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace usulan::testing
