// Issue 13, "PostgreSQL frozen": the usulan-server binary under a concurrent
// load of writes through group commit (SubmitProposal, RecordVisit) and reads
// (GetProposal, GetHistory) while its PostgreSQL (a private cluster) has the
// postmaster and every backend SIGSTOPped for longer than the statement
// timeout. Proves, and prints the figures of:
//  - every call is answered within the configured bounds (the deadline, else
//    pool wait + connect timeout + transaction timeout + group-commit wait, with
//    slack), never with INTERNAL or OK;
//  - the server's threads stay bounded (--max-threads plus what it ran idle);
//  - SIGTERM while frozen, with writes in flight, ends within --shutdown-grace-ms
//    (plus slack);
//  - every refusal says whether the change was not made ("nothing was
//    changed") or its outcome is unknown; after SIGCONT nothing answered as not
//    made is committed (its request id has no transition and no idempotency
//    record), with a control that the same check sees a write made before;
//  - resent with the same request id on a new server, every refused write is
//    applied exactly once, and resent again it is answered the same.
// The proposals are brought to DRAFT and IN_VERIFICATION by the in-process
// server of the e2e fixture (the lifecycle driver), on the same private cluster
// ($USULAN_TEST_PG_DIR points the fixture at it), which is then shut down.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/build_paths.h"
#include "tests/support/child_process.h"
#include "tests/support/private_cluster.h"
#include "tests/support/private_file.h"
#include "tests/support/proc_status.h"
#include "tests/support/server_files.h"

