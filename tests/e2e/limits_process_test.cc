// The limits of the real usulan-server binary as a process, where the test can
// read its open files, resident memory and resource limits from /proc:
//  * the soft open-file limit is raised to the hard one at start;
//  * connections that completed their handshake and stay idle are closed, so
//    they stop holding file descriptors;
//  * callers that open exports and never read them leave the server's memory
//    bounded and its pool free, beyond --max-long-reads they are refused, and
//    other calls are served meanwhile.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/audit_seed.h"
#include "tests/support/build_paths.h"
#include "tests/support/child_process.h"
#include "tests/support/dev_pki.h"
#include "tests/support/dev_tokens.h"
#include "tests/support/households.h"
#include "tests/support/proc_status.h"
#include "tests/support/scratch_database.h"
#include "tests/support/server_files.h"
#include "usulan/v1/audit_service.grpc.pb.h"
#include "usulan/v1/proposal_service.grpc.pb.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

class LimitsProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("usulan-limits-test-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    files_ = WriteServerFiles(dir_);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  // Starts `serve` with `flags`, through `prefix` (e.g. prlimit) when given;
  // returns its port, 0 if it did not start.
  int Serve(const std::vector<std::string>& flags, const std::vector<std::string>& prefix = {}) {
    std::vector<std::string> args =
        Joined(Joined(files_.ServeArgs(database_.url()), {"--cycle-interval", "0"}), flags);
    std::string binary = ServerBinary();
    if (!prefix.empty()) {
      std::vector<std::string> wrapped(prefix.begin() + 1, prefix.end());
      wrapped.push_back(binary);
      wrapped.insert(wrapped.end(), args.begin(), args.end());
      args = std::move(wrapped);
      binary = prefix.front();
    }
    server_ = std::make_unique<ChildProcess>(binary, args, dir_ / "server.log");
    auto port = server_->WaitForLog(std::regex(R"re(\(port (\d+)\))re"), seconds(60));
    return port ? std::stoi(*port) : 0;
  }

  std::shared_ptr<grpc::Channel> Channel(int port) const {
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection of its own
    return TestChannel(port, arguments);
  }

  std::unique_ptr<grpc::ClientContext> Context(workflow::Role role, const std::string& region,
                                               seconds deadline = seconds(30)) const {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + deadline);
    const int64_t now = std::time(nullptr);
    const std::string token = TestToken("tester", role, region, now);
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  ScratchDatabase database_;
  fs::path dir_;
  ServerFiles files_;
  std::unique_ptr<ChildProcess> server_;
};

TEST_F(LimitsProcessTest, RaisesTheSoftOpenFileLimitToTheHardOne) {
  // Started with a soft limit of 256 (the log shows it took) under a hard 4096.
  ASSERT_GT(Serve({}, {"/usr/bin/prlimit", "--nofile=256:4096"}), 0) << server_->Log();
  std::ifstream limits("/proc/" + std::to_string(server_->pid()) + "/limits");
  std::string line, open_files;
  while (std::getline(limits, line)) {
    if (line.rfind("Max open files", 0) == 0) open_files = line;
  }
  EXPECT_THAT(open_files, ::testing::MatchesRegex(R"(Max open files +4096 +4096 +files *)"));
  EXPECT_THAT(server_->Log(),
              ::testing::HasSubstr("soft limit was 256, now 4096 (hard limit 4096)"));
}

TEST_F(LimitsProcessTest, IdleConnectionsAreClosedAndStopHoldingDescriptors) {
  // Long enough to open every connection first, even on a loaded machine.
  const int port = Serve({"--max-connection-idle", "10"});
  ASSERT_GT(port, 0) << server_->Log();
  // The listening socket and the pool's connections.
  const int before = OpenSockets(server_->pid());
  // A job may open a pool connection meanwhile.
  const int baseline = before + 2;
  constexpr int kConnections = 40;
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < kConnections; ++i) {
    channels.push_back(Channel(port));
    ASSERT_TRUE(channels.back()->WaitForConnected(std::chrono::system_clock::now() + seconds(10)));
  }
  // The control: every handshake-complete connection is an open socket of the
  // server's, so the count below can show them going away.
  EXPECT_GE(OpenSockets(server_->pid()), before + kConnections);
  const auto limit = std::chrono::steady_clock::now() + seconds(60);
  while (OpenSockets(server_->pid()) > baseline && std::chrono::steady_clock::now() < limit) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_LE(OpenSockets(server_->pid()), baseline);
}

