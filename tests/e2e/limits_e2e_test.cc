// No caller can take the server down (issue 12; docs/limits.md), against the
// in-process server with tiny limits:
//  * calls beyond the thread bound are answered RESOURCE_EXHAUSTED at once
//    rather than queued (with a control: a wide bound holds them all);
//  * a connection left idle is closed by the server, and so is a socket that
//    never completes its HTTP/2 handshake;
//  * long reads beyond --max-long-reads are refused, exports stalled by callers
//    that stop reading hold no pool connection, and cancelling them frees their
//    slots.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "app/chain_verification.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/e2e/raw_call.h"
#include "tests/support/audit_seed.h"

namespace usulan::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A civil registry that holds every check at a gate until the test opens it:
// a SubmitProposal then occupies its server thread for as long as the test
// wants, without holding a database connection (the registry is asked outside
// the transaction).
class GateRegistry final : public workflow::PopulationRegistry {
 public:
  explicit GateRegistry(workflow::PopulationRegistry& inner) : inner_(inner) {}

  absl::StatusOr<std::vector<workflow::MemberCheck>> Check(
      const workflow::Household& household) override {
    {
      absl::MutexLock lock(&mutex_);
      ++held_;
      mutex_.Await(absl::Condition(&open_));
      --held_;
    }
    return inner_.Check(household);
  }

  int held() const {
    absl::MutexLock lock(&mutex_);
    return held_;
  }

  void Open() {
    absl::MutexLock lock(&mutex_);
    open_ = true;
  }

 private:
  workflow::PopulationRegistry& inner_;
  mutable absl::Mutex mutex_;
  int held_ ABSL_GUARDED_BY(mutex_) = 0;
  bool open_ ABSL_GUARDED_BY(mutex_) = false;
};

class ThreadLimitE2eTest : public E2eTest {
 protected:
  workflow::PopulationRegistry& Registry() override {
    gate_ = std::make_unique<GateRegistry>(*registry_);
    return *gate_;
  }
  void ConfigureServer(server::ServerOptions& options) override {
    options.limits.max_threads = max_threads_;
  }

  struct Flood {
    int held = 0;     // calls running in the server (at the registry's gate)
    int refused = 0;  // answered RESOURCE_EXHAUSTED while the others were held
    std::vector<grpc::Status> statuses;  // every call's answer, after the gate opened
    std::vector<std::string> proposal_ids;
    RawAnswer health;  // grpc.health.v1.Health/Check while the calls were held
  };

