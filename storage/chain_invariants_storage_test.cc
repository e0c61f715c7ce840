// The invariants the audit chain rests on, enforced by PostgreSQL
// (0008_chain_invariants.sql): proposals.audit_head changes if and only if
// proposals.version does, and at commit a proposal's last audit row is at its
// version and carries its head. Each is broken with raw SQL as the service's
// database role (the rights usulan-server has) and as the owner, and the
// database must refuse; the controls show the same statements pass when they
// keep the invariants, so the refusals are the invariants' and nothing else's.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "audit/digest.h"
#include "storage/database.h"
#include "storage/errors.h"
#include "storage/migrations.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using ::testing::HasSubstr;
using testing::ScratchDatabase;
using testing::SqlErrorOf;
using workflow::Role;
using workflow::State;

using test_records::At;
using test_records::Creation;
using test_records::kDesa;

constexpr char kHeadRefused[] = "audit_head and version must change together";
constexpr char kEndRefused[] = "is not its version";

ProposalRecord MakeProposal(const std::string& id, int serial) {
  return test_records::MakeProposalRecord(id, kDesa, At(serial), {test_records::SerialHead(serial)});
}

class ChainInvariantsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Migrate(scratch_.url()).ok());
    service_ = scratch_.ServiceRoleUrl();
    auto db = Database::Open({.url = service_, .pool_size = 2, .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  // A proposal created by the service: version 1, one audit row, its hash the head.
  void Create(const std::string& id, int serial) {
    ProposalRecord p = MakeProposal(id, serial);
    absl::Status s =
        db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), "c"); });
    ASSERT_TRUE(s.ok()) << s;
  }

  std::string Value(const std::string& sql) { return scratch_.QueryValueAsSuperuser(sql); }

  // An audit row for `id` at `sequence`, chained to its current head, with `hash`.
  static std::string InsertRow(const std::string& id, int sequence, const std::string& hash) {
    return "INSERT INTO transitions (proposal_id, sequence, from_state, to_state, event, "
           "actor_id, role, region_code, at, machine_version, prev_hash, hash) "
           "SELECT id, " + std::to_string(sequence) +
           ", 'DRAFT', 'DRAFT', 'update_draft', 'operator-1', 'village_operator', '" + kDesa +
           "', now(), 1, audit_head, '" + hash + "' FROM proposals WHERE id = '" + id + "'";
  }

  static std::string Where(const std::string& id) { return " WHERE id = '" + id + "'"; }

  ScratchDatabase scratch_;
  std::string service_;
  std::unique_ptr<Database> db_;
};

const std::string kA = "5a5e0000-0000-4000-8000-000000000001";
const std::string kB = "5a5e0000-0000-4000-8000-000000000002";
const std::string kHash1(64, '1');
const std::string kHash2(64, '2');

TEST_F(ChainInvariantsTest, HeadChangesIfAndOnlyIfVersionChanges) {
  Create(kA, 1);
  const std::string head = Value("SELECT audit_head FROM proposals" + Where(kA));
  for (const std::string& url : {service_, scratch_.url()}) {
    SCOPED_TRACE(url == service_ ? "service role" : "owner");
    // The head rewritten under the same version.
    EXPECT_THAT(SqlErrorOf(url, "UPDATE proposals SET audit_head = '" + kHash1 + "'" + Where(kA)),
                HasSubstr(kHeadRefused));
    // The version moved with the old head.
    EXPECT_THAT(SqlErrorOf(url, "UPDATE proposals SET version = version + 1" + Where(kA)),
                HasSubstr(kHeadRefused));
    // Control: an update that changes neither (as erasure and a draft's reason do).
    EXPECT_EQ(SqlErrorOf(url, "UPDATE proposals SET reason = 'x', personal_data_erased_at = now()" +
                               Where(kA)),
              "");
    // Control: both together (with the row that goes with them) pass.
    EXPECT_EQ(SqlErrorOf(url, "BEGIN; " + InsertRow(kA, 2, kHash1) +
                               "; UPDATE proposals SET version = 2, audit_head = '" + kHash1 +
                               "'" + Where(kA) + "; ROLLBACK"),
              "");
  }
  EXPECT_EQ(Value("SELECT version || ' ' || audit_head FROM proposals" + Where(kA)),
            "1 " + head);
}

