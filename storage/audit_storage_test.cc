// The audit trail in PostgreSQL: the service's role may read and append but never
// change or remove rows; the trigger refuses even a superuser's UPDATE; rows that
// existed before migration 0004 are hashed by it; every row is hash-chained when
// written; and checkpoint coverage never skips a transaction that commits late.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "audit/digest.h"
#include "audit/transition_encoding.h"
#include "audit/verifier.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDatabase;
using testing::SqlErrorOf;
using workflow::Role;
using workflow::State;

using test_records::Creation;
using test_records::kDesa;
using test_records::NewId;

TimePoint At(int64_t seconds) { return test_records::At(seconds, 123457); }

ProposalRecord MakeProposal(int serial) {
  return test_records::MakeProposalRecord(NewId(), kDesa, At(serial),
                                          {test_records::SerialHead(serial)}, test_records::kKk);
}

workflow::Decision Submit() {
  workflow::Decision d = test_records::SubmitDecision();
  d.audit.reason = "lengkap \u2713";
  d.audit.evidence_hashes = {std::string(64, 'a')};
  d.audit.attributes = {{"z", "last"}, {"a", R"(q"uote\ {x,y})"}};
  return d;
}

constexpr char kDenied[] = "permission denied";
constexpr char kAppendOnly[] = "the audit trail is append-only";

class AuditStorageTest : public ::testing::Test {
 protected:
  void Open(const std::string& url) {
    auto db = Database::Open(
        {.url = url, .pool_size = 3, .acquire_timeout = 5s, .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  std::vector<StoredTransition> Stored(const std::string& id) {
    std::vector<StoredTransition> rows;
    absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto read = tx.audit_log().GetStoredTransitions({id});
      if (!read.ok()) return read.status();
      rows = *read;
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return rows;
  }

  std::vector<audit::Finding> VerifyChain(const std::string& id, int64_t version) {
    std::vector<audit::StoredRow> rows;
    for (const auto& row : Stored(id)) rows.push_back(row.row);
    return audit::VerifyProposalChain(id, rows, version);
  }

  // Passes the writers' barrier, then prepares and stores a checkpoint (with a
  // placeholder signature: storage does not sign); returns how many rows it covers.
  int64_t MakeCheckpoint(std::chrono::milliseconds wait = 30s) {
    int64_t barrier = -1;
    absl::Status passed = db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto last = tx.audit_log().CheckpointBarrier(wait);
      if (!last.ok()) return last.status();
      barrier = *last;
      return absl::OkStatus();
    });
    EXPECT_TRUE(passed.ok()) << passed;
    int64_t count = -1;
    absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto draft = tx.audit_log().PrepareCheckpoint(barrier);
      if (!draft.ok()) return draft.status();
      count = draft->coverage.count;
      if (count == 0) return absl::OkStatus();  // as the service does: no empty ones
      CheckpointRecord record;
      audit::CheckpointFields& f = record.checkpoint.fields;
      f.sequence = draft->previous ? draft->previous->checkpoint.fields.sequence + 1 : 1;
      f.first_log_index = draft->first_log_index;
      f.last_log_index = draft->last_log_index;
      f.transition_count = count;
      f.merkle_root = draft->coverage.merkle_root;
      f.previous_hash = std::string(audit::kZeroHash);
      f.key_id = std::string(64, 'e');
      record.checkpoint.signature = "unsigned";
      record.checkpoint.hash = audit::CheckpointHash(f);
      return tx.audit_log().InsertCheckpoint(record);
    });
    EXPECT_TRUE(s.ok()) << s;
    return count;
  }

  ScratchDatabase scratch_;
  std::unique_ptr<Database> db_;
};

