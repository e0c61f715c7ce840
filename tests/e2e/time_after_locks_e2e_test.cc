// A transition's time is read after its row locks are held: a writer that read the
// clock and was then delayed before locking would otherwise stamp its row with a
// time earlier than the row another writer added meanwhile, so a proposal's audit
// chain would go back in time and state_since with it (the overdue queues and the
// 14-day objection lapse read it).
//
// The test makes that delay happen on purpose: a clock that stops one call at its
// second reading of the time (its first is the token check), lets a second writer
// change the same proposal to the end, then lets the first go on.
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "tests/e2e/lifecycle_driver.h"

namespace usulan::testing {
namespace {

using Micros = std::chrono::microseconds;

// The test's clock, stopping one server thread once. Arm(): the next thread to
// read the time becomes the held one; its next reading is taken and then waits
// for Release() before it is returned. Every other reading passes through.
class HoldingClock final : public base::Clock {
 public:
  explicit HoldingClock(const base::Clock& base) : base_(base) {}

  storage::TimePoint Now() const override {
    const storage::TimePoint now = base_.Now();
    std::unique_lock lock(mutex_);
    if (!armed_) return now;
    if (!held_thread_) {
      held_thread_ = std::this_thread::get_id();
      return now;
    }
    if (*held_thread_ != std::this_thread::get_id() || holding_) return now;
    holding_ = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return released_; });
    armed_ = false;
    return now;
  }

  void Arm() {
    std::lock_guard lock(mutex_);
    armed_ = true;
  }
  void WaitUntilHeld() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return holding_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

 private:
  const base::Clock& base_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  mutable bool armed_ = false;
  mutable std::optional<std::thread::id> held_thread_;
  mutable bool holding_ = false;
  bool released_ = false;
};

Micros MicrosOf(const google::protobuf::Timestamp& t) {
  return std::chrono::duration_cast<Micros>(std::chrono::seconds(t.seconds()) +
                                            std::chrono::nanoseconds(t.nanos()));
}

class TimeAfterLocksE2eTest : public LifecycleTest {
 protected:
  const base::Clock& ServerClock() override { return holding_; }

  // Whether some session of this test's database waits for a lock (the second
  // writer behind the first's row lock, if the first holds one while stopped).
  bool SomeoneWaitsForALock() const {
    return database_->QueryValueAsSuperuser(
               "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
               "AND wait_event_type = 'Lock'") != "0";
  }

  std::vector<v1::Transition> History(const std::string& id) {
    const v1::GetHistoryResponse out = E2eTest::History(id, OperatorToken());
    return {out.transitions().begin(), out.transitions().end()};
  }

  HoldingClock holding_{clock_};
};

TEST_F(TimeAfterLocksE2eTest, ADelayedWriterNeverStampsItsRowBeforeTheRowsBeforeIt) {
  v1::Proposal created;
  ASSERT_TRUE(proposals_
                  ->CreateProposal(Context(OperatorToken()).get(), NewProposal(kDesaA, 1), &created)
                  .ok());
  const std::string id = created.proposal_id();

  // Writer 1 withdraws the draft and is stopped at its second clock reading.
  holding_.Arm();
  grpc::Status withdrawn;
  std::thread first([&] {
    v1::WithdrawProposalRequest request;
    request.set_request_id(NextRequestId());
    request.set_proposal_id(id);
    request.set_reason("the household moved away");
    v1::Proposal out;
    withdrawn = proposals_->WithdrawProposal(Context(OperatorToken()).get(), request, &out);
  });
  holding_.WaitUntilHeld();

  // Writer 2 submits the same proposal (DRAFT -> SUBMITTED -> PRELIST) meanwhile:
  // to the end, or until it waits for a row lock writer 1 already holds.
  v1::SubmitProposalRequest submit;
  submit.set_request_id(NextRequestId());
  submit.set_proposal_id(id);
  auto second = std::async(std::launch::async, [&] {
    v1::Proposal out;
    return proposals_->SubmitProposal(Context(OperatorToken()).get(), submit, &out);
  });
  while (second.wait_for(std::chrono::milliseconds(20)) != std::future_status::ready &&
         !SomeoneWaitsForALock()) {
  }
  holding_.Release();
  first.join();
  const grpc::Status submitted = second.get();
  // Whichever locked first moved the proposal; the other was refused by its state
  // or, as withdrawing a PRELIST proposal is allowed, went on after it.
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.error_message();

  const std::vector<v1::Transition> history = History(id);
  ASSERT_GE(history.size(), 2u);
  for (size_t i = 1; i < history.size(); ++i) {
    EXPECT_GE(MicrosOf(history[i].at()), MicrosOf(history[i - 1].at()))
        << "row " << history[i].sequence() << " (" << history[i].event() << ") is stamped before row "
        << history[i - 1].sequence() << " (" << history[i - 1].event() << ")"
        << (submitted.ok() ? "" : "; submit: " + submitted.error_message());
  }
  // state_since is the time of the last change of state, never earlier.
  const v1::Proposal now = Get(id);
  EXPECT_EQ(now.state(), v1::PROPOSAL_STATE_WITHDRAWN);
  for (const v1::Transition& row : history) {
    EXPECT_GE(MicrosOf(now.state_since()), MicrosOf(row.at())) << "row " << row.sequence();
  }
}

}  // namespace
}  // namespace usulan::testing