  // Submits `calls` drafts at once, each on its own client thread, and waits
  // (generously) until every call is either held at the gate or answered; then
  // opens the gate and collects every answer. Stops by itself: every call has a
  // deadline, and the wait is bounded.
  Flood SubmitAtOnce(int calls) {
    Flood flood;
    for (int i = 0; i < calls; ++i) {
      v1::Proposal created;
      grpc::Status status = proposals_->CreateProposal(Context(OperatorToken()).get(),
                                                       NewProposal(kDesaA, 100 + i), &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      flood.proposal_ids.push_back(created.proposal_id());
    }
    flood.statuses.resize(calls);
    std::atomic<int> answered{0}, refused{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < calls; ++i) {
      v1::SubmitProposalRequest submit;
      submit.set_request_id(NextRequestId());
      submit.set_proposal_id(flood.proposal_ids[i]);
      clients.emplace_back([&, i, submit] {
        auto context = Context(OperatorToken());
        context->set_deadline(std::chrono::system_clock::now() + seconds(120));
        v1::Proposal submitted;
        flood.statuses[i] = proposals_->SubmitProposal(context.get(), submit, &submitted);
        if (flood.statuses[i].error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) ++refused;
        ++answered;
      });
    }
    const auto limit = std::chrono::steady_clock::now() + seconds(60);
    while (gate_->held() + answered.load() < calls && std::chrono::steady_clock::now() < limit) {
      std::this_thread::sleep_for(milliseconds(10));
    }
    flood.held = gate_->held();
    flood.refused = refused.load();
    flood.health = RawCall(channel_, "/grpc.health.v1.Health/Check", {""}, "");
    gate_->Open();
    for (std::thread& client : clients) client.join();
    return flood;
  }

  int max_threads_ = 4;
  std::unique_ptr<GateRegistry> gate_;
};

constexpr int kFloodCalls = 12;

TEST_F(ThreadLimitE2eTest, CallsBeyondTheThreadBoundAreRefusedWithResourceExhausted) {
  Flood flood = SubmitAtOnce(kFloodCalls);
  // One thread keeps polling; the others run calls, and the rest are refused.
  EXPECT_GE(flood.held, 1);
  EXPECT_LE(flood.held, max_threads_);
  EXPECT_EQ(flood.held + flood.refused, kFloodCalls);
  int ok = 0;
  std::vector<std::string> refused_ids;
  for (int i = 0; i < kFloodCalls; ++i) {
    const grpc::Status& status = flood.statuses[i];
    if (status.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
          << status.error_message();
      // gRPC's own answer (docs/limits.md): the call never reached our code.
      EXPECT_EQ(status.error_message(), "Server Threadpool Exhausted");
      refused_ids.push_back(flood.proposal_ids[i]);
    }
  }
  EXPECT_EQ(ok, flood.held);
  // gRPC's default health service does not run on the sync server's call
  // threads: a saturated server still answers its health checks.
  EXPECT_EQ(flood.health.code, grpc::StatusCode::OK) << flood.health.message;
  // Once the flood is over the server answers again: a refused submission,
  // retried, goes through.
  ASSERT_FALSE(refused_ids.empty());
  v1::SubmitProposalRequest retry;
  retry.set_request_id(NextRequestId());
  retry.set_proposal_id(refused_ids.front());
  v1::Proposal submitted;
  grpc::Status status =
      proposals_->SubmitProposal(Context(OperatorToken()).get(), retry, &submitted);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

// The control: with room for every call, none is refused and all of them are
// held at once, so the test above measures the bound, not the gate.
class WideThreadLimitE2eTest : public ThreadLimitE2eTest {
 protected:
  WideThreadLimitE2eTest() { max_threads_ = 64; }
};

TEST_F(WideThreadLimitE2eTest, ControlWithRoomForEveryCallNoneIsRefused) {
  Flood flood = SubmitAtOnce(kFloodCalls);
  EXPECT_EQ(flood.held, kFloodCalls);
  EXPECT_EQ(flood.refused, 0);
  for (const grpc::Status& status : flood.statuses) {
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
}

class ConnectionLimitE2eTest : public E2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.limits.max_connection_idle = milliseconds(1000);
    options.limits.handshake_timeout = milliseconds(1000);
  }

  // A TCP connection to the server that has sent `bytes` and nothing more.
  int RawConnect(const std::string& bytes) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    EXPECT_GE(fd, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(server_->port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    if (!bytes.empty()) {
      EXPECT_EQ(send(fd, bytes.data(), bytes.size(), 0), static_cast<ssize_t>(bytes.size()));
    }
    return fd;
  }

  // Whether the server closes `fd` within `limit` (reading and dropping what
  // it sends first, such as its own SETTINGS frame).
  static bool ClosedByServerWithin(int fd, seconds limit) {
    timeval tick{0, 200 * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tick, sizeof(tick));
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buffer[4096];
    while (std::chrono::steady_clock::now() < deadline) {
      ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
      if (n == 0) return true;
      if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return true;
    }
    return false;
  }
};

TEST_F(ConnectionLimitE2eTest, ServerClosesAConnectionLeftIdleAfterItsCall) {
  grpc::ChannelArguments arguments;
  // A connection of its own, not one shared with the fixture's channel.
  arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto channel = TestChannel(server_->port(), arguments);
  auto audit = v1::AuditService::NewStub(channel);
  v1::AuditKey key;
  grpc::Status status = audit->GetAuditKey(
      Context(Token(workflow::Role::kAuditor, "", "auditor.bpk")).get(), v1::GetAuditKeyRequest(),
      &key);
  ASSERT_TRUE(status.ok()) << status.error_message();
  grpc_connectivity_state state = channel->GetState(false);
  ASSERT_EQ(state, GRPC_CHANNEL_READY);
  // The server's GOAWAY after a second without calls moves the channel out of
  // READY (the client's own idle timer is 30 minutes).
  const auto limit = std::chrono::system_clock::now() + seconds(30);
  while (state == GRPC_CHANNEL_READY && std::chrono::system_clock::now() < limit) {
    channel->WaitForStateChange(state, std::chrono::system_clock::now() + seconds(1));
    state = channel->GetState(false);
  }
  EXPECT_NE(state, GRPC_CHANNEL_READY);
}

TEST_F(ConnectionLimitE2eTest, ServerClosesASocketThatNeverSaysAnything) {
  int fd = RawConnect("");
  EXPECT_TRUE(ClosedByServerWithin(fd, seconds(30)));
  close(fd);
}

TEST_F(ConnectionLimitE2eTest, ServerClosesASocketThatNeverSendsItsSettings) {
  // The HTTP/2 client preface (RFC 9113 section 3.4) without the SETTINGS frame
  // that must follow it.
  int fd = RawConnect("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  EXPECT_TRUE(ClosedByServerWithin(fd, seconds(30)));
  close(fd);
}

// Enough audit rows that an export does not fit in the flow-control windows of
// a caller that stops reading (~50,000 rows, tens of megabytes).
constexpr int kSeedProposals = 8000;
// As many long reads as the fixture's pool has connections (e2e_fixture.cc): if
// a stalled export held its connection, nothing else could reach the database.
constexpr int kLongReads = 4;

class LongReadE2eTest : public E2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    // Before the server starts (the seed rebuilds indexes).
    SeedAuditTrail(database_->url(), kSeedProposals);
    options.limits.max_long_reads = kLongReads;
  }
  std::string AuditorToken() const {
    return Token(workflow::Role::kAuditor, "", "auditor.bpk");
  }
  std::unique_ptr<grpc::ClientContext> LongContext() const {
    auto context = Context(AuditorToken());
    context->set_deadline(std::chrono::system_clock::now() + seconds(120));
    return context;
  }
};

TEST_F(LongReadE2eTest, BeyondTheLimitRefusedStalledExportsHoldNoConnectionCancelFreesSlots) {
  // kLongReads exports whose callers read one row and then stop reading.
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<v1::AuditedTransition>>> exports;
  for (int i = 0; i < kLongReads; ++i) {
    contexts.push_back(LongContext());
    exports.push_back(
        audit_->ExportTransitions(contexts.back().get(), v1::ExportTransitionsRequest()));
    v1::AuditedTransition row;
    ASSERT_TRUE(exports.back()->Read(&row)) << "export " << i << " sent nothing";
  }

  // One more export, and a verification of everything, are refused at once.
  auto context = LongContext();
  auto refused = audit_->ExportTransitions(context.get(), v1::ExportTransitionsRequest());
  v1::AuditedTransition row;
  EXPECT_FALSE(refused->Read(&row));
  grpc::Status status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("--max-long-reads"));
  v1::VerifyChainRequest everything;
  everything.set_everything(true);
  v1::VerifyChainResponse report;
  status = audit_->VerifyChain(LongContext().get(), everything, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();

  // Meanwhile every other call is served, from the database: the stalled
  // exports hold threads and slots, but none of the pool's connections.
  v1::Proposal created;
  status = proposals_->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 7),
                                      &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(History(created.proposal_id()).transitions_size(), 1);