TEST_F(AuditStorageTest, RowsAreHashChainedAsWritten) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.ServiceRoleUrl());
  ProposalRecord p = MakeProposal(1);
  ASSERT_TRUE(
      db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), "r1"); }).ok());
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.proposals().ApplyTransition(p.id, 1, Submit(), "r2", At(60), {});
                 })
                  .ok());
  const std::vector<StoredTransition> rows = Stored(p.id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].row.fields.prev_hash, audit::kZeroHash);
  EXPECT_EQ(rows[1].row.fields.prev_hash, rows[0].row.hash);
  EXPECT_EQ(rows[1].row.fields.reason, "lengkap \u2713");
  EXPECT_EQ(rows[1].row.fields.at_us, At(60).time_since_epoch().count());
  for (const auto& row : rows) EXPECT_EQ(audit::TransitionHash(row.row.fields), row.row.hash);
  EXPECT_LT(rows[0].log_index, rows[1].log_index);
  EXPECT_TRUE(VerifyChain(p.id, 2).empty());

  // A missing predecessor (tampering) refuses the next transition.
  scratch_.ExecAsSuperuser(
      "BEGIN; SET LOCAL session_replication_role = replica; "
      "DELETE FROM transitions WHERE sequence = 2 AND proposal_id = '" +
      p.id +
      "'; "
      "UPDATE proposals SET version = 2; COMMIT");
  workflow::Decision next = Submit();
  next.next_version = 3;
  absl::Status refused = db_->InTransaction(
      [&](Tx& tx) { return tx.proposals().ApplyTransition(p.id, 2, next, "r3", At(70), {}); });
  EXPECT_EQ(refused.code(), absl::StatusCode::kInternal);
}

TEST_F(AuditStorageTest, ServiceRoleCanOnlyReadAndAppend) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  const std::string service = scratch_.ServiceRoleUrl();
  Open(service);
  ProposalRecord p = MakeProposal(2);
  ASSERT_TRUE(
      db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), "r1"); }).ok());
  MakeCheckpoint();
  const std::string row = " WHERE proposal_id = '" + p.id + "'";
  EXPECT_EQ(SqlErrorOf(service, "SELECT count(*) FROM transitions"), "");
  EXPECT_EQ(SqlErrorOf(service, "SELECT count(*) FROM checkpoints"), "");
  for (const std::string& sql :
       {"UPDATE transitions SET reason = 'x'" + row, "DELETE FROM transitions" + row,
        std::string("TRUNCATE transitions CASCADE"),
        std::string("UPDATE checkpoints SET signature = 'x'"),
        std::string("DELETE FROM checkpoints"), std::string("TRUNCATE checkpoints"),
        std::string("DELETE FROM schema_migrations"),
        // Nor can it lift the protection.
        std::string("ALTER TABLE transitions DISABLE TRIGGER USER"),
        std::string("SET session_replication_role = replica")}) {
    EXPECT_THAT(SqlErrorOf(service, sql), ::testing::AnyOf(::testing::HasSubstr(kDenied),
                                                        ::testing::HasSubstr("must be owner")))
        << sql;
  }
  EXPECT_EQ(std::stoi(scratch_.QueryValueAsSuperuser("SELECT count(*) FROM transitions" + row)), 1);
}

TEST_F(AuditStorageTest, TriggerRefusesEvenTheSuperuser) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.url());
  ProposalRecord p = MakeProposal(3);
  ASSERT_TRUE(
      db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), "r1"); }).ok());
  MakeCheckpoint();
  for (const char* sql : {"UPDATE transitions SET reason = 'x'", "DELETE FROM transitions",
                          "TRUNCATE transitions CASCADE", "UPDATE checkpoints SET signature = 'x'",
                          "DELETE FROM checkpoints", "TRUNCATE checkpoints"}) {
    EXPECT_THAT(SqlErrorOf(scratch_.url(), sql), ::testing::HasSubstr(kAppendOnly)) << sql;
  }
  // Only inside a migration may the owner change rows.
  EXPECT_EQ(SqlErrorOf(scratch_.url(),
                    "BEGIN; SET LOCAL usulan.migrating = 'on'; "
                    "UPDATE transitions SET reason = reason; COMMIT"),
            "");
  EXPECT_EQ(std::stoi(scratch_.QueryValueAsSuperuser("SELECT count(*) FROM transitions")), 1);
}

