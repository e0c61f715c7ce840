// The group-commit queue's bounds and the caller's deadline through the real
// server (docs/limits.md, "Database and deadlines"). The one writer is kept busy
// by a row that another transaction holds locked (as the superuser, on its own
// connection), so that requests pile up behind it: beyond the queue's length they
// are refused at once, beyond its wait they are refused when it passes, a request
// whose deadline passes is answered DEADLINE_EXCEEDED, whether still queued or
// already in the writer's transaction; none of them is committed once the lock
// goes. Time bounds here are for hangs only.
#include <thread>

#include "tests/e2e/lifecycle_driver.h"
#include "tests/support/scratch_database.h"

namespace usulan::testing {
namespace {

using ::testing::HasSubstr;
using Steady = std::chrono::steady_clock;

constexpr int kMaxQueue = 2;
constexpr std::chrono::milliseconds kMaxWait{1500};

struct Answer {
  grpc::Status status;
  Steady::duration took{};
};

class DatabaseLimitsE2eTest : public LifecycleTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.group_commit.window = std::chrono::microseconds(0);
    options.group_commit.writers = 1;
    options.group_commit.max_queue = kMaxQueue;
    options.group_commit.max_wait = kMaxWait;
  }

  void TearDown() override {
    if (holder_.joinable()) holder_.join();
    LifecycleTest::TearDown();
  }

  // Locks proposal `id` from another session for `seconds`, and returns once the
  // lock is held.
  void HoldLock(const std::string& id, double seconds) {
    holder_ = std::thread([this, id, seconds] {
      std::string error = SqlErrorOf(
          database_->url(), "BEGIN; SELECT 1 FROM proposals WHERE id = '" + id +
                                "' FOR UPDATE; SELECT pg_sleep(" + std::to_string(seconds) +
                                "); COMMIT");
      EXPECT_EQ(error, "");
    });
    // Only this test's database: tests run in parallel, and another one's holder
    // sleeping does not mean this one holds its lock.
    WaitFor("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'BEGIN; SELECT 1 FROM "
            "proposals%' AND wait_event = 'PgSleep' AND datname = current_database()");
  }

  // Waits until `count_sql` counts at least one row.
  void WaitFor(const std::string& count_sql) {
    for (int i = 0; i < 200; ++i) {
      if (database_->QueryValueAsSuperuser(count_sql) != "0") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL() << "never: " << count_sql;
  }

  // Until the server's writer is waiting for the held row lock.
  void WaitForWriterOnLock() {
    WaitFor("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
            "datname = current_database()");
  }

  Answer Visit(const std::string& id, std::chrono::milliseconds deadline) {
    v1::RecordVisitRequest request = VisitRequest(id, v1::VISIT_OUTCOME_COMPLETED, true);
    auto context = Context(VerifierToken());
    context->set_deadline(std::chrono::system_clock::now() + deadline);
    v1::Proposal answer;
    const Steady::time_point started = Steady::now();
    grpc::Status status = verification_->RecordVisit(context.get(), request, &answer);
    return {status, Steady::now() - started};
  }

  // The proposal as stored once every lock is gone: state and version.
  void ExpectUnchanged(const std::string& id) {
    if (holder_.joinable()) holder_.join();
    v1::Proposal now = Get(id);
    EXPECT_EQ(now.state(), v1::PROPOSAL_STATE_IN_VERIFICATION) << id;
    EXPECT_EQ(History(id).transitions_size(), versions_.at(id)) << id;
  }

  std::vector<std::string> InVerification(int first, int count) {
    std::vector<std::string> ids = ToAgreed(first, count);
    AssignVerifier(ids);
    for (const std::string& id : ids) versions_[id] = History(id).transitions_size();
    return ids;
  }

  std::thread holder_;
  std::map<std::string, int> versions_;  // audit rows of each proposal before the test
};

TEST_F(DatabaseLimitsE2eTest, AFloodBeyondTheQueueBoundsIsRefusedResourceExhaustedAndNotWritten) {
  std::vector<std::string> ids = InVerification(1, 5);
  HoldLock(ids[0], 3.5);
  std::thread blocked([&] { Visit(ids[0], std::chrono::seconds(30)); });
  WaitForWriterOnLock();
  std::vector<Answer> answers(4);
  std::vector<std::thread> flood;
  for (size_t i = 0; i < answers.size(); ++i) {
    flood.emplace_back([&, i] { answers[i] = Visit(ids[i + 1], std::chrono::seconds(30)); });
  }
  for (std::thread& t : flood) t.join();
  int too_many = 0, waited = 0;
  for (const Answer& answer : answers) {
    EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << answer.status.error_message();
    if (answer.status.error_message().find("too many changes waiting") != std::string::npos) {
      ++too_many;
    }
    if (answer.status.error_message().find("waited more than 1500 ms") != std::string::npos) {
      ++waited;
      EXPECT_LT(answer.took, std::chrono::seconds(10));
    }
  }
  EXPECT_EQ(too_many, 4 - kMaxQueue);  // refused at once
  EXPECT_EQ(waited, kMaxQueue);        // queued, then refused when the wait passed
  blocked.join();
  for (size_t i = 1; i < ids.size(); ++i) ExpectUnchanged(ids[i]);
  // Control: the same visits go through once the writer is free.
  EXPECT_TRUE(Visit(ids[1], std::chrono::seconds(30)).status.ok());
}

TEST_F(DatabaseLimitsE2eTest, ADeadlineAgainstALockedRowAnswersDeadlineExceededAndWritesNothing) {
  std::vector<std::string> ids = InVerification(1, 2);
  HoldLock(ids[0], 3.0);
  Answer in_writer, queued;
  // Taken by the writer, whose transaction waits on the lock: the statement
  // timeout comes from this call's deadline, well before lock_timeout (2 s).
  std::thread first([&] { in_writer = Visit(ids[0], std::chrono::milliseconds(1200)); });
  WaitForWriterOnLock();
  // Queued behind it, with a shorter deadline still.
  queued = Visit(ids[1], std::chrono::milliseconds(500));
  first.join();
  EXPECT_EQ(in_writer.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << in_writer.status.error_message();
  EXPECT_EQ(queued.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED)
      << queued.status.error_message();
  EXPECT_LT(in_writer.took, std::chrono::seconds(3));  // no hang beyond deadline + slack
  EXPECT_LT(queued.took, std::chrono::seconds(3));
  // Nothing of either is written after the lock goes: state, audit rows.
  ExpectUnchanged(ids[0]);
  ExpectUnchanged(ids[1]);
  // Control: the same visit goes through with the row free.
  EXPECT_TRUE(Visit(ids[0], std::chrono::seconds(30)).status.ok());
}

}  // namespace
}  // namespace usulan::testing

