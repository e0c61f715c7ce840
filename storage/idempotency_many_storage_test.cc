// The set-based idempotency statements of a group commit (RequestRepository::ClaimRequests,
// CompleteRequests, ReleaseRequests) against a real PostgreSQL: each key is
// answered on its own, stored answers come back byte for byte, released claims
// can be taken again, and overlapping claims wait instead of deadlocking.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDatabase;

TimePoint At(int64_t seconds) { return TimePoint(std::chrono::seconds(1709251200 + seconds)); }

RequestKey Key(const std::string& request_id, const std::string& subject = "verifier-1",
               const std::string& fingerprint = std::string(64, 'f')) {
  return {.request_id = request_id,
          .subject = subject,
          .rpc = "/usulan.v1.VerificationService/RecordVisit",
          .fingerprint = fingerprint};
}

// A serialized message may hold NUL and non-UTF-8 bytes anywhere.
const std::string kBinaryAnswer("\x00\x0a\x00\x01 answer\xff\xfe\x00", 13);

class IdempotencyManyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<int> applied = Migrate(scratch_.url());
    ASSERT_TRUE(applied.ok()) << applied.status();
    auto db = Database::Open({.url = scratch_.url(),
                              .pool_size = 4,
                              .acquire_timeout = 5s,
                              .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  // Claims `keys` in a transaction of their own, completing those claimed with
  // `answer`.
  absl::StatusOr<std::vector<absl::StatusOr<Claim>>> ClaimAndComplete(
      const std::vector<RequestKey>& keys, const std::string& answer, TimePoint at) {
    std::vector<absl::StatusOr<Claim>> out;
    absl::Status status = db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto claims = tx.requests().ClaimRequests(keys, at);
      if (!claims.ok()) return claims.status();
      out = *claims;
      std::vector<RequestRepository::Answer> answers;
      for (size_t i = 0; i < keys.size(); ++i) {
        if (out[i].ok() && out[i]->claimed) answers.push_back({keys[i], answer, ""});
      }
      return tx.requests().CompleteRequests(answers);
    });
    if (!status.ok()) return status;
    return out;
  }

  int Count(const std::string& sql) { return std::stoi(scratch_.QueryValueAsSuperuser(sql)); }

  ScratchDatabase scratch_;
  std::unique_ptr<Database> db_;
};

TEST_F(IdempotencyManyTest, EachKeyIsClaimedReplayedOrRefusedOnItsOwn) {
  // First use: both claimed, the answers (with NUL bytes) stored.
  auto first = ClaimAndComplete({Key("a"), Key("c")}, kBinaryAnswer, At(0));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 2u);
  for (const auto& claim : *first) {
    ASSERT_TRUE(claim.ok()) << claim.status();
    EXPECT_TRUE(claim->claimed);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE response IS NOT NULL "
                  "AND proposal_id IS NULL"),
            2);

  // Mixed: new, a repeat, the same id with another body, the same id with another
  // rpc, the same id from another caller, new.
  RequestKey other_body = Key("c", "verifier-1", std::string(64, 'e'));
  RequestKey other_rpc = Key("x");
  auto seeded = ClaimAndComplete({other_rpc}, "x answer", At(1));
  ASSERT_TRUE(seeded.ok()) << seeded.status();
  other_rpc.rpc = "/usulan.v1.ProposalService/SubmitProposal";
  const std::vector<RequestKey> keys = {Key("b"),  Key("a"),          other_body,
                                        other_rpc, Key("a", "verifier-2"), Key("d")};
  auto mixed = ClaimAndComplete(keys, "second answer", At(2));
  ASSERT_TRUE(mixed.ok()) << mixed.status();
  ASSERT_EQ(mixed->size(), keys.size());
  const auto& m = *mixed;
  ASSERT_TRUE(m[0].ok()) << m[0].status();
  EXPECT_TRUE(m[0]->claimed);
  ASSERT_TRUE(m[1].ok()) << m[1].status();
  EXPECT_FALSE(m[1]->claimed);
  EXPECT_EQ(m[1]->stored_response, kBinaryAnswer);
  EXPECT_EQ(m[2].status().code(), absl::StatusCode::kInvalidArgument) << m[2].status();
  EXPECT_EQ(m[3].status().code(), absl::StatusCode::kInvalidArgument) << m[3].status();
  ASSERT_TRUE(m[4].ok()) << m[4].status();
  EXPECT_TRUE(m[4]->claimed);
  ASSERT_TRUE(m[5].ok()) << m[5].status();
  EXPECT_TRUE(m[5]->claimed);

  // The refusals changed nothing: "c" still replays its first answer.
  auto again = ClaimAndComplete({Key("c"), Key("b")}, "ignored", At(3));
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)[0].ok()) << (*again)[0].status();
  EXPECT_FALSE((*again)[0]->claimed);
  EXPECT_EQ((*again)[0]->stored_response, kBinaryAnswer);
  ASSERT_TRUE((*again)[1].ok()) << (*again)[1].status();
  EXPECT_EQ((*again)[1]->stored_response, "second answer");
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency"), 6);  // a c x b a@2 d
}

