// The database limits (docs/limits.md, "Database and deadlines") against a real
// PostgreSQL: the caller's deadline and cancellation bound every transaction
// (not started, not committed, a locked row answered at the deadline and nothing
// written after the lock goes), the session's lock_timeout, the watchdog that cuts
// a connection the server does not answer on, a COMMIT lost on the way answered
// "outcome unknown", and Interrupt() for shutdown. The time bounds are for hangs
// only, with generous slack.
#include <future>
#include <thread>

#include <pqxx/pqxx>
#include <gtest/gtest.h>

#include "base/call_limits.h"
#include "storage/connection_pool.h"
#include "storage/database.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using namespace std::chrono_literals;
using test_records::Creation;
using test_records::MakeProposalRecord;
using test_records::MembersOf;
using test_records::NewId;
using test_records::Nik;

using Steady = std::chrono::steady_clock;

class LimitsStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<int> applied = Migrate(scratch_.url());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  // A database with the defaults but for what `tweak` changes.
  std::unique_ptr<Database> Open(const std::function<void(DatabaseConfig&)>& tweak = {}) {
    DatabaseConfig config{.url = scratch_.url(), .pool_size = 2, .nik_key = std::string(32, 'n')};
    if (tweak) tweak(config);
    absl::StatusOr<std::unique_ptr<Database>> db = Database::Open(config);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  ProposalRecord NewProposal(int serial) {
    return MakeProposalRecord(NewId(), test_records::kDesa, test_records::At(0),
                              MembersOf({Nik(serial)}, "Anggota"), test_records::kKk);
  }

  absl::Status Insert(Database& db, const ProposalRecord& p) {
    return db.InTransaction(
        [&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), ""); });
  }

  // A transaction that only locks proposal `id`.
  static absl::Status Lock(Database& db, const std::string& id) {
    return db.InTransaction([&](Tx& tx) { return tx.proposals().LockProposal(id).status(); });
  }

  int Count(const std::string& sql) { return std::stoi(scratch_.QueryValueAsSuperuser(sql)); }

  int ProposalsWithId(const std::string& id) {
    return Count("SELECT count(*) FROM proposals WHERE id = '" + id + "'");
  }

  // Holds the row lock of proposal `id` from a connection of its own until
  // destroyed, like a long transaction of another server would.
  class RowLock {
   public:
    RowLock(const std::string& url, const std::string& id) : connection_(url), work_(connection_) {
      work_.exec("SELECT 1 FROM proposals WHERE id = '" + id + "' FOR UPDATE");
    }

   private:
    pqxx::connection connection_;
    pqxx::work work_;  // rolled back when destroyed
  };

  usulan::testing::ScratchDatabase scratch_;
};