namespace usulan::testing {
namespace {

// Once armed, makes the group committer's writer wait in every Now(), i.e. inside
// its group's transaction (it reads the time after the claims and after the row
// locks), before COMMIT. The writer is told apart by its call limits: its group's
// scope has no cancellation of its own, a call's always has.
class WriterStallingClock final : public base::Clock {
 public:
  explicit WriterStallingClock(const base::Clock& inner) : inner_(inner) {}
  base::TimePoint Now() const override {
    const base::CallLimits* call = base::CurrentCall();
    if (armed && call != nullptr && !call->cancelled) {
      ++stalls;
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
    }
    return inner_.Now();
  }
  std::atomic<bool> armed = false;
  mutable std::atomic<int> stalls = 0;

 private:
  const base::Clock& inner_;
};

class GroupCancelE2eTest : public DatabaseLimitsE2eTest {
 protected:
  void ConfigureServer(server::ServerOptions& options) override {
    options.group_commit.window = std::chrono::milliseconds(300);  // both in one group
    options.group_commit.writers = 1;
  }
  const base::Clock& ServerClock() override { return stalling_; }

  WriterStallingClock stalling_{clock_};
};

TEST_F(GroupCancelE2eTest, AMemberCancelledBeforeItsGroupCommitsIsDroppedAndTheOthersCommit) {
  std::vector<std::string> ids = InVerification(1, 2);
  stalling_.armed = true;
  auto cancelled_context = Context(VerifierToken());
  grpc::Status cancelled, kept;
  std::thread a([&] {
    v1::Proposal out;
    cancelled = verification_->RecordVisit(
        cancelled_context.get(), VisitRequest(ids[0], v1::VISIT_OUTCOME_COMPLETED, true), &out);
  });
  std::thread b([&] { kept = Visit(ids[1], std::chrono::seconds(30)).status; });
  // The group (both visits) is being written: its client gives A up.
  for (int i = 0; i < 500 && stalling_.stalls == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_GT(stalling_.stalls.load(), 0);
  cancelled_context->TryCancel();
  a.join();
  b.join();
  stalling_.armed = false;
  EXPECT_EQ(cancelled.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(kept.ok()) << kept.error_message();
  ExpectUnchanged(ids[0]);  // dropped from the group, never committed
  EXPECT_EQ(Get(ids[1]).state(), v1::PROPOSAL_STATE_VERIFIED);
  EXPECT_EQ(History(ids[1]).transitions_size(), versions_.at(ids[1]) + 1);
}

}  // namespace
}  // namespace usulan::testing
