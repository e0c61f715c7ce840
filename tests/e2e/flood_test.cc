// Issue 13, "Flood": the usulan-server binary flooded beyond every bound it has
// (docs/limits.md), with small bounds so that a short, bounded flood passes them:
//  - --max-threads: calls beyond it are answered RESOURCE_EXHAUSTED at once;
//  - --max-streams-per-connection: a connection's extra call waits in its own
//    client (gRPC queues it there; the server never sees it) while the same
//    call on another connection is served;
//  - --max-long-reads: exports beyond it are refused naming the flag;
//  - --lookup-rate-per-minute: one caller's lookups beyond it are refused naming
//    the flag;
//  - --group-commit-max-queue: a submission refused there is not written;
// and through it all no answer is INTERNAL or hangs, a normal client (backing
// off on RESOURCE_EXHAUSTED, as clients should) has its calls served, the
// server's threads and resident memory stay bounded (peaks printed), and once
// the flood stops its idle connections are closed after --max-connection-idle.
// Loopback only; every loop is bounded and every call has a deadline.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <iostream>
#include <latch>
#include <map>
#include <mutex>
#include <thread>

#include <grpcpp/grpcpp.h>
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
using Steady = std::chrono::steady_clock;
using workflow::Role;
using namespace std::chrono_literals;

// The server's bounds (flags in Serve).
constexpr int kMaxThreads = 16;
constexpr int kStreamsPerConnection = 4;
constexpr int kLongReads = 2;
constexpr int kLookupRate = 3;
// Long enough to open every flood connection first, even on a loaded machine.
constexpr int kIdleSeconds = 6;
constexpr int kPoolSize = 4;
// Threads of gRPC's own (executor, event engine) that may start under load,
// outside --max-threads; what is tested is that the count does not grow with
// the number of clients or calls.
constexpr int kThreadSlack = 16;
// The flood: clients on connections of their own, each making kRounds calls of
// the kinds below by turns, without pausing.
constexpr int kFlooders = 24;
constexpr int kRounds = 40;
constexpr int kKinds = 5;
constexpr int kPerKind = kRounds / kKinds;
// Households by seed: a member's NIK repeats every 1,000 seeds (households.h),
// and an open proposal's NIK may not be proposed again, so each use has its range.
constexpr int kNormalSeeds = 10;
constexpr int kCreateSeeds = 100;
constexpr int kDraftSeeds = kCreateSeeds + kFlooders * kPerKind;
static_assert(kDraftSeeds + kFlooders * kPerKind < 1000);
// A normal client's calls during the flood, each retried after a refusal.
constexpr int kNormalCalls = 10;
constexpr int kNormalAttempts = 400;
// An export over this many seeded proposals (~50,000 rows) outlasts the
// flow-control windows of a caller that stops reading.
constexpr int kSeedProposals = 8000;
// Generous: the server idles at ~32 MB (docs/limits.md); a hang or an
// unbounded queue is what is tested.
constexpr int64_t kMaxResidentKb = 256 * 1024;
constexpr auto kNotHung = 20s;

constexpr char kDesa[] = "3201012001";
constexpr char kKabupaten[] = "3201";
constexpr char kKecamatan[] = "320101";

enum Kind { kCreate, kHistory, kExport, kLookup, kSubmit };
constexpr const char* kKindNames[kKinds] = {"CreateProposal", "GetHistory", "ExportTransitions",
                                            "LookupNik", "SubmitProposal"};

struct Answer {
  grpc::Status status;
  Steady::duration took{};
};

std::unique_ptr<grpc::ClientContext> Context(const std::string& subject, Role role,
                                             const std::string& region,
                                             Steady::duration deadline = 30s) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::duration_cast<std::chrono::milliseconds>(deadline));
  context->AddMetadata("authorization",
                       "Bearer " + TestToken(subject, role, region, std::time(nullptr)));
  return context;
}

v1::CreateProposalRequest NewProposal(const std::string& request_id, int seed) {
  v1::CreateProposalRequest request;
  request.set_request_id(request_id);
  request.set_kind(v1::PROPOSAL_KIND_NEW);
  request.mutable_region()->set_province_code("32");
  request.mutable_region()->set_kabupaten_code(kKabupaten);
  request.mutable_region()->set_kecamatan_code(kKecamatan);
  request.mutable_region()->set_desa_code(kDesa);
  *request.mutable_household() = MakeHousehold(kDesa, seed);
  return request;
}

// One client on a connection of its own.
class Client {
 public:
  explicit Client(int port) {
    grpc::ChannelArguments arguments;
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channel_ = TestChannel(port, arguments);
    proposals_ = v1::ProposalService::NewStub(channel_);
    audit_ = v1::AuditService::NewStub(channel_);
  }

  bool Connect() {
    return channel_->WaitForConnected(std::chrono::system_clock::now() + 10s);
  }

