// The real usulan-server binary against a PostgreSQL that stops answering: its
// postmaster and every backend SIGSTOPped, as a frozen VM or a stalled disk would
// leave it (TCP and the kernel still answer, so neither keepalives nor the
// server-side timeouts help). Proves docs/limits.md, "Database and deadlines":
//  - every call is answered within the configured limits (deadline, transaction
//    timeout, pool wait, connect timeout) with UNAVAILABLE, DEADLINE_EXCEEDED or
//    RESOURCE_EXHAUSTED, never left hanging;
//  - SIGTERM ends the process within its grace (plus slack) while frozen;
//  - after SIGCONT nothing that was answered as failed is committed (only an
//    "outcome unknown" answer may have been).
// The cluster is a private one started here: the shared test cluster of the ctest
// fixture is never frozen. It is always thawed (SIGCONT) and stopped in TearDown.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include "storage/database.h"
#include "tests/support/build_paths.h"
#include "tests/support/dev_pki.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/child_process.h"
#include "tests/support/households.h"
#include "tests/support/private_cluster.h"
#include "tests/support/server_files.h"
#include "usulan/v1/proposal_service.grpc.pb.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr char kDesa[] = "3201012001";
constexpr auto kGrace = 3s;

std::string Query(const std::string& url, const std::string& sql) {
  pqxx::connection connection(url);
  pqxx::nontransaction session(connection);
  pqxx::result result = session.exec(sql);
  return result[0][0].is_null() ? "" : result[0][0].c_str();
}

struct Answer {
  std::string request_id;
  grpc::Status status;
  Steady::duration took{};
  Steady::duration deadline{};
};

class FrozenDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("usulan-frozen-" + std::to_string(getpid()));
    cluster_ = std::make_unique<PrivateCluster>(dir_ / "pg");
    url_ = cluster_->url();
    files_ = WriteServerFiles(dir_);
  }

  void TearDown() override {
    cluster_->Thaw();  // always, whatever failed
    server_.reset();
    cluster_.reset();
    fs::remove_all(dir_);
  }

  void StartServer() {
    server_ = std::make_unique<ChildProcess>(
        ServerBinary(),
        Joined(files_.ServeArgs(url_),
               {"--pool-size", "2", "--cycle-interval", "0", "--checkpoint-interval", "0",
                "--db-statement-timeout-ms", "1000", "--db-transaction-timeout-ms", "3000",
                "--db-pool-wait-ms", "500", "--db-connect-timeout-seconds", "2",
                "--group-commit-max-wait-ms", "1000", "--shutdown-grace-ms",
                std::to_string(std::chrono::milliseconds(kGrace).count())}),
        dir_ / "server.log");
    auto port = server_->WaitForLog(std::regex(R"re(\(port (\d+)\))re"), 60s);
    ASSERT_TRUE(port.has_value()) << server_->Log();
    stub_ = v1::ProposalService::NewStub(
        TestChannel(std::stoi(*port)));
  }

  Answer Create(int seed, Steady::duration deadline) {
    v1::CreateProposalRequest request;
    request.set_request_id("frozen-" + std::to_string(seed));
    request.set_kind(v1::PROPOSAL_KIND_NEW);
    request.mutable_region()->set_province_code("32");
    request.mutable_region()->set_kabupaten_code("3201");
    request.mutable_region()->set_kecamatan_code("320101");
    request.mutable_region()->set_desa_code(kDesa);
    *request.mutable_household() = MakeHousehold(kDesa, seed, 1);
    grpc::ClientContext context;
    const int64_t now = std::time(nullptr);
    context.AddMetadata("authorization",
                        "Bearer " + TestToken("operator", workflow::Role::kVillageOperator, kDesa, now));
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::Proposal answer;
    const Steady::time_point started = Steady::now();
    grpc::Status status = stub_->CreateProposal(&context, request, &answer);
    return {request.request_id(), status, Steady::now() - started, deadline};
  }

  // Runs Create for each seed on its own thread, released together.
  std::vector<Answer> Concurrently(const std::vector<std::pair<int, Steady::duration>>& calls) {
    std::vector<Answer> answers(calls.size());
    std::vector<std::thread> threads;
    for (size_t i = 0; i < calls.size(); ++i) {
      threads.emplace_back([&, i] { answers[i] = Create(calls[i].first, calls[i].second); });
    }
    for (std::thread& t : threads) t.join();
    return answers;
  }

  // The rows a CreateProposal with this request id committed (its idempotency
  // record and its creation transition).
  int Committed(const std::string& request_id) {
    return std::stoi(Query(url_, "SELECT (SELECT count(*) FROM idempotency WHERE request_id = '" +
                                     request_id +
                                     "') + (SELECT count(*) FROM transitions WHERE request_id = '" +
                                     request_id + "')"));
  }

  fs::path dir_;
  ServerFiles files_;
  std::unique_ptr<PrivateCluster> cluster_;
  std::string url_;
  std::unique_ptr<ChildProcess> server_;
  std::unique_ptr<v1::ProposalService::Stub> stub_;
};