// Audit rows for the memory test: ~200,000 rows, well over 100 MB as exported,
// so that an export that kept its result in memory could not stay under the
// bound below.
constexpr int kSeedProposals = 30000;
constexpr int kLongReads = 4;
constexpr int kExporters = 8;
// Generous: the server idles at about 32 MB (measured); four exports that each
// held the whole trail would take several hundred.
constexpr int64_t kMaxResidentKb = 128 * 1024;

TEST_F(LimitsProcessTest, NeverReadingExportersLeaveMemoryBoundedAndOtherCallsServed) {
  ChildProcess migrate(ServerBinary(), {"migrate", "--database-url", database_.url()},
                       dir_ / "migrate.log");
  ASSERT_EQ(migrate.Wait(seconds(60)), 0) << migrate.Log();
  SeedAuditTrail(database_.url(), kSeedProposals);
  // Two pool connections for four stalled exports: if a stalled export held
  // one, the CreateProposal below would wait for its deadline.
  const int port = Serve({"--max-long-reads", std::to_string(kLongReads), "--pool-size", "2"});
  ASSERT_GT(port, 0) << server_->Log();
  auto channel = Channel(port);
  auto audit = v1::AuditService::NewStub(channel);

  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::AuditedTransition>>> exports;
  int running = 0, refused = 0;
  for (int i = 0; i < kExporters; ++i) {
    contexts.push_back(Context(workflow::Role::kAuditor, "", seconds(300)));
    exports.push_back(
        audit->ExportTransitions(contexts.back().get(), v1::ExportTransitionsRequest()));
    v1::AuditedTransition row;
    if (exports.back()->Read(&row)) {
      ++running;  // and never reads again
    } else {
      grpc::Status status = exports.back()->Finish();
      EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << status.error_message();
      ++refused;
      exports.back().reset();
    }
  }
  EXPECT_EQ(running, kLongReads);
  EXPECT_EQ(refused, kExporters - kLongReads);

  // Other calls are served meanwhile, from the database.
  auto proposals = v1::ProposalService::NewStub(channel);
  v1::CreateProposalRequest create;
  create.set_request_id("limits-1");
  create.set_kind(v1::PROPOSAL_KIND_NEW);
  const std::string desa = "3201012001";
  create.mutable_region()->set_province_code(desa.substr(0, 2));
  create.mutable_region()->set_kabupaten_code(desa.substr(0, 4));
  create.mutable_region()->set_kecamatan_code(desa.substr(0, 6));
  create.mutable_region()->set_desa_code(desa);
  *create.mutable_household() = MakeHousehold(desa, 5);
  v1::Proposal created;
  grpc::Status status = proposals->CreateProposal(
      Context(workflow::Role::kVillageOperator, desa).get(), create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();

  // The stalled exports sit in their Writes; memory stays bounded while they do.
  int64_t peak_kb = 0;
  for (int sample = 0; sample < 10; ++sample) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    peak_kb = std::max(peak_kb, ProcStatusField(server_->pid(), "VmRSS"));
  }
  std::cout << "server resident " << peak_kb / 1024 << " MB, threads "
            << ProcStatusField(server_->pid(), "Threads") << ", with " << running
            << " stalled exports\n";
  EXPECT_GT(peak_kb, 0);
  EXPECT_LT(peak_kb, kMaxResidentKb);

  for (auto& context : contexts) context->TryCancel();
  for (auto& stalled : exports) {
    if (stalled) {
      EXPECT_EQ(stalled->Finish().error_code(), grpc::StatusCode::CANCELLED);
    }
  }
  EXPECT_EQ(server_->Stop(seconds(30)), 0) << server_->Log();
}

}  // namespace
}  // namespace usulan::testing