// Rows written before 0004 existed are hashed by it, with the same encoding, and
// new rows continue their chains.
TEST_F(AuditStorageTest, MigrationHashesExistingRows) {
  scratch_.ExecAsSuperuser(
      "CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, "
      "applied_at timestamptz NOT NULL DEFAULT now())");
  for (const Migration& m : Migrations()) {
    if (m.version >= 4) break;
    scratch_.ExecAsSuperuser(std::string(m.sql));
    scratch_.ExecAsSuperuser("INSERT INTO schema_migrations (version, name) VALUES (" +
                             std::to_string(m.version) + ", '" + std::string(m.name) + "')");
  }
  const std::string a = NewId(), b = NewId();
  for (const std::string& id : {a, b}) {
    scratch_.ExecAsSuperuser(
        "INSERT INTO proposals (id, kind, state, version, province_code, kabupaten_code, "
        "kecamatan_code, desa_code, machine_version, created_by, created_at, state_since, "
        "updated_at) VALUES ('" +
        id +
        "', 'NEW', 'SUBMITTED', 2, '32', '3201', '320101', "
        "'3201012001', 1, 'op', now(), now(), now())");
    scratch_.ExecAsSuperuser(
        "INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, "
        "actor_id, role, region_code, reason, evidence_hashes, attributes, request_id, at, "
        "machine_version) VALUES "
        "('" +
        id +
        "', 1, NULL, 'DRAFT', 'create', 'op', 'village_operator', '3201012001', "
        "'', '{}', '{}', 'r1', '2024-03-01T00:00:00.123457Z', 1), "
        "('" +
        id +
        "', 2, 'DRAFT', 'SUBMITTED', 'submit', 'op', 'village_operator', "
        "'3201012001', 'lengkap \u2014 \u2713', '{" +
        std::string(64, 'a') + "," + std::string(64, 'b') +
        "}', jsonb_object('{z,a,\u00e9}', '{1,\"q\\\"uote\",3}'), "
        "'r2', '2024-03-01T00:01:00.000001Z', 1)");
  }
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.ServiceRoleUrl());
  for (const std::string& id : {a, b}) {
    const std::vector<StoredTransition> rows = Stored(id);
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[1].row.fields.attributes.size(), 3u);
    for (const auto& row : rows) {
      EXPECT_EQ(audit::TransitionHash(row.row.fields), row.row.hash) << row.row.fields.sequence;
    }
    EXPECT_TRUE(VerifyChain(id, 2).empty());
  }
  // Log order follows time; the next row continues after them.
  EXPECT_EQ(scratch_.QueryValueAsSuperuser("SELECT string_agg(sequence::text, ',' ORDER BY "
                                           "log_index) FROM transitions"),
            "1,1,2,2");
  workflow::Decision next = Submit();
  next.next_state = State::kPrelist;
  next.next_version = 3;
  next.audit.from = State::kSubmitted;
  next.audit.to = State::kPrelist;
  next.audit.event = "nik_checked";
  ASSERT_TRUE(
      db_->InTransaction([&](Tx& tx) { return tx.proposals().ApplyTransition(a, 2, next, "r3", At(600), {}); })
          .ok());
  EXPECT_TRUE(VerifyChain(a, 3).empty());
  EXPECT_EQ(Stored(a)[2].log_index, 5);
}

// A transaction that drew its log_index before others but commits after them is
// waited for by the next checkpoint, never skipped; transitions of different
// proposals do not wait for each other meanwhile.
TEST_F(AuditStorageTest, CheckpointsNeverSkipALateCommit) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.ServiceRoleUrl());
  ProposalRecord first = MakeProposal(10);
  ASSERT_TRUE(
      db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(first, Creation(first), "r1"); })
          .ok());
  EXPECT_EQ(MakeCheckpoint(), 1);

  std::promise<void> inserted, release;
  std::future<void> release_future = release.get_future();
  ProposalRecord slow = MakeProposal(11);
  std::thread late([&] {
    absl::Status s = db_->InTransaction([&](Tx& tx) {
      absl::Status status = tx.proposals().InsertProposal(slow, Creation(slow), "r2");
      inserted.set_value();
      release_future.wait();
      return status;
    });
    EXPECT_TRUE(s.ok()) << s;
  });
  inserted.get_future().wait();
  // Committed while the slow one is open: a larger log_index, an earlier commit.
  ProposalRecord quick = MakeProposal(12);
  absl::Status quick_status =
      db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(quick, Creation(quick), "r3"); });
  EXPECT_TRUE(quick_status.ok()) << quick_status;

  // A barrier that may not wait gives up rather than skip the open row.
  absl::Status busy =
      db_->InTransaction([&](Tx& tx) { return tx.audit_log().CheckpointBarrier(200ms).status(); });
  EXPECT_EQ(busy.code(), absl::StatusCode::kUnavailable) << busy;

  // One that may wait does so until the slow writer ends, then covers both.
  std::atomic<int64_t> covered{-1};
  std::thread checkpoint([&] { covered = MakeCheckpoint(); });
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(covered.load(), -1) << "the checkpoint did not wait for the open writer";
  release.set_value();
  late.join();
  checkpoint.join();
  EXPECT_EQ(covered.load(), 2);
  // The slow row drew its log_index first and committed last.
  EXPECT_LT(Stored(slow.id)[0].log_index, Stored(quick.id)[0].log_index);
  EXPECT_EQ(MakeCheckpoint(), 0);
  EXPECT_EQ(scratch_.QueryValueAsSuperuser("SELECT sum(transition_count) FROM checkpoints"), "3");
  EXPECT_EQ(Stored(first.id)[0].checkpoint, 1);
  EXPECT_EQ(Stored(slow.id)[0].checkpoint, 2);
  EXPECT_EQ(Stored(quick.id)[0].checkpoint, 2);
}