TEST_F(IdempotencyManyTest, KeysNeedingQuotesInAnArrayLiteralStayApart) {
  // Subjects come from tokens: nothing in them may break the text[] literal.
  const std::vector<RequestKey> keys = {Key("q-1", "NULL"), Key("q-1", "a,b"),
                                        Key("q-1", "{x}"),  Key("q-1", "say \"hi\""),
                                        Key("q-1", "back\\slash"), Key("q-1", "")};
  auto first = ClaimAndComplete(keys, kBinaryAnswer, At(0));
  ASSERT_TRUE(first.ok()) << first.status();
  for (const auto& claim : *first) {
    ASSERT_TRUE(claim.ok()) << claim.status();
    EXPECT_TRUE(claim->claimed);
  }
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE subject IN "
                  "('NULL', 'a,b', '{x}', 'say \"hi\"', 'back\\slash', '') "
                  "AND response IS NOT NULL"),
            6);
  auto replay = ClaimAndComplete(keys, "ignored", At(1));
  ASSERT_TRUE(replay.ok()) << replay.status();
  for (const auto& claim : *replay) {
    ASSERT_TRUE(claim.ok()) << claim.status();
    EXPECT_FALSE(claim->claimed);
    EXPECT_EQ(claim->stored_response, kBinaryAnswer);
  }
}

TEST_F(IdempotencyManyTest, AReleasedClaimCanBeTakenAgain) {
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   auto claims = tx.requests().ClaimRequests({Key("kept"), Key("refused")}, At(0));
                   if (!claims.ok()) return claims.status();
                   EXPECT_TRUE((*claims)[0]->claimed);
                   EXPECT_TRUE((*claims)[1]->claimed);
                   if (absl::Status s = tx.requests().ReleaseRequests({Key("refused")}); !s.ok()) return s;
                   return tx.requests().CompleteRequests({{Key("kept"), "kept answer", ""}});
                 }).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE request_id = 'refused'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE request_id = 'kept'"), 1);

  // Taken again, even with another body: the first use left nothing behind.
  auto again = ClaimAndComplete(
      {Key("refused", "verifier-1", std::string(64, 'e')), Key("kept")}, "new answer", At(1));
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE((*again)[0].ok()) << (*again)[0].status();
  EXPECT_TRUE((*again)[0]->claimed);
  ASSERT_TRUE((*again)[1].ok()) << (*again)[1].status();
  EXPECT_FALSE((*again)[1]->claimed);
  EXPECT_EQ((*again)[1]->stored_response, "kept answer");

  // Releasing a key nobody claimed, or none, is harmless.
  EXPECT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.requests().ReleaseRequests({Key("never")}); }).ok());
  EXPECT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.requests().ReleaseRequests({}); }).ok());
}