TEST_F(ChainInvariantsTest, LastAuditRowIsTheVersionAtCommit) {
  Create(kA, 1);
  for (const std::string& url : {service_, scratch_.url()}) {
    SCOPED_TRACE(url == service_ ? "service role" : "owner");
    // A version (and head) moved without its audit row.
    EXPECT_THAT(SqlErrorOf(url, "BEGIN; UPDATE proposals SET version = 2, audit_head = '" + kHash1 +
                                 "'" + Where(kA) + "; COMMIT"),
                HasSubstr(kEndRefused));
    // An audit row appended without moving the version.
    EXPECT_THAT(SqlErrorOf(url, InsertRow(kA, 2, kHash1)), HasSubstr(kEndRefused));
    // Both moved, but the head is not the new row's hash.
    EXPECT_THAT(SqlErrorOf(url, "BEGIN; UPDATE proposals SET version = 2, audit_head = '" + kHash2 +
                                 "'" + Where(kA) + "; " + InsertRow(kA, 2, kHash1) + "; COMMIT"),
                HasSubstr(kEndRefused));
    // Two versions moved with one row.
    EXPECT_THAT(SqlErrorOf(url, "BEGIN; " + InsertRow(kA, 2, kHash1) +
                                 "; UPDATE proposals SET version = 3, audit_head = '" + kHash1 +
                                 "'" + Where(kA) + "; COMMIT"),
                HasSubstr(kEndRefused));
  }
  // A proposal without its creation row.
  EXPECT_THAT(SqlErrorOf(service_,
                      "INSERT INTO proposals (id, kind, state, version, province_code, "
                      "kabupaten_code, kecamatan_code, desa_code, machine_version, created_by, "
                      "created_at, state_since, updated_at, audit_head) VALUES ('" + kB +
                          "', 'NEW', 'DRAFT', 1, '32', '3201', '320101', '" + kDesa +
                          "', 1, 'x', now(), now(), now(), '" + kHash1 + "')"),
              HasSubstr(kEndRefused));
  EXPECT_EQ(Value("SELECT count(*) FROM proposals" + Where(kB)), "0");
  EXPECT_EQ(Value("SELECT count(*) FROM transitions WHERE proposal_id = '" + kA + "'"), "1");

  // Controls: version, head and row together commit, in either order - the
  // check waits for the commit, so the order of the statements is free.
  EXPECT_EQ(SqlErrorOf(service_, "BEGIN; UPDATE proposals SET version = 2, audit_head = '" + kHash1 +
                                  "'" + Where(kA) + "; " + InsertRow(kA, 2, kHash1) + "; COMMIT"),
            "");
  // (InsertRow chains to the current head, which the UPDATE above has moved.)
  EXPECT_EQ(SqlErrorOf(service_, "BEGIN; " + InsertRow(kA, 3, kHash2) +
                                  "; UPDATE proposals SET version = 3, audit_head = '" + kHash2 +
                                  "'" + Where(kA) + "; COMMIT"),
            "");
  EXPECT_EQ(Value("SELECT version FROM proposals" + Where(kA)), "3");
}

// The queue of pending checks is not the service's to empty: were it, a
// transaction could delete its own entries before the commit-time check.
TEST_F(ChainInvariantsTest, ServiceRoleCannotTouchThePendingChecks) {
  Create(kA, 1);
  for (const std::string& sql :
       {std::string("DELETE FROM audit_chain_pending"),
        std::string("SELECT count(*) FROM audit_chain_pending"),
        "BEGIN; UPDATE proposals SET version = 2, audit_head = '" + kHash1 + "'" + Where(kA) +
            "; DELETE FROM audit_chain_pending; COMMIT"}) {
    EXPECT_THAT(SqlErrorOf(service_, sql), HasSubstr("permission denied")) << sql;
  }
  EXPECT_EQ(Value("SELECT version FROM proposals" + Where(kA)), "1");
}

// Savepoints: a statement rolled back to a savepoint takes its pending check
// with it (the import writes a household per savepoint); the rest is checked.
TEST_F(ChainInvariantsTest, ARolledBackSavepointLeavesNothingToCheck) {
  Create(kA, 1);
  Create(kB, 2);
  EXPECT_EQ(SqlErrorOf(service_, "BEGIN; SAVEPOINT s; UPDATE proposals SET version = 2, "
                              "audit_head = '" + kHash1 + "'" + Where(kA) +
                                  "; ROLLBACK TO SAVEPOINT s; UPDATE proposals SET version = 2, "
                                  "audit_head = '" + kHash1 + "'" + Where(kB) + "; " +
                                  InsertRow(kB, 2, kHash1) + "; COMMIT"),
            "");
  // A released savepoint keeps its statements, and so their check.
  EXPECT_THAT(SqlErrorOf(service_, "BEGIN; SAVEPOINT s; UPDATE proposals SET version = 3, "
                                "audit_head = '" + kHash2 + "'" + Where(kB) +
                                    "; RELEASE SAVEPOINT s; COMMIT"),
              HasSubstr(kEndRefused));
}

// What a violation looks like to the service: INTERNAL, nothing of the
// database's message, whether it is raised by a statement or at commit.
TEST_F(ChainInvariantsTest, AViolationIsAServerFault) {
  for (const char* state : {"UA001", "UA002"}) {
    const pqxx::sql_error error("ERROR:  proposal x: its last audit row is not its version",
                                "COMMIT", state);
    const absl::Status status = StatusFromException(error, "transaction");
    EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << state;
    EXPECT_EQ(status.message(), "database error");
  }
  // And one through a unit of work that the service's code would run.
  Create(kA, 1);
  const workflow::Decision d = test_records::SubmitDecision();
  const absl::Status written = db_->InTransaction([&](Tx& tx) -> absl::Status {
    auto p = tx.proposals().LockProposal(kA);
    if (!p.ok()) return p.status();
    return tx.proposals().ApplyTransition(kA, 1, d, "r2", At(60), {});
  });
  EXPECT_TRUE(written.ok()) << written;
  EXPECT_EQ(Value("SELECT count(*) FROM proposals p JOIN transitions t ON t.proposal_id = p.id "
                  "AND t.sequence = p.version AND t.hash = p.audit_head WHERE p.id = '" + kA + "'"),
            "1");
}

}  // namespace
}  // namespace usulan::storage