TEST_F(LimitsStorageTest, ACallPastItsDeadlineOrCancelledIsNotStarted) {
  auto db = Open();
  bool ran = false;
  {
    base::CallScope scope({.deadline = Steady::now() - 1ms});
    absl::Status s = db->InTransaction([&](Tx&) {
      ran = true;
      return absl::OkStatus();
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  }
  {
    base::CallScope scope({.cancelled = [] { return true; }});
    absl::Status s = db->InTransaction([&](Tx&) {
      ran = true;
      return absl::OkStatus();
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kCancelled) << s;
  }
  EXPECT_FALSE(ran);
  // Control: a call with time left runs and commits.
  base::CallScope scope({.deadline = Steady::now() + 30s});
  ProposalRecord p = NewProposal(1);
  EXPECT_TRUE(Insert(*db, p).ok());
  EXPECT_EQ(ProposalsWithId(p.id), 1);
}

TEST_F(LimitsStorageTest, AChangeIsNotCommittedWhenItsCallEndsBeforeTheCommit) {
  auto db = Open();
  ProposalRecord expired = NewProposal(2);
  {
    base::CallScope scope({.deadline = Steady::now() + 500ms});
    absl::Status s = db->InTransaction([&](Tx& tx) {
      absl::Status inserted = tx.proposals().InsertProposal(expired, Creation(expired), "");
      std::this_thread::sleep_for(700ms);  // the caller's deadline passes meanwhile
      return inserted;
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  }
  ProposalRecord cancelled = NewProposal(3);
  {
    std::atomic<bool> gone = false;
    base::CallScope scope({.cancelled = [&] { return gone.load(); }});
    absl::Status s = db->InTransaction([&](Tx& tx) {
      absl::Status inserted = tx.proposals().InsertProposal(cancelled, Creation(cancelled), "");
      gone = true;  // the client cancels while the change is being written
      return inserted;
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kCancelled) << s;
  }
  EXPECT_EQ(ProposalsWithId(expired.id), 0);
  EXPECT_EQ(ProposalsWithId(cancelled.id), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM transitions"), 0);
}

TEST_F(LimitsStorageTest, ALockedRowAnswersDeadlineExceededAtTheDeadlineAndNothingIsWrittenLater) {
  auto db = Open();
  ProposalRecord p = NewProposal(4);
  ASSERT_TRUE(Insert(*db, p).ok());
  const std::string version = scratch_.QueryValueAsSuperuser(
      "SELECT version FROM proposals WHERE id = '" + p.id + "'");
  {
    RowLock lock(scratch_.url(), p.id);
    base::CallScope scope({.deadline = Steady::now() + 700ms});
    const Steady::time_point started = Steady::now();
    bool wrote = false;
    absl::Status s = db->InTransaction([&](Tx& tx) -> absl::Status {
      absl::StatusOr<ProposalRecord> locked = tx.proposals().LockProposal(p.id);
      if (!locked.ok()) return locked.status();
      wrote = true;
      return tx.proposals().ApplyTransition(p.id, 1, test_records::SubmitDecision(), "req-late",
                                            test_records::At(10), {});
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
    EXPECT_FALSE(wrote);
    // The statement timeout came from the deadline (not the 5 s default, nor the
    // 2 s lock_timeout): well before either.
    EXPECT_LT(Steady::now() - started, 1900ms);
  }  // the lock is released here
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(scratch_.QueryValueAsSuperuser("SELECT version FROM proposals WHERE id = '" + p.id +
                                           "'"),
            version);
  EXPECT_EQ(Count("SELECT count(*) FROM transitions WHERE proposal_id = '" + p.id + "'"), 1);
  // Control: with the lock gone the same change goes through.
  EXPECT_TRUE(Lock(*db, p.id).ok());
}

TEST_F(LimitsStorageTest, TheSessionLockTimeoutAnswersAbortedInsteadOfWaiting) {
  auto db = Open([](DatabaseConfig& c) { c.lock_timeout = 300ms; });
  ProposalRecord p = NewProposal(5);
  ASSERT_TRUE(Insert(*db, p).ok());
  RowLock lock(scratch_.url(), p.id);
  const Steady::time_point started = Steady::now();
  absl::Status s = Lock(*db, p.id);
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
  EXPECT_LT(Steady::now() - started, 4s);  // not the 5 s statement timeout
}

TEST_F(LimitsStorageTest, TheWatchdogCutsAConnectionTheServerDoesNotAnswerOn) {
  // No server-side limit at all: only the client-side transaction timeout ends
  // the wait, as on a frozen database.
  auto db = Open([](DatabaseConfig& c) {
    c.lock_timeout = 0ms;
    c.statement_timeout = 0ms;
    c.transaction_timeout = 500ms;
  });
  ProposalRecord p = NewProposal(6);
  ASSERT_TRUE(Insert(*db, p).ok());
  {
    RowLock lock(scratch_.url(), p.id);
    const Steady::time_point started = Steady::now();
    absl::Status s = Lock(*db, p.id);
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
    EXPECT_LT(Steady::now() - started, 5s);
  }
  // The cut connection is replaced: the pool serves again.
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(Lock(*db, p.id).ok());
  }
}

TEST_F(LimitsStorageTest, ACommitLostOnTheWayAnswersOutcomeUnknown) {
  // COMMIT itself takes 2 s here (a deferred trigger), and the watchdog cuts the
  // connection during it: the server goes on and commits (it notices the closed
  // socket only later), so "failed" would be a lie; the answer says unknown.
  scratch_.ExecAsSuperuser(
      "CREATE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS "
      "$$BEGIN PERFORM pg_sleep(2); RETURN NULL; END$$; "
      "CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON proposals "
      "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
  auto db = Open([](DatabaseConfig& c) {
    c.statement_timeout = 0ms;
    c.transaction_timeout = 700ms;
  });
  ProposalRecord p = NewProposal(7);
  absl::Status s = Insert(*db, p);
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_EQ(s.message(), kOutcomeUnknown);
  // Here it did commit: exactly what "unknown" warns about.
  int found = 0;
  for (int i = 0; i < 100 && found == 0; ++i) {
    std::this_thread::sleep_for(100ms);
    found = ProposalsWithId(p.id);
  }
  EXPECT_EQ(found, 1);
}

TEST_F(LimitsStorageTest, InterruptCutsRunningTransactionsAndRefusesNewOnes) {
  auto db = Open([](DatabaseConfig& c) {
    c.lock_timeout = 0ms;
    c.statement_timeout = 0ms;
  });
  ProposalRecord p = NewProposal(8);
  ASSERT_TRUE(Insert(*db, p).ok());
  RowLock lock(scratch_.url(), p.id);
  std::future<absl::Status> stuck =
      std::async(std::launch::async, [&] { return Lock(*db, p.id); });
  EXPECT_EQ(stuck.wait_for(500ms), std::future_status::timeout);  // waits on the lock
  db->Interrupt();
  ASSERT_EQ(stuck.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(stuck.get().code(), absl::StatusCode::kUnavailable);
  absl::Status after = Insert(*db, NewProposal(9));
  EXPECT_EQ(after.code(), absl::StatusCode::kUnavailable) << after;
}

TEST(ConnectionDefaultsTest, KeepalivesAndConnectTimeoutAreAddedUnlessTheUrlSetsThem) {
  EXPECT_EQ(WithConnectionDefaults("dbname=x host=/tmp", 5),
            "dbname=x host=/tmp connect_timeout=5 keepalives=1 keepalives_idle=30 "
            "keepalives_interval=10 keepalives_count=3");
  EXPECT_EQ(WithConnectionDefaults("postgresql://h/db?keepalives_idle=7", 0),
            "postgresql://h/db?keepalives_idle=7&keepalives=1&keepalives_interval=10"
            "&keepalives_count=3");
  EXPECT_EQ(WithConnectionDefaults("postgres://h/db", 2),
            "postgres://h/db?connect_timeout=2&keepalives=1&keepalives_idle=30"
            "&keepalives_interval=10&keepalives_count=3");
}

}  // namespace
}  // namespace usulan::storage