// A step of the made-up chain DRAFT -> SUBMITTED -> PRELIST -> PRELIST (a self-loop).
workflow::Decision Step(State from, State to, int64_t next_version) {
  workflow::Decision d = Submit();
  d.next_state = to;
  d.next_version = next_version;
  d.audit.from = from;
  d.audit.to = to;
  return d;
}

PlannedTransition Planned(const ProposalRecord& p, State from, State to, int64_t current,
                          int64_t seconds) {
  return {.proposal_id = p.id,
          .current_version = current,
          .decision = Step(from, to, current + 1),
          .request_id = "bulk-" + std::to_string(seconds),
          .at = At(seconds),
          .nik_mismatch_members = {}};
}

TEST_F(AuditStorageTest, ApplyTransitionsWritesManyProposalsAndChainsStepsOfOne) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.ServiceRoleUrl());
  std::vector<ProposalRecord> ps = {MakeProposal(11), MakeProposal(12), MakeProposal(13)};
  for (const auto& p : ps) {
    ASSERT_TRUE(
        db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), "c"); }).ok());
  }
  // Two steps of the first proposal, then a self-loop of it; one step of the others.
  std::vector<PlannedTransition> planned = {
      Planned(ps[0], State::kDraft, State::kSubmitted, 1, 100),
      Planned(ps[1], State::kDraft, State::kSubmitted, 1, 100),
      Planned(ps[0], State::kSubmitted, State::kPrelist, 2, 100),
      Planned(ps[2], State::kDraft, State::kDraft, 1, 100),
  };
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.proposals().ApplyTransitions(planned); }).ok());

  std::vector<ProposalRecord> read;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   auto locked = tx.proposals().LockProposals(
                       {ps[2].id, ps[0].id, "not-a-uuid", NewId(), ps[1].id}, true);
                   if (!locked.ok()) return locked.status();
                   read = *locked;
                   return absl::OkStatus();
                 })
                  .ok());
  ASSERT_EQ(read.size(), 3u);  // unknown ids are absent
  EXPECT_TRUE(std::is_sorted(read.begin(), read.end(),
                             [](const auto& a, const auto& b) { return a.id < b.id; }));
  for (const ProposalRecord& p : read) {
    ASSERT_EQ(p.household.members.size(), 1u);
    if (p.id == ps[0].id) {
      EXPECT_EQ(p.state, State::kPrelist);
      EXPECT_EQ(p.version, 3);
      EXPECT_EQ(p.state_since, At(100));
    } else if (p.id == ps[1].id) {
      EXPECT_EQ(p.state, State::kSubmitted);
      EXPECT_EQ(p.version, 2);
    } else {
      EXPECT_EQ(p.state, State::kDraft);
      EXPECT_EQ(p.version, 2);
      EXPECT_EQ(p.state_since, ps[2].created_at);  // a self-loop keeps it
    }
  }
  EXPECT_TRUE(VerifyChain(ps[0].id, 3).empty());
  EXPECT_TRUE(VerifyChain(ps[1].id, 2).empty());
  EXPECT_TRUE(VerifyChain(ps[2].id, 2).empty());
  const auto rows = Stored(ps[0].id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].row.fields.prev_hash, rows[1].row.hash);
  EXPECT_LT(rows[1].log_index, rows[2].log_index);
}