TEST_F(IdempotencyManyTest, CompletingAnUnclaimedKeyFailsTheWholeTransaction) {
  const absl::Status status = db_->InTransaction([&](Tx& tx) -> absl::Status {
    auto claims = tx.requests().ClaimRequests({Key("claimed")}, At(0));
    if (!claims.ok()) return claims.status();
    return tx.requests().CompleteRequests({{Key("claimed"), "answer", ""}, {Key("unclaimed"), "answer", ""}});
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  // Nothing of it committed: the claim is gone with the transaction.
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency"), 0);

  EXPECT_EQ(db_->InTransaction([&](Tx& tx) {
                 return tx.requests().ClaimRequests({Key("ok"), Key("")}, At(0)).status();
               }).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(IdempotencyManyTest, OverlappingClaimsInOppositeOrderWaitAndReplay) {
  const std::vector<RequestKey> first_keys = {Key("k1"), Key("k2")};
  const std::vector<RequestKey> second_keys = {Key("k3"), Key("k2"), Key("k1")};
  std::promise<void> first_claimed, second_waiting;
  std::future<absl::Status> first = std::async(std::launch::async, [&] {
    return db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto claims = tx.requests().ClaimRequests(first_keys, At(0));
      if (!claims.ok()) return claims.status();
      first_claimed.set_value();
      // Holds its claims until the second transaction is blocked on them.
      second_waiting.get_future().wait();
      return tx.requests().CompleteRequests({{Key("k1"), "one", ""}, {Key("k2"), "two", ""}});
    });
  });
  first_claimed.get_future().wait();
  std::future<absl::StatusOr<std::vector<absl::StatusOr<Claim>>>> second =
      std::async(std::launch::async, [&] { return ClaimAndComplete(second_keys, "three", At(1)); });
  // Polls the server (not a timed guess) until a session waits for a lock.
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (Count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
               "AND datname = current_database()") == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the second claim never waited";
    std::this_thread::sleep_for(5ms);
  }
  second_waiting.set_value();

  ASSERT_TRUE(first.get().ok());
  auto claims = second.get();
  ASSERT_TRUE(claims.ok()) << claims.status();
  ASSERT_EQ(claims->size(), 3u);
  ASSERT_TRUE((*claims)[0].ok()) << (*claims)[0].status();
  EXPECT_TRUE((*claims)[0]->claimed);
  ASSERT_TRUE((*claims)[1].ok()) << (*claims)[1].status();
  EXPECT_FALSE((*claims)[1]->claimed);
  EXPECT_EQ((*claims)[1]->stored_response, "two");
  ASSERT_TRUE((*claims)[2].ok()) << (*claims)[2].status();
  EXPECT_FALSE((*claims)[2]->claimed);
  EXPECT_EQ((*claims)[2]->stored_response, "one");
}

TEST_F(IdempotencyManyTest, AClaimWaitingForOneThatIsReleasedTakesItOver) {
  std::promise<void> first_claimed, second_waiting;
  std::future<absl::Status> first = std::async(std::launch::async, [&] {
    return db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto claims = tx.requests().ClaimRequests({Key("r1"), Key("r2")}, At(0));
      if (!claims.ok()) return claims.status();
      first_claimed.set_value();
      second_waiting.get_future().wait();
      // r1 was refused and given back; r2 went ahead.
      if (absl::Status s = tx.requests().ReleaseRequests({Key("r1")}); !s.ok()) return s;
      return tx.requests().CompleteRequests({{Key("r2"), "two", ""}});
    });
  });
  first_claimed.get_future().wait();
  auto second = std::async(std::launch::async, [&] {
    return ClaimAndComplete({Key("r2"), Key("r1")}, "mine", At(1));
  });
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (Count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
               "AND datname = current_database()") == 0) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the second claim never waited";
    std::this_thread::sleep_for(5ms);
  }
  second_waiting.set_value();
  ASSERT_TRUE(first.get().ok());
  auto claims = second.get();
  ASSERT_TRUE(claims.ok()) << claims.status();
  ASSERT_TRUE((*claims)[0].ok()) << (*claims)[0].status();
  EXPECT_FALSE((*claims)[0]->claimed);
  EXPECT_EQ((*claims)[0]->stored_response, "two");
  ASSERT_TRUE((*claims)[1].ok()) << (*claims)[1].status();
  EXPECT_TRUE((*claims)[1]->claimed);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE request_id = 'r1' "
                  "AND response = 'mine'::bytea"),
            1);
}

}  // namespace
}  // namespace usulan::storage
