// The group committer driven from plain std::threads against PostgreSQL, without
// gRPC: the callers' hand-over to the writers (queue, promise, answer) is then all
// in code ThreadSanitizer sees, which it is not under the server, where every
// caller is a thread of Debian's uninstrumented gRPC (docs/sanitizers.md). Each
// change must still be committed once, replayed or refused on its own.
#include "app/group_commit.h"

#include <gtest/gtest.h>

#include <chrono>
#include <latch>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::app {
namespace {

using namespace std::chrono_literals;
using storage::ProposalRecord;
using storage::test_records::kDesa;
using testing::ScratchDatabase;

const workflow::Actor kOperator{"operator-1", workflow::Role::kVillageOperator, kDesa};

// Runs call(i) for i in [0, n) on n threads released together.
template <typename Call>
void Burst(size_t n, const Call& call) {
  std::latch start(static_cast<std::ptrdiff_t>(n));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      call(i);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

class GroupCommitThreadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<int> applied = storage::Migrate(scratch_.url());
    ASSERT_TRUE(applied.ok()) << applied.status();
    auto db = storage::Database::Open({.url = scratch_.url(),
                                       .pool_size = 4,
                                       .acquire_timeout = 30s,
                                       .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
    // A window long enough that callers released together share groups even on a
    // loaded machine; nothing waits on it.
    committer_ = std::make_unique<GroupCommitter>(
        *db_, clock_, GroupCommitOptions{.window = 20ms, .max_group = 16, .writers = 2});
  }
  void TearDown() override { committer_.reset(); }

  // `count` DRAFT proposals of kDesa, one member each.
  std::vector<std::string> Drafts(int count) {
    std::vector<std::string> ids;
    for (int i = 0; i < count; ++i) {
      const ProposalRecord p = storage::test_records::MakeProposalRecord(
          storage::test_records::NewId(), kDesa, clock_.Now(),
          {storage::test_records::SerialHead(next_serial_++)});
      absl::Status inserted = db_->InTransaction([&](storage::Tx& tx) {
        return tx.proposals().InsertProposal(p, storage::test_records::Creation(p), "");
      });
      EXPECT_TRUE(inserted.ok()) << inserted;
      ids.push_back(p.id);
    }
    return ids;
  }

  // operator-1 submitting `id` with request `request_id`.
  static EventChange Submit(const std::string& id, const std::string& request_id,
                            std::optional<int64_t> expected_version = std::nullopt) {
    return EventChange{
        .key = {.request_id = request_id,
                .subject = kOperator.subject,
                .rpc = "/usulan.v1.ProposalService/SubmitProposal",
                .fingerprint = std::string(64, 'f')},
        .actor = kOperator,
        .events = {workflow::Event::kSubmit},
        .proposal_id = id,
        .expected_version = expected_version,
        .plan = [](const ProposalRecord&) -> absl::StatusOr<std::vector<EventStep>> {
          return std::vector<EventStep>{{.event = workflow::Event::kSubmit, .actor = kOperator}};
        },
        .answer = [](const ProposalRecord& p) {
          return p.id + " v" + std::to_string(p.version);
        }};
  }

  int64_t Count(const std::string& sql) { return std::stoll(scratch_.QueryValueAsSuperuser(sql)); }

  ScratchDatabase scratch_;
  base::SystemClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<GroupCommitter> committer_;
  int next_serial_ = 1;
};

TEST_F(GroupCommitThreadsTest, ManyThreadsEachCommitTheirChangeOnceAndRepeatsReplayIt) {
  constexpr int kProposals = 32, kRepeats = 8;
  const std::vector<std::string> ids = Drafts(kProposals + 1);
  std::vector<EventChange> changes;
  for (int i = 0; i < kProposals; ++i) changes.push_back(Submit(ids[i], "submit-" + ids[i]));
  // The same request, sent by several threads at once: one change, one answer.
  for (int i = 0; i < kRepeats; ++i) changes.push_back(Submit(ids[kProposals], "repeated"));
  std::vector<ChangeOutcome> outcomes(changes.size());

  Burst(changes.size(), [&](size_t i) { outcomes[i] = committer_->Commit(changes[i]); });

  for (size_t i = 0; i < changes.size(); ++i) {
    SCOPED_TRACE(changes[i].key.request_id);
    ASSERT_TRUE(outcomes[i].status.ok()) << outcomes[i].status;
    EXPECT_EQ(outcomes[i].answer, changes[i].proposal_id + " v2");
  }
  EXPECT_EQ(Count("SELECT count(*) FROM proposals WHERE state = 'SUBMITTED'"), kProposals + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM transitions WHERE event = 'submit'"), kProposals + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE request_id = 'repeated'"), 1);
}

TEST_F(GroupCommitThreadsTest, RacingChangesOfOneProposalCommitExactlyOne) {
  constexpr int kRacers = 8;
  const std::string id = Drafts(1)[0];
  std::vector<ChangeOutcome> outcomes(kRacers);

  Burst(kRacers, [&](size_t i) {
    outcomes[i] = committer_->Commit(Submit(id, "racer-" + std::to_string(i), 1));
  });

  int committed = 0;
  for (const ChangeOutcome& outcome : outcomes) {
    if (outcome.status.ok()) {
      ++committed;
      EXPECT_EQ(outcome.answer, id + " v2");
    } else {
      // Stale expected_version, or the workflow refusing a second submit.
      EXPECT_TRUE(outcome.status.code() == absl::StatusCode::kAborted ||
                  outcome.status.code() == absl::StatusCode::kFailedPrecondition)
          << outcome.status;
    }
  }
  EXPECT_EQ(committed, 1);
  EXPECT_EQ(Count("SELECT count(*) FROM transitions WHERE event = 'submit'"), 1);
}

}  // namespace
}  // namespace usulan::app