TEST_F(AuditStorageTest, ApplyTransitionsRefusesStaleOrGappedStepsAndWritesNothing) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.ServiceRoleUrl());
  ProposalRecord a = MakeProposal(21), b = MakeProposal(22);
  for (const auto* p : {&a, &b}) {
    ASSERT_TRUE(
        db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(*p, Creation(*p), "c"); })
            .ok());
  }
  // b is not at version 2: the whole unit fails and a's update is rolled back.
  absl::Status stale = db_->InTransaction([&](Tx& tx) {
    return tx.proposals().ApplyTransitions({Planned(a, State::kDraft, State::kSubmitted, 1, 5),
                                Planned(b, State::kSubmitted, State::kPrelist, 2, 5)});
  });
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted) << stale;
  EXPECT_THAT(std::string(stale.message()), ::testing::HasSubstr(b.id));
  EXPECT_EQ(Stored(a.id).size(), 1u);

  // Steps of one proposal must follow each other.
  absl::Status gap = db_->InTransaction([&](Tx& tx) {
    return tx.proposals().ApplyTransitions({Planned(a, State::kDraft, State::kSubmitted, 1, 5),
                                Planned(a, State::kSubmitted, State::kPrelist, 3, 5)});
  });
  EXPECT_EQ(gap.code(), absl::StatusCode::kInternal) << gap;

  // Nothing updated: the refusal leaves the transaction usable.
  absl::Status usable = db_->InTransaction([&](Tx& tx) -> absl::Status {
    absl::Status refused =
        tx.proposals().ApplyTransitions({Planned(b, State::kSubmitted, State::kPrelist, 2, 5)});
    EXPECT_EQ(refused.code(), absl::StatusCode::kAborted);
    return tx.proposals().ApplyTransitions({Planned(b, State::kDraft, State::kSubmitted, 1, 6)});
  });
  EXPECT_TRUE(usable.ok()) << usable;
  EXPECT_TRUE(VerifyChain(b.id, 2).empty());
}

// proposals.audit_head (0007) is the hash of the proposal's latest audit row,
// whether the writer chained from the head its lock read (a, twice in one
// transaction) or from the audit trail (b, never locked); and a head changed
// behind the service's back makes the next row fail verification.
TEST_F(AuditStorageTest, ChainHeadOnTheProposalFollowsTheAuditTrail) {
  ASSERT_TRUE(Migrate(scratch_.url()).ok());
  Open(scratch_.ServiceRoleUrl());
  ProposalRecord a = MakeProposal(31), b = MakeProposal(32);
  for (const auto* p : {&a, &b}) {
    ASSERT_TRUE(
        db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(*p, Creation(*p), "c"); })
            .ok());
  }
  auto head_is_latest_hash = [&](const ProposalRecord& p) {
    return scratch_.QueryValueAsSuperuser(
        "SELECT count(*) FROM proposals p JOIN transitions t ON t.proposal_id = p.id "
        "AND t.sequence = p.version AND t.hash = p.audit_head WHERE p.id = '" + p.id + "'");
  };
  EXPECT_EQ(head_is_latest_hash(a), "1");

  absl::Status written = db_->InTransaction([&](Tx& tx) -> absl::Status {
    auto locked = tx.proposals().LockProposals({a.id}, /*with_members=*/false);
    if (!locked.ok()) return locked.status();
    absl::Status s = tx.proposals().ApplyTransitions({Planned(a, State::kDraft, State::kSubmitted, 1, 40),
                                          Planned(b, State::kDraft, State::kSubmitted, 1, 40)});
    if (!s.ok()) return s;
    return tx.proposals().ApplyTransitions({Planned(a, State::kSubmitted, State::kPrelist, 2, 41)});
  });
  ASSERT_TRUE(written.ok()) << written;
  EXPECT_EQ(head_is_latest_hash(a), "1");
  EXPECT_EQ(head_is_latest_hash(b), "1");
  EXPECT_TRUE(VerifyChain(a.id, 3).empty());
  EXPECT_TRUE(VerifyChain(b.id, 2).empty());

  // Only with triggers off: 0008 refuses a head that moves without the version.
  scratch_.ExecAsSuperuser(
      "BEGIN; SET LOCAL session_replication_role = replica; "
      "UPDATE proposals SET audit_head = repeat('a', 64) WHERE id = '" + b.id + "'; COMMIT");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   auto locked = tx.proposals().LockProposal(b.id);
                   if (!locked.ok()) return locked.status();
                   return tx.proposals().ApplyTransitions(
                       {Planned(b, State::kSubmitted, State::kPrelist, 2, 42)});
                 })
                  .ok());
  EXPECT_FALSE(VerifyChain(b.id, 3).empty());
}

}  // namespace
}  // namespace usulan::storage