  // Callers that cancel stop their exports, and the slots come back.
  for (auto& stalled : contexts) stalled->TryCancel();
  for (auto& stalled : exports) {
    EXPECT_EQ(stalled->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  v1::VerifyChainRequest one;
  one.set_proposal_id(created.proposal_id());
  const auto limit = std::chrono::steady_clock::now() + seconds(30);
  for (;;) {
    status = audit_->VerifyChain(LongContext().get(), one, &report);
    if (status.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED ||
        std::chrono::steady_clock::now() >= limit) {
      break;
    }
    std::this_thread::sleep_for(milliseconds(50));
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.transitions_checked(), 1);
}

// VerifyChain stops where its caller went away: the walk asks before every page
// (the service asks ServerContext::IsCancelled) and ends CANCELLED at the first
// yes, reading nothing more.
TEST_F(LongReadE2eTest, ChainVerificationStopsAtThePageWhereTheCallerWentAway) {
  int asked = 0;
  auto cancelled_at_third = [&asked] { return ++asked >= 3; };
  auto report = app::VerifyAuditTrail(*db_, app::VerificationScope{}, {}, app::kMaxFindings,
                                      cancelled_at_third);
  EXPECT_EQ(report.status().code(), absl::StatusCode::kCancelled) << report.status();
  EXPECT_EQ(asked, 3);
  // The control: never cancelled, the same walk reads every seeded proposal.
  report = app::VerifyAuditTrail(*db_, app::VerificationScope{}, {});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->proposals_checked, kSeedProposals);
}

}  // namespace
}  // namespace usulan::testing