namespace usulan::testing {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

// The server's bounds in this test (flags below).
constexpr auto kGrace = 3s;
constexpr int kMaxThreads = 24;
// Threads of gRPC's own (executor, event engine) that may start under load,
// outside --max-threads; what is tested is that the count does not grow with
// the number of calls.
constexpr int kThreadSlack = 16;
// The worst a call may take on a frozen database when its deadline is later:
// a pool wait (0.5 s), a reconnect (connect timeout 2 s), a transaction cut by
// the watchdog (3 s) and a group-commit wait (1 s).
constexpr auto kWorstBound = 6500ms;
// Slack for a loaded two-core machine; a hang is what is tested.
constexpr auto kSlack = 4s;

constexpr int kVisits = 12;    // IN_VERIFICATION proposals, one RecordVisit each
constexpr int kDrafts = 12;    // DRAFT proposals, one SubmitProposal each
constexpr int kInFlight = 3;   // of each, sent just before SIGTERM
constexpr int kReaders = 6;    // reader threads, kReads calls each
constexpr int kReads = 3;

// One write the test sent, kept to resend it verbatim (same request id).
struct Write {
  bool visit = false;  // RecordVisit, else SubmitProposal
  v1::RecordVisitRequest visit_request;
  v1::SubmitProposalRequest submit_request;
  const std::string& request_id() const {
    return visit ? visit_request.request_id() : submit_request.request_id();
  }
};

struct Answer {
  grpc::Status status;
  Steady::duration took{};
  Steady::duration deadline{};
  int64_t version = 0;
};

bool IsRefusal(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

// A refusal that says the change was not made: the server's own words
// (docs/limits.md), or gRPC's thread-pool refusal, which comes before the call
// runs at all.
bool SaysNotDone(const grpc::Status& status) {
  return status.error_message().find("nothing was changed") != std::string::npos ||
         status.error_message() == "Server Threadpool Exhausted";
}

// A refusal that says the outcome is unknown: the server's "outcome unknown",
// or the client's own timer (gRPC's text) when the server's answer did not
// arrive in time.
bool OutcomeUnknown(const grpc::Status& status) {
  return status.error_message() == storage::kOutcomeUnknown ||
         status.error_message() == "Deadline Exceeded";
}

std::string Key(const grpc::Status& status) {
  return std::to_string(status.error_code()) + " \"" + status.error_message().substr(0, 90) + "\"";
}

int64_t Ms(Steady::duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

class FrozenLoadTest : public LifecycleTest {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("usulan-frozen-load-" + std::to_string(getpid()));
    cluster_ = std::make_unique<PrivateCluster>(dir_ / "pg");
    setenv("USULAN_TEST_PG_DIR", cluster_->dir().c_str(), 1);
    LifecycleTest::SetUp();
    files_ = WriteServerFiles(dir_);
    // The fixture's keys, so that the binary finds the households the fixture
    // registered and digests them alike.
    WritePrivateFile(files_.nik_key, nik_key_ + "\n");
    WritePrivateFile(files_.household_key, household_key_ + "\n");
  }

  void TearDown() override {
    cluster_->Thaw();  // always, whatever failed
    binary_.reset();
    LifecycleTest::TearDown();
    cluster_.reset();
    fs::remove_all(dir_);
  }

  // Each start has a log of its own: the port is read from it.
  void StartBinary() {
    binary_ = std::make_unique<ChildProcess>(
        ServerBinary(),
        Joined(files_.ServeArgs(database_->ServiceRoleUrl()),
               {"--pool-size", "4", "--max-threads", std::to_string(kMaxThreads),
                "--cycle-interval", "0", "--checkpoint-interval", "0",
                "--db-statement-timeout-ms", "1000", "--db-lock-timeout-ms", "500",
                "--db-transaction-timeout-ms", "3000", "--db-pool-wait-ms", "500",
                "--db-connect-timeout-seconds", "2", "--group-commit-max-wait-ms", "1000",
                "--group-commit-max-queue", "4", "--shutdown-grace-ms",
                std::to_string(std::chrono::milliseconds(kGrace).count())}),
        dir_ / ("server-" + std::to_string(++started_) + ".log"));
    auto port = binary_->WaitForLog(std::regex(R"re(\(port (\d+)\))re"), 60s);
    ASSERT_TRUE(port.has_value()) << binary_->Log();
    auto channel = TestChannel(std::stoi(*port));
    bin_proposals_ = v1::ProposalService::NewStub(channel);
    bin_verification_ = v1::VerificationService::NewStub(channel);
    bin_audit_ = v1::AuditService::NewStub(channel);
  }

  std::unique_ptr<grpc::ClientContext> ContextFor(const std::string& token,
                                                  Steady::duration deadline) const {
    auto context = Context(token);
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::duration_cast<std::chrono::milliseconds>(deadline));
    return context;
  }

  Write VisitWrite(const std::string& id) {
    Write write;
    write.visit = true;
    write.visit_request = VisitRequest(id, v1::VISIT_OUTCOME_COMPLETED, true);
    return write;
  }

  Write SubmitWrite(const std::string& id) {
    Write write;
    write.submit_request.set_request_id(NextRequestId());
    write.submit_request.set_proposal_id(id);
    return write;
  }

  Answer Send(const Write& write, Steady::duration deadline) {
    auto context = ContextFor(write.visit ? VerifierToken() : OperatorToken(), deadline);
    v1::Proposal answer;
    const Steady::time_point started = Steady::now();
    grpc::Status status =
        write.visit ? bin_verification_->RecordVisit(context.get(), write.visit_request, &answer)
                    : bin_proposals_->SubmitProposal(context.get(), write.submit_request, &answer);
    return {status, Steady::now() - started, deadline, answer.version()};
  }

  // A read of one proposal: its record or its history, by turns.
  Answer Read(const std::string& id, int turn, Steady::duration deadline) {
    auto context = ContextFor(OperatorToken(), deadline);
    const Steady::time_point started = Steady::now();
    grpc::Status status;
    if (turn % 2 == 0) {
      v1::GetProposalRequest request;
      request.set_proposal_id(id);
      v1::Proposal answer;
      status = bin_proposals_->GetProposal(context.get(), request, &answer);
    } else {
      v1::GetHistoryRequest request;
      request.set_proposal_id(id);
      v1::GetHistoryResponse answer;
      status = bin_audit_->GetHistory(context.get(), request, &answer);
    }
    return {status, Steady::now() - started, deadline, 0};
  }

  // Rows committed under a request id: transitions and idempotency records.
  int Transitions(const std::string& request_id) const {
    return std::stoi(database_->QueryValueAsSuperuser(
        "SELECT count(*) FROM transitions WHERE request_id = '" + request_id + "'"));
  }
  int Claims(const std::string& request_id) const {
    return std::stoi(database_->QueryValueAsSuperuser(
        "SELECT count(*) FROM idempotency WHERE request_id = '" + request_id + "'"));
  }

  fs::path dir_;
  std::unique_ptr<PrivateCluster> cluster_;
  ServerFiles files_;
  std::unique_ptr<ChildProcess> binary_;
  int started_ = 0;
  std::unique_ptr<v1::ProposalService::Stub> bin_proposals_;
  std::unique_ptr<v1::VerificationService::Stub> bin_verification_;
  std::unique_ptr<v1::AuditService::Stub> bin_audit_;
};

TEST_F(FrozenLoadTest, CallsAnswerInTimeThreadsBoundedRefusedWritesNeverCommitResendAppliesOnce) {
  // Live: proposals to write on (one more of each for the controls), made
  // through the in-process server, which then goes away.
  std::vector<std::string> visit_ids = ToAgreed(1, kVisits + 1);
  AssignVerifier(visit_ids);
  std::vector<std::string> draft_ids;
  for (int i = 0; i <= kDrafts; ++i) {
    v1::Proposal created;
    grpc::Status status = proposals_->CreateProposal(Context(OperatorToken()).get(),
                                                     NewProposal(kDesaA, 100 + i), &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
    draft_ids.push_back(created.proposal_id());
  }
  server_->Shutdown(std::chrono::milliseconds(100));
  server_.reset();
  StartBinary();

  // The controls, on the live database through the binary: a write is seen
  // committed by the same checks that must find the refused ones absent.
  const Write control_visit = VisitWrite(visit_ids.back());
  const Write control_submit = SubmitWrite(draft_ids.back());
  visit_ids.pop_back();
  draft_ids.pop_back();
  ASSERT_TRUE(Send(control_visit, 30s).status.ok()) << binary_->Log();
  ASSERT_TRUE(Send(control_submit, 30s).status.ok()) << binary_->Log();
  const int per_visit = Transitions(control_visit.request_id());
  const int per_submit = Transitions(control_submit.request_id());
  ASSERT_GE(per_visit, 1);
  ASSERT_GE(per_submit, 1);
  ASSERT_EQ(Claims(control_visit.request_id()), 1);
  const int64_t idle_threads = ProcStatusField(binary_->pid(), "Threads");

  std::vector<Write> writes;
  for (const std::string& id : visit_ids) writes.push_back(VisitWrite(id));
  for (const std::string& id : draft_ids) writes.push_back(SubmitWrite(id));
  // The last kInFlight of each kind are kept for SIGTERM.
  std::vector<Write> wave, in_flight;
  for (size_t i = 0; i < writes.size(); ++i) {
    const size_t of_kind = writes[i].visit ? i : i - visit_ids.size();
    const size_t kind_size = writes[i].visit ? visit_ids.size() : draft_ids.size();
    (of_kind + kInFlight >= kind_size ? in_flight : wave).push_back(writes[i]);
  }

  ASSERT_GT(cluster_->Freeze(), 1u);
  const Steady::time_point frozen_at = Steady::now();
  PeakSampler peaks(binary_->pid());

  // Every write at once, with a short deadline or a long one by turns, and the
  // readers beside them.
  std::vector<Answer> wave_answers(wave.size());
  std::vector<Answer> read_answers(kReaders * kReads);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < wave.size(); ++i) {
    clients.emplace_back([&, i] { wave_answers[i] = Send(wave[i], i % 2 ? 20s : 1500ms); });
  }
  for (int r = 0; r < kReaders; ++r) {
    clients.emplace_back([&, r] {
      for (int k = 0; k < kReads; ++k) {
        read_answers[r * kReads + k] = Read(visit_ids[r % visit_ids.size()], k, k ? 2s : 20s);
      }
    });
  }
  for (std::thread& client : clients) client.join();
  clients.clear();

  // SIGTERM while writes with long deadlines are in flight on the frozen database.
  std::vector<Answer> in_flight_answers(in_flight.size());
  for (size_t i = 0; i < in_flight.size(); ++i) {
    clients.emplace_back([&, i] { in_flight_answers[i] = Send(in_flight[i], 60s); });
  }
  std::this_thread::sleep_for(300ms);  // they reach the server (not asserted on)
  const Steady::time_point term = Steady::now();
  const int exit_code = binary_->Stop(60s);
  const Steady::duration shutdown = Steady::now() - term;
  for (std::thread& client : clients) client.join();
  peaks.Stop();
  const Steady::duration frozen_for = Steady::now() - frozen_at;
  EXPECT_LT(shutdown, kGrace + kSlack) << binary_->Log();
  EXPECT_TRUE(exit_code == 0 || exit_code == 3) << exit_code << "\n" << binary_->Log();

  // Every answer: a refusal, within its bound.
  std::map<std::string, int> by_answer;
  Steady::duration slowest{};
  auto check = [&](const Answer& answer, const std::string& what) {
    ++by_answer[Key(answer.status)];
    slowest = std::max(slowest, answer.took);
    EXPECT_TRUE(IsRefusal(answer.status.error_code())) << what << ": " << Key(answer.status);
    EXPECT_LT(answer.took, std::min<Steady::duration>(answer.deadline, kWorstBound) + kSlack)
        << what << " took " << Ms(answer.took) << " ms: " << Key(answer.status);
  };
  for (size_t i = 0; i < wave.size(); ++i) check(wave_answers[i], wave[i].request_id());
  for (const Answer& answer : read_answers) check(answer, "read");
  for (size_t i = 0; i < in_flight.size(); ++i) {
    ++by_answer[Key(in_flight_answers[i].status)];
    EXPECT_FALSE(in_flight_answers[i].status.ok()) << in_flight[i].request_id();
  }

  // Thawed: the backends read what was sent to them while frozen, and the end
  // of the cut connections. Nothing refused as not done may be committed.
  cluster_->Thaw();
  std::this_thread::sleep_for(3s);
  std::vector<Write> refused = wave;
  refused.insert(refused.end(), in_flight.begin(), in_flight.end());
  std::vector<Answer> refusals = wave_answers;
  refusals.insert(refusals.end(), in_flight_answers.begin(), in_flight_answers.end());
  int not_done = 0, unknown = 0;
  for (size_t i = 0; i < refused.size(); ++i) {
    if (!SaysNotDone(refusals[i].status)) {
      ++unknown;
      // Before SIGTERM every refusal says which it is; a call cut by the
      // process's exit may end with the client library's own words.
      if (i < wave.size()) {
        EXPECT_TRUE(OutcomeUnknown(refusals[i].status))
            << refused[i].request_id() << " says neither: " << Key(refusals[i].status);
      }
      continue;
    }
    ++not_done;
    EXPECT_EQ(Transitions(refused[i].request_id()) + Claims(refused[i].request_id()), 0)
        << refused[i].request_id() << " was answered " << Key(refusals[i].status)
        << " yet committed";
  }

  // Resent with the same request id on a new server: each applied exactly once,
  // and a second resend is answered the same without applying it again.
  StartBinary();
  int resent = 0;
  for (const Write& write : refused) {
    const Answer first = Send(write, 30s);
    ASSERT_TRUE(first.status.ok()) << write.request_id() << ": " << Key(first.status);
    const int applied = Transitions(write.request_id());
    EXPECT_EQ(applied, write.visit ? per_visit : per_submit) << write.request_id();
    EXPECT_EQ(Claims(write.request_id()), 1) << write.request_id();
    const Answer again = Send(write, 30s);
    ASSERT_TRUE(again.status.ok()) << write.request_id() << ": " << Key(again.status);
    EXPECT_EQ(again.version, first.version) << write.request_id();
    EXPECT_EQ(Transitions(write.request_id()), applied) << write.request_id();
    ++resent;
  }

  std::cout << "frozen for " << Ms(frozen_for) << " ms (statement timeout 1000 ms): "
            << wave.size() + in_flight.size() << " writes, " << read_answers.size()
            << " reads; slowest answer " << Ms(slowest) << " ms; SIGTERM took " << Ms(shutdown)
            << " ms (grace " << Ms(kGrace) << " ms), exit " << exit_code << "\n"
            << "threads: idle " << idle_threads << ", peak " << peaks.peak_threads()
            << " (--max-threads " << kMaxThreads << "); peak RSS " << peaks.peak_rss_kb() / 1024
            << " MB\n"
            << "refused as not done " << not_done << ", committed after the thaw 0 expected; "
            << "outcome unknown " << unknown << "; resent " << resent << ", each applied once\n";
  for (const auto& [answer, count] : by_answer) {
    std::cout << "  " << count << " x " << answer << "\n";
  }
  EXPECT_GT(not_done, 0);
  EXPECT_LE(peaks.peak_threads(), idle_threads + kMaxThreads + kThreadSlack);
}

}  // namespace
}  // namespace usulan::testing