  template <typename Call>
  static Answer Timed(Call call) {
    const Steady::time_point started = Steady::now();
    grpc::Status status = call();
    return {status, Steady::now() - started};
  }

  Answer Create(const std::string& request_id, int seed, std::string* id = nullptr) {
    return Timed([&] {
      v1::Proposal created;
      grpc::Status status = proposals_->CreateProposal(
          Context("operator", Role::kVillageOperator, kDesa).get(), NewProposal(request_id, seed),
          &created);
      if (id != nullptr) *id = created.proposal_id();
      return status;
    });
  }

  Answer History(const std::string& id, Steady::duration deadline = 30s) {
    return Timed([&] {
      v1::GetHistoryRequest request;
      request.set_proposal_id(id);
      v1::GetHistoryResponse history;
      return audit_->GetHistory(Context("operator", Role::kVillageOperator, kDesa, deadline).get(),
                                request, &history);
    });
  }

  Answer Lookup(const std::string& subject, const std::string& nik) {
    return Timed([&] {
      v1::LookupNikRequest request;
      request.set_nik(nik);
      request.set_region_prefix(kKecamatan);
      v1::LookupNikResponse found;
      return proposals_->LookupNik(Context(subject, Role::kDistrictOfficer, kKabupaten).get(),
                                   request, &found);
    });
  }

  Answer Submit(const std::string& request_id, const std::string& id) {
    return Timed([&] {
      v1::SubmitProposalRequest request;
      request.set_request_id(request_id);
      request.set_proposal_id(id);
      v1::Proposal submitted;
      return proposals_->SubmitProposal(Context("operator", Role::kVillageOperator, kDesa).get(),
                                        request, &submitted);
    });
  }

  // An export whose caller reads one row, then stops. Answers OK while it is
  // held (Release ends it), else the refusal.
  Answer HoldExport() {
    return Timed([&] {
      held_contexts_.push_back(Context("auditor", Role::kAuditor, "", 300s));
      held_exports_.push_back(
          audit_->ExportTransitions(held_contexts_.back().get(), v1::ExportTransitionsRequest()));
      v1::AuditedTransition row;
      if (held_exports_.back()->Read(&row)) return grpc::Status::OK;
      grpc::Status status = held_exports_.back()->Finish();
      held_exports_.pop_back();
      return status;
    });
  }

  // An import stream that never sends a row: its handler holds a server thread.
  void HoldImport() {
    held_contexts_.push_back(Context("operator", Role::kVillageOperator, kDesa, 300s));
    held_imports_.push_back(proposals_->ImportProposals(held_contexts_.back().get()));
  }

  // Cancels every held call; returns how many ended CANCELLED (they ran).
  int Release() {
    for (auto& context : held_contexts_) context->TryCancel();
    int cancelled = 0;
    for (auto& held : held_exports_) {
      cancelled += held->Finish().error_code() == grpc::StatusCode::CANCELLED;
    }
    for (auto& held : held_imports_) {
      cancelled += held->Finish().error_code() == grpc::StatusCode::CANCELLED;
    }
    held_exports_.clear();
    held_imports_.clear();
    held_contexts_.clear();
    return cancelled;
  }

  ~Client() { Release(); }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::ProposalService::Stub> proposals_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  std::vector<std::unique_ptr<grpc::ClientContext>> held_contexts_;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::AuditedTransition>>> held_exports_;
  std::vector<std::unique_ptr<grpc::ClientReaderWriter<v1::ImportProposalsRequest,
                                                       v1::ImportRowResult>>>
      held_imports_;
};

class FloodTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("usulan-flood-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    files_ = WriteServerFiles(dir_);
  }
  void TearDown() override {
    server_.reset();
    fs::remove_all(dir_);
  }

  int Serve() {
    ChildProcess migrate(ServerBinary(), {"migrate", "--database-url", database_.url()},
                         dir_ / "migrate.log");
    EXPECT_EQ(migrate.Wait(60s), 0) << migrate.Log();
    SeedAuditTrail(database_.url(), kSeedProposals);
    server_ = std::make_unique<ChildProcess>(
        ServerBinary(),
        Joined(files_.ServeArgs(database_.url()),
               {"--cycle-interval", "0", "--checkpoint-interval", "0", "--pool-size",
                std::to_string(kPoolSize),
                "--max-threads", std::to_string(kMaxThreads), "--max-streams-per-connection",
                std::to_string(kStreamsPerConnection), "--max-long-reads",
                std::to_string(kLongReads), "--lookup-rate-per-minute",
                std::to_string(kLookupRate), "--group-commit-max-queue", "1",
                "--group-commit-max-wait-ms", "500", "--max-connection-idle",
                std::to_string(kIdleSeconds)}),
        dir_ / "server.log");
    auto port = server_->WaitForLog(std::regex(R"re(\(port (\d+)\))re"), 60s);
    return port ? std::stoi(*port) : 0;
  }

  ScratchDatabase database_;
  fs::path dir_;
  ServerFiles files_;
  std::unique_ptr<ChildProcess> server_;
};