bool IsOverloadOrStall(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

TEST_F(FrozenDatabaseTest, CallsAreAnsweredInTimeShutdownKeepsItsGraceAndNoFailedCallCommits) {
  StartServer();
  ASSERT_TRUE(Create(1, 30s).status.ok()) << server_->Log();  // control: a live database
  ASSERT_GT(cluster_->Freeze(), 1u);

  // Short deadlines and (practically) none: the server answers each within the
  // configured limits: the deadline, else transaction timeout 3 s, pool wait
  // 0.5 s, connect timeout 2 s. Slack is generous; a hang is what is tested.
  std::vector<std::pair<int, Steady::duration>> calls;
  for (int i = 0; i < 4; ++i) calls.push_back({100 + i, 1500ms});
  for (int i = 0; i < 4; ++i) calls.push_back({200 + i, 60s});
  std::vector<Answer> answers = Concurrently(calls);
  for (const Answer& answer : answers) {
    EXPECT_TRUE(IsOverloadOrStall(answer.status.error_code()))
        << answer.request_id << ": " << answer.status.error_code() << " "
        << answer.status.error_message();
    const Steady::duration bound = answer.deadline < 60s ? answer.deadline + 4s : 15s;
    EXPECT_LT(answer.took, bound) << answer.request_id;
  }

  // SIGTERM with calls in flight on the frozen database.
  std::vector<Answer> in_flight(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < in_flight.size(); ++i) {
    threads.emplace_back([&, i] { in_flight[i] = Create(300 + static_cast<int>(i), 60s); });
  }
  std::this_thread::sleep_for(300ms);  // they reach the server (not asserted on)
  const Steady::time_point term = Steady::now();
  const int code = server_->Stop(60s);
  const Steady::duration shutdown = Steady::now() - term;
  EXPECT_LT(shutdown, kGrace + 3s) << server_->Log();
  EXPECT_TRUE(code == 0 || code == 3) << code << "\n" << server_->Log();
  for (std::thread& t : threads) t.join();
  for (const Answer& answer : in_flight) {
    EXPECT_FALSE(answer.status.ok()) << answer.request_id;
  }

  // Thawed: the backends now read what was sent to them while frozen. Nothing
  // answered as failed may commit; only "outcome unknown" may have.
  cluster_->Thaw();
  std::this_thread::sleep_for(2s);
  answers.insert(answers.end(), in_flight.begin(), in_flight.end());
  int unknown = 0;
  for (const Answer& answer : answers) {
    if (answer.status.error_message() == storage::kOutcomeUnknown) {
      ++unknown;
      continue;
    }
    EXPECT_EQ(Committed(answer.request_id), 0)
        << answer.request_id << " was answered " << answer.status.error_code() << " "
        << answer.status.error_message() << " yet committed";
  }
  EXPECT_EQ(Committed("frozen-1"), 2);  // control: the check sees a committed call
  EXPECT_LE(std::stoi(Query(url_, "SELECT count(*) FROM proposals")), 1 + unknown);
}

}  // namespace
}  // namespace usulan::testing