int64_t Ms(Steady::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

TEST_F(FloodTest, BeyondEveryBoundRefusedNeverHungNormalClientServedMemoryBoundedIdleReaped) {
  const int port = Serve();
  ASSERT_GT(port, 0) << server_->Log();
  const pid_t pid = server_->pid();
  const int sockets_idle = OpenSockets(pid);
  const int64_t threads_idle = ProcStatusField(pid, "Threads");

  // Drafts for the flood's submissions, and a proposal whose history it reads.
  Client setup(port);
  std::string read_id;
  ASSERT_TRUE(setup.Create("flood-setup", 1, &read_id).status.ok()) << server_->Log();
  std::vector<std::vector<std::string>> drafts(kFlooders);
  for (int f = 0; f < kFlooders; ++f) {
    for (int r = kSubmit; r < kRounds; r += kKinds) {
      std::string id;
      const Answer created =
          setup.Create("flood-draft-" + std::to_string(f) + "-" + std::to_string(r),
                       kDraftSeeds + f * kPerKind + r / kKinds, &id);
      ASSERT_TRUE(created.status.ok()) << created.status.error_message();
      drafts[f].push_back(id);
    }
  }

  PeakSampler peaks(pid);
  // Held calls: every long-read slot, and kStreamsPerConnection imports on each
  // of two connections; with them kMaxThreads - 1 - 10 calls can still run.
  Client exporter(port), streams_a(port), streams_b(port), other(port);
  for (int i = 0; i < kLongReads; ++i) {
    const Answer held = exporter.HoldExport();
    ASSERT_TRUE(held.status.ok()) << held.status.error_message();
  }
  for (int i = 0; i < kStreamsPerConnection; ++i) {
    streams_a.HoldImport();
    streams_b.HoldImport();
  }
  // A connection's call beyond its streams waits in the client, never reaching
  // the server; the same call on another connection is served.
  const Answer queued = streams_a.History(read_id, 2s);
  EXPECT_EQ(queued.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << queued.status.error_message();
  const Answer served = other.History(read_id, 10s);
  EXPECT_TRUE(served.status.ok()) << served.status.error_message();

  // The flood, and beside it a normal client.
  std::vector<std::unique_ptr<Client>> flooders;
  for (int f = 0; f < kFlooders; ++f) {
    flooders.push_back(std::make_unique<Client>(port));
    ASSERT_TRUE(flooders.back()->Connect());
  }
  const int sockets_flood = OpenSockets(pid);
  const std::string nik = MakeHousehold(kDesa, 1).members(0).nik();
  std::mutex mutex;
  std::map<std::string, int> by_answer;  // "kind code message" -> count
  std::vector<std::string> refused_submits;
  Steady::duration slowest{};
  int exports_served = 0, lookups_served = 0;
  int refusals = 0, thread_refusals = 0, long_read_refusals = 0, queue_refusals = 0;
  std::latch start(kFlooders + 1);
  std::vector<std::thread> threads;
  for (int f = 0; f < kFlooders; ++f) {
    threads.emplace_back([&, f] {
      Client& client = *flooders[f];
      start.arrive_and_wait();
      for (int r = 0; r < kRounds; ++r) {
        const std::string request_id = "flood-" + std::to_string(f) + "-" + std::to_string(r);
        const int kind = r % kKinds;
        Answer answer;
        switch (kind) {
          case kCreate:
            answer = client.Create(request_id, kCreateSeeds + f * kPerKind + r / kKinds);
            break;
          case kHistory: answer = client.History(read_id); break;
          case kExport: answer = client.HoldExport(); break;
          case kLookup: answer = client.Lookup("flooder", nik); break;
          default: answer = client.Submit(request_id, drafts[f][r / kKinds]); break;
        }
        std::lock_guard lock(mutex);
        const grpc::StatusCode code = answer.status.error_code();
        ++by_answer[std::string(kKindNames[kind]) + " " + std::to_string(code) + " \"" +
                    answer.status.error_message().substr(0, 80) + "\""];
        slowest = std::max(slowest, answer.took);
        EXPECT_LT(answer.took, kNotHung) << kKindNames[kind];
        EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::RESOURCE_EXHAUSTED)
            << kKindNames[kind] << ": " << code << " " << answer.status.error_message();
        const std::string& message = answer.status.error_message();
        if (code == grpc::StatusCode::RESOURCE_EXHAUSTED) ++refusals;
        thread_refusals += message == "Server Threadpool Exhausted";
        long_read_refusals += message.find("--max-long-reads") != std::string::npos;
        queue_refusals += message.find("too many changes waiting") != std::string::npos;
        if (kind == kExport && code == grpc::StatusCode::OK) ++exports_served;
        if (kind == kLookup && code == grpc::StatusCode::OK) ++lookups_served;
        if (kind == kSubmit && code != grpc::StatusCode::OK) refused_submits.push_back(request_id);
      }
      client.Release();
    });
  }
  int normal_served = 0, normal_attempts = 0;
  Steady::duration normal_slowest{};
  threads.emplace_back([&] {
    Client normal(port);
    start.arrive_and_wait();
    for (int call = 0; call < kNormalCalls; ++call) {
      for (int attempt = 0; attempt < kNormalAttempts; ++attempt) {
        ++normal_attempts;
        const Answer answer =
            call % 2 ? normal.History(read_id)
                     : normal.Create("normal-" + std::to_string(call), kNormalSeeds + call);
        if (answer.status.ok()) {
          ++normal_served;
          normal_slowest = std::max(normal_slowest, answer.took);
          break;
        }
        EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
            << answer.status.error_message();
        std::this_thread::sleep_for(20ms);  // backs off, as clients should
      }
    }
  });
  const Steady::time_point flood_started = Steady::now();
  for (std::thread& thread : threads) thread.join();
  const Steady::duration flood_took = Steady::now() - flood_started;

  // The flood is over: the held calls end as they ran, and the caller who
  // flooded lookups is still limited.
  EXPECT_EQ(exporter.Release() + streams_a.Release() + streams_b.Release(),
            kLongReads + 2 * kStreamsPerConnection);
  Answer limited;
  for (int i = 0; i <= kLookupRate; ++i) limited = other.Lookup("flooder", nik);
  EXPECT_EQ(limited.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_NE(limited.status.error_message().find("--lookup-rate-per-minute"), std::string::npos)
      << limited.status.error_message();
  peaks.Stop();
  const int64_t hwm_kb = ProcStatusField(pid, "VmHWM");

  // Idle, every flood connection is closed within its bound (plus slack).
  const Steady::time_point idle_from = Steady::now();
  // At most the listening socket and the pool's connections stay.
  while (OpenSockets(pid) > sockets_idle + kPoolSize && Steady::now() - idle_from < 60s) {
    std::this_thread::sleep_for(100ms);
  }
  const Steady::duration reaped_after = Steady::now() - idle_from;
  const int sockets_after = OpenSockets(pid);

  int refused_written = 0;
  for (const std::string& request_id : refused_submits) {
    refused_written += std::stoi(database_.QueryValueAsSuperuser(
        "SELECT count(*) FROM transitions WHERE request_id = '" + request_id + "'"));
  }

  std::cout << "flood: " << kFlooders << " clients x " << kRounds << " calls in " << Ms(flood_took)
            << " ms, slowest answer " << Ms(slowest) << " ms; " << refusals
            << " RESOURCE_EXHAUSTED (threads " << thread_refusals << ", long reads "
            << long_read_refusals << ", group-commit queue " << queue_refusals << ")\n"
            << "normal client: " << normal_served << "/" << kNormalCalls << " served in "
            << normal_attempts << " attempts, slowest served " << Ms(normal_slowest) << " ms\n"
            << "server: threads idle " << threads_idle << ", peak " << peaks.peak_threads()
            << " (--max-threads " << kMaxThreads << "); peak RSS " << peaks.peak_rss_kb() / 1024
            << " MB, VmHWM " << hwm_kb / 1024 << " MB\n"
            << "sockets: idle " << sockets_idle << ", flood " << sockets_flood << ", "
            << sockets_after << " after " << Ms(reaped_after) << " ms idle (--max-connection-idle "
            << kIdleSeconds << " s)\n";
  for (const auto& [answer, count] : by_answer) {
    std::cout << "  " << count << " x " << answer << "\n";
  }

  EXPECT_GT(thread_refusals, 0);
  EXPECT_GT(long_read_refusals, 0);
  EXPECT_EQ(exports_served, 0);           // both slots were held throughout
  EXPECT_LE(lookups_served, kLookupRate + 1);  // + what the bucket refills meanwhile
  EXPECT_EQ(refused_written, 0);
  EXPECT_EQ(normal_served, kNormalCalls);
  EXPECT_LE(peaks.peak_threads(), threads_idle + kMaxThreads + kThreadSlack);
  EXPECT_GT(hwm_kb, 0);
  EXPECT_LT(hwm_kb, kMaxResidentKb);
  // The control: the flood's connections were open, so the count can fall.
  EXPECT_GE(sockets_flood, sockets_idle + kFlooders);
  EXPECT_LE(sockets_after, sockets_idle + kPoolSize);
  EXPECT_EQ(server_->Stop(30s), 0) << server_->Log();
}

}  // namespace
}  // namespace usulan::testing
