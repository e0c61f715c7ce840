// Storage against a real PostgreSQL: every test gets a database of its own on the
// cluster that the ctest `postgres` fixture started (tests/support).
#include <gtest/gtest.h>
#include <pqxx/pqxx>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "storage/database.h"
#include "storage/errors.h"
#include "storage/migrations.h"
#include "storage/records.h"
#include "storage/storage_test_records.h"
#include "storage/table_population_registry.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDatabase;
using workflow::AgendaOutcome;
using workflow::DeliberationStatus;
using workflow::Kind;
using workflow::NikStatus;
using workflow::Role;
using workflow::State;

using test_records::Creation;
using test_records::kDesa;                   // kabupaten 3201, kecamatan 320101
using test_records::kKk;
using test_records::NewId;
using test_records::Nik;                     // a 16-digit NIK-shaped number, distinct per serial
const std::string kTestNikKey(32, 'n');      // the NIK keyed hash's secret
constexpr char kOtherDesa[] = "3201022002";  // kabupaten 3201, kecamatan 320102
constexpr char kFarDesa[] = "3301012003";    // province 33

// 2024-03-01T00:00:00.123457Z: odd microseconds exercise the precision.
TimePoint At(int64_t seconds_after_t0, int64_t micros = 123457) {
  return test_records::At(seconds_after_t0, micros);
}

workflow::Member Person(const std::string& nik, const std::string& name,
                        workflow::Relationship relationship = workflow::Relationship::kChild) {
  return {.nik = nik,
          .name = name,
          .relationship = relationship,
          .sex = workflow::Sex::kFemale,
          .birth_date = "1990-01-15",
          .occupation = "petani"};
}

ProposalRecord MakeProposal(const std::vector<std::string>& niks, const std::string& desa = kDesa,
                            TimePoint created_at = At(0), Kind kind = Kind::kNew) {
  ProposalRecord p = test_records::MakeProposalRecord(
      NewId(), desa, created_at, test_records::MembersOf(niks, "Anggota", Person("", "")), kKk);
  p.kind = kind;
  p.reason = "keluarga miskin";
  p.household.address = "Jl. Melati 1, RT 01/RW 02";
  p.household.socio_economic.floor_area_m2 = 24;
  p.household.socio_economic.floor_type = "tanah";
  p.household.socio_economic.wall_type = "bambu";
  p.household.socio_economic.roof_type = "seng";
  p.household.socio_economic.drinking_water_source = "sumur";
  p.household.socio_economic.lighting_source = "PLN 450VA";
  p.household.socio_economic.cooking_fuel = "kayu";
  p.household.socio_economic.toilet_facility = "bersama";
  p.household.socio_economic.monthly_expenditure_idr = 1'250'000;
  p.household.socio_economic.monthly_income_idr = 900'000;
  return p;
}

workflow::Decision MakeDecision(State from, State to, int64_t next_version,
                                const std::string& event) {
  workflow::Decision d;
  d.next_state = to;
  d.next_version = next_version;
  d.audit.from = from;
  d.audit.to = to;
  d.audit.event = event;
  d.audit.actor_id = "operator-1";
  d.audit.role = Role::kVillageOperator;
  d.audit.region = kDesa;
  return d;
}

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<int> applied = Migrate(scratch_.url());
    ASSERT_TRUE(applied.ok()) << applied.status();
    absl::StatusOr<std::unique_ptr<Database>> db =
        Database::Open({.url = scratch_.url(),
                        .pool_size = 4,
                        .acquire_timeout = 5s,
                        .nik_key = kTestNikKey});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  absl::Status Insert(const ProposalRecord& p, const std::string& request_id = "") {
    return db_->InTransaction(
        [&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), request_id); });
  }

  absl::StatusOr<ProposalRecord> Get(const std::string& id) {
    absl::StatusOr<ProposalRecord> out = absl::InternalError("unset");
    absl::Status s = db_->InTransaction([&](Tx& tx) {
      out = tx.proposals().GetProposal(id);
      return absl::OkStatus();
    });
    if (!s.ok()) return s;
    return out;
  }

  absl::Status Apply(const std::string& id, int64_t current, const workflow::Decision& d,
                     TimePoint at, const std::vector<int>& mismatches = {}) {
    return db_->InTransaction([&](Tx& tx) {
      return tx.proposals().ApplyTransition(id, current, d, "req-" + NewId(), at, mismatches);
    });
  }

  absl::StatusOr<std::vector<TransitionRecord>> History(const std::string& id) {
    absl::StatusOr<std::vector<TransitionRecord>> out = absl::InternalError("unset");
    absl::Status s = db_->InTransaction([&](Tx& tx) {
      out = tx.proposals().GetHistory(id);
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  int Count(const std::string& sql) { return std::stoi(scratch_.QueryValueAsSuperuser(sql)); }

  ScratchDatabase scratch_;  // declared first: outlives the pool's connections
  std::unique_ptr<Database> db_;
};

// --- migrations -------------------------------------------------------------

TEST(MigrateTest, AppliesEverythingOnceAndIsIdempotent) {
  ScratchDatabase scratch;
  absl::StatusOr<int> first = Migrate(scratch.url());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, static_cast<int>(Migrations().size()));
  absl::StatusOr<int> second = Migrate(scratch.url());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(scratch.QueryValueAsSuperuser("SELECT count(*) FROM schema_migrations"),
            std::to_string(Migrations().size()));
  EXPECT_EQ(scratch.QueryValueAsSuperuser("SELECT name FROM schema_migrations WHERE version = 1"),
            "init");
}

TEST(MigrateTest, ConcurrentCallsMigrateOnce) {
  ScratchDatabase scratch;
  auto run = [&] { return Migrate(scratch.url()); };
  std::future<absl::StatusOr<int>> a = std::async(std::launch::async, run);
  std::future<absl::StatusOr<int>> b = std::async(std::launch::async, run);
  absl::StatusOr<int> ra = a.get(), rb = b.get();
  ASSERT_TRUE(ra.ok()) << ra.status();
  ASSERT_TRUE(rb.ok()) << rb.status();
  EXPECT_EQ(*ra + *rb, static_cast<int>(Migrations().size()));
  EXPECT_EQ(scratch.QueryValueAsSuperuser("SELECT count(*) FROM schema_migrations"),
            std::to_string(Migrations().size()));
}

TEST(MigrateTest, WaitsWhileAnotherMigratorHoldsTheLock) {
  ScratchDatabase scratch;
  const std::string key = std::to_string(kMigrationLockKey);
  pqxx::connection holder(scratch.url());
  pqxx::nontransaction(holder).exec("SELECT pg_advisory_lock(" + key + ")");
  std::future<absl::StatusOr<int>> pending =
      std::async(std::launch::async, [&] { return Migrate(scratch.url()); });
  // Without the lock the migration would be done well within this time.
  EXPECT_EQ(pending.wait_for(std::chrono::milliseconds(700)), std::future_status::timeout);
  EXPECT_EQ(scratch.QueryValueAsSuperuser("SELECT to_regclass('proposals') IS NULL"), "t");
  pqxx::nontransaction(holder).exec("SELECT pg_advisory_unlock(" + key + ")");
  absl::StatusOr<int> applied = pending.get();
  ASSERT_TRUE(applied.ok()) << applied.status();
  EXPECT_EQ(*applied, static_cast<int>(Migrations().size()));
}

TEST(MigrateTest, MigrationsAreNumberedInOrder) {
  int previous = 0;
  for (const Migration& m : Migrations()) {
    EXPECT_GT(m.version, previous);
    EXPECT_FALSE(m.sql.empty());
    previous = m.version;
  }
  EXPECT_EQ(Migrations().front().version, 1);
}

TEST(MigrateTest, UnreachableDatabaseIsUnavailable) {
  absl::StatusOr<int> r = Migrate("host=/nonexistent-usulan-socket-dir dbname=x");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable) << r.status();
}

TEST(DatabaseOpenTest, UnmigratedSchemaIsFailedPrecondition) {
  ScratchDatabase scratch;
  auto db = Database::Open({.url = scratch.url(), .pool_size = 1});
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition) << db.status();
}

TEST(DatabaseOpenTest, UnreachableServerIsUnavailable) {
  auto db = Database::Open({.url = "host=/nonexistent-usulan-socket-dir dbname=x", .pool_size = 1});
  EXPECT_EQ(db.status().code(), absl::StatusCode::kUnavailable) << db.status();
}

// --- proposals ----------------------------------------------------------------

TEST_F(StorageTest, InsertAndGetRoundTrip) {
  ProposalRecord p = MakeProposal({Nik(1), Nik(2), Nik(3)});
  // Text that must survive array-literal quoting unchanged.
  p.household.members[1].name = R"(Siti "Nur" \Aini, {x})";
  p.household.members[2].birth_date = "";
  p.household.members[2].has_disability = true;
  p.household.members[2].sex = workflow::Sex::kMale;
  p.deactivation_reason = workflow::DeactivationReason::kMoved;
  ASSERT_TRUE(Insert(p, "req-1").ok());

  absl::StatusOr<ProposalRecord> got = Get(p.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->id, p.id);
  EXPECT_EQ(got->kind, Kind::kNew);
  EXPECT_EQ(got->state, State::kDraft);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->region.province_code, "32");
  EXPECT_EQ(got->region.kabupaten_code, "3201");
  EXPECT_EQ(got->region.kecamatan_code, "320101");
  EXPECT_EQ(got->region.desa_code, kDesa);
  EXPECT_EQ(got->machine_version, workflow::kMachineVersion);
  EXPECT_EQ(got->reason, p.reason);
  EXPECT_EQ(got->deactivation_reason, workflow::DeactivationReason::kMoved);
  EXPECT_EQ(got->created_by, "operator-1");
  EXPECT_EQ(got->created_at, p.created_at);
  EXPECT_EQ(got->state_since, p.created_at);
  EXPECT_TRUE(got->nik_mismatch_members.empty());

  const workflow::Household& h = got->household;
  EXPECT_EQ(h.kk_number, kKk);
  EXPECT_EQ(h.address, p.household.address);
  EXPECT_EQ(h.socio_economic.floor_area_m2, 24);
  EXPECT_EQ(h.socio_economic.floor_type, "tanah");
  EXPECT_EQ(h.socio_economic.wall_type, "bambu");
  EXPECT_EQ(h.socio_economic.roof_type, "seng");
  EXPECT_EQ(h.socio_economic.drinking_water_source, "sumur");
  EXPECT_EQ(h.socio_economic.lighting_source, "PLN 450VA");
  EXPECT_EQ(h.socio_economic.cooking_fuel, "kayu");
  EXPECT_EQ(h.socio_economic.toilet_facility, "bersama");
  EXPECT_EQ(h.socio_economic.monthly_expenditure_idr, 1'250'000);
  EXPECT_EQ(h.socio_economic.monthly_income_idr, 900'000);
  ASSERT_EQ(h.members.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const workflow::Member& want = p.household.members[i];
    const workflow::Member& have = h.members[i];
    EXPECT_EQ(have.nik, want.nik) << i;
    EXPECT_EQ(have.name, want.name) << i;
    EXPECT_EQ(have.relationship, want.relationship) << i;
    EXPECT_EQ(have.sex, want.sex) << i;
    EXPECT_EQ(have.birth_date, want.birth_date) << i;
    EXPECT_EQ(have.occupation, want.occupation) << i;
    EXPECT_EQ(have.has_disability, want.has_disability) << i;
  }

  // The locking read sees the same.
  absl::StatusOr<ProposalRecord> locked = absl::InternalError("unset");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   locked = tx.proposals().LockProposal(p.id);
                   return locked.status();
                 }).ok());
  EXPECT_EQ(locked->household.members.size(), 3u);
  EXPECT_EQ(locked->version, 1);

  EXPECT_EQ(Count("SELECT count(*) FROM nik_claims"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM members"), 3);
}

TEST_F(StorageTest, UnknownAndMalformedIdsAreNotFound) {
  const std::string unknown = NewId();
  absl::StatusOr<ProposalRecord> got = Get(unknown);
  EXPECT_EQ(got.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(got.status().message(), "proposal " + unknown + " not found");

  // A malformed id never reaches PostgreSQL, so the transaction stays usable.
  absl::Status unit = db_->InTransaction([&](Tx& tx) {
    EXPECT_EQ(tx.proposals().GetProposal("not-a-uuid").status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(tx.proposals().LockProposal("12345").status().code(), absl::StatusCode::kNotFound);
    EXPECT_EQ(tx.proposals().GetProposal(unknown).status().code(), absl::StatusCode::kNotFound);
    absl::StatusOr<std::vector<TransitionRecord>> history = tx.proposals().GetHistory("nope");
    EXPECT_TRUE(history.ok() && history->empty());
    return tx.proposals().InsertProposal(MakeProposal({Nik(9)}), Creation(MakeProposal({Nik(9)})), "");
  });
  EXPECT_TRUE(unit.ok()) << unit;
}

TEST_F(StorageTest, NikClaimConflictNamesMemberAndWritesNothing) {
  ProposalRecord a = MakeProposal({Nik(1), Nik(2)});
  ASSERT_TRUE(Insert(a).ok());

  ProposalRecord b = MakeProposal({Nik(3), Nik(2)});
  absl::Status s = Insert(b);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(s.message(), "household.members[1].nik is already in another open proposal");
  EXPECT_EQ(std::string(s.message()).find(Nik(2)), std::string::npos);

  EXPECT_EQ(Get(b.id).status().code(), absl::StatusCode::kNotFound);
  const std::string where = " WHERE proposal_id = '" + b.id + "'";
  EXPECT_EQ(Count("SELECT count(*) FROM households" + where), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM members" + where), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM nik_claims" + where), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM transitions" + where), 0);
  // Nik(3) stays free.
  EXPECT_TRUE(Insert(MakeProposal({Nik(3)})).ok());
}

TEST_F(StorageTest, NikClaimLostToConcurrentTransactionIsNamedAndRolledBack) {
  // A holds Nik(2) uncommitted when B's pre-check runs, so B only learns of it
  // when its claim insert waits for A and A commits.
  ProposalRecord a = MakeProposal({Nik(1), Nik(2)});
  ProposalRecord b = MakeProposal({Nik(3), Nik(2)});
  std::promise<void> a_inserted;
  std::promise<void> b_started;
  std::future<absl::Status> a_done = std::async(std::launch::async, [&] {
    return db_->InTransaction([&](Tx& tx) {
      absl::Status s = tx.proposals().InsertProposal(a, Creation(a), "");
      a_inserted.set_value();
      b_started.get_future().wait();
      std::this_thread::sleep_for(300ms);  // let B reach its claim insert and wait
      return s;
    });
  });
  a_inserted.get_future().wait();
  std::future<absl::Status> b_done = std::async(std::launch::async, [&] {
    return db_->InTransaction([&](Tx& tx) {
      b_started.set_value();
      // B ignores the failure on purpose: the transaction must still not commit.
      static_cast<void>(tx.proposals().InsertProposal(b, Creation(b), ""));
      return absl::OkStatus();
    });
  });
  ASSERT_TRUE(a_done.get().ok());
  absl::Status s = b_done.get();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(s.message(), "household.members[1].nik is already in another open proposal");
  EXPECT_EQ(Get(b.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM nik_claims WHERE nik_hmac = decode('" +
                  audit::ToHex(audit::NikHmac(kTestNikKey, Nik(3))) + "', 'hex')"),
            0);
}

TEST_F(StorageTest, DatabaseErrorPoisonsTransactionEvenIfIgnored) {
  ProposalRecord a = MakeProposal({Nik(1)});
  ASSERT_TRUE(Insert(a).ok());
  ProposalRecord dup = MakeProposal({Nik(2)});
  dup.id = a.id;  // primary key violation inside the unit
  ProposalRecord other = MakeProposal({Nik(3)});
  absl::Status s = db_->InTransaction([&](Tx& tx) {
    EXPECT_TRUE(tx.proposals().InsertProposal(other, Creation(other), "").ok());
    static_cast<void>(tx.proposals().InsertProposal(dup, Creation(dup), ""));
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  EXPECT_EQ(Get(other.id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(StorageTest, ApplyTransitionChecksVersionAndWritesAudit) {
  ProposalRecord p = MakeProposal({Nik(1), Nik(2)});
  ASSERT_TRUE(Insert(p, "req-create").ok());

  workflow::Decision submit = MakeDecision(State::kDraft, State::kSubmitted, 2, "submit");
  submit.audit.evidence_hashes = {std::string(64, 'a'), std::string(64, 'b')};
  submit.audit.attributes = {{"cycle_id", "2024-03"}, {"odd", R"(q"uote\ {x,y} ’)"}};
  submit.audit.reason = "lengkap";
  ASSERT_TRUE(Apply(p.id, 1, submit, At(10)).ok());

  // The same step again, from the stale version: lost race.
  absl::Status stale = Apply(p.id, 1, submit, At(11));
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted) << stale;
  EXPECT_NE(std::string(stale.message()).find("changed concurrently"), std::string::npos);
  EXPECT_EQ(Apply(NewId(), 1, submit, At(11)).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Apply("bad-id", 1, submit, At(11)).code(), absl::StatusCode::kNotFound);

  workflow::Decision mismatch =
      MakeDecision(State::kSubmitted, State::kNikMismatch, 3, "nik_checked");
  mismatch.audit.actor_id = "system";
  mismatch.audit.role = Role::kSystem;
  mismatch.audit.region = "";
  mismatch.assigned_verifier = "verifier-7";
  mismatch.last_approver = "head-2";
  ASSERT_TRUE(Apply(p.id, 2, mismatch, At(20), {2}).ok());

  absl::StatusOr<ProposalRecord> got = Get(p.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->state, State::kNikMismatch);
  EXPECT_EQ(got->version, 3);
  EXPECT_EQ(got->state_since, At(20));
  EXPECT_EQ(got->nik_mismatch_members, std::vector<int>{2});
  EXPECT_EQ(got->assigned_verifier, "verifier-7");
  EXPECT_EQ(got->last_approver, "head-2");

  // A self-loop (audited draft edit style) keeps state_since.
  workflow::Decision stay = MakeDecision(State::kNikMismatch, State::kNikMismatch, 4, "correct");
  ASSERT_TRUE(Apply(p.id, 3, stay, At(30)).ok());
  got = Get(p.id);
  EXPECT_EQ(got->state_since, At(20));
  EXPECT_TRUE(got->nik_mismatch_members.empty());

  absl::StatusOr<std::vector<TransitionRecord>> history = History(p.id);
  ASSERT_TRUE(history.ok()) << history.status();
  ASSERT_EQ(history->size(), 4u);
  for (size_t i = 0; i < history->size(); ++i) EXPECT_EQ((*history)[i].sequence, int64_t(i + 1));
  const TransitionRecord& created = (*history)[0];
  EXPECT_FALSE(created.audit.from.has_value());
  EXPECT_EQ(created.audit.to, State::kDraft);
  EXPECT_EQ(created.audit.event, "create");
  EXPECT_EQ(created.request_id, "req-create");
  EXPECT_EQ(created.at, p.created_at);
  EXPECT_EQ(created.audit.role, Role::kVillageOperator);
  EXPECT_EQ(created.audit.region, kDesa);
  EXPECT_TRUE(created.audit.attributes.empty());
  const TransitionRecord& submitted = (*history)[1];
  EXPECT_EQ(submitted.audit.from, State::kDraft);
  EXPECT_EQ(submitted.audit.to, State::kSubmitted);
  EXPECT_EQ(submitted.audit.event, "submit");
  EXPECT_EQ(submitted.audit.reason, "lengkap");
  EXPECT_EQ(submitted.audit.evidence_hashes, submit.audit.evidence_hashes);
  EXPECT_EQ(submitted.audit.attributes, submit.audit.attributes);
  EXPECT_EQ(submitted.at, At(10));
  EXPECT_EQ(submitted.proposal_id, p.id);
  EXPECT_EQ(submitted.audit.machine_version, workflow::kMachineVersion);
  EXPECT_EQ((*history)[2].audit.role, Role::kSystem);
  EXPECT_EQ((*history)[2].audit.region, "");

  // The audit trail holds no personal data.
  const std::string trail = scratch_.QueryValueAsSuperuser(
      "SELECT string_agg(t::text, ' ') FROM transitions t");
  for (const auto& member : p.household.members) {
    EXPECT_EQ(trail.find(member.nik), std::string::npos);
    EXPECT_EQ(trail.find(member.name), std::string::npos);
  }
  EXPECT_EQ(trail.find(kKk), std::string::npos);
}

TEST_F(StorageTest, TerminalStateReleasesNikClaims) {
  ProposalRecord a = MakeProposal({Nik(1), Nik(2)});
  ASSERT_TRUE(Insert(a).ok());
  EXPECT_EQ(Insert(MakeProposal({Nik(2)})).code(), absl::StatusCode::kAlreadyExists);

  ASSERT_TRUE(Apply(a.id, 1, MakeDecision(State::kDraft, State::kSubmitted, 2, "submit"), At(1))
                  .ok());
  EXPECT_EQ(Count("SELECT count(*) FROM nik_claims"), 2);  // not terminal yet
  ASSERT_TRUE(
      Apply(a.id, 2, MakeDecision(State::kSubmitted, State::kWithdrawn, 3, "withdraw"), At(2))
          .ok());
  EXPECT_EQ(Count("SELECT count(*) FROM nik_claims"), 0);
  EXPECT_TRUE(Insert(MakeProposal({Nik(2), Nik(1)})).ok());
}

TEST_F(StorageTest, ReplaceHouseholdMovesClaims) {
  ProposalRecord a = MakeProposal({Nik(1), Nik(2)});
  ProposalRecord b = MakeProposal({Nik(5)});
  ASSERT_TRUE(Insert(a).ok());
  ASSERT_TRUE(Insert(b).ok());

  workflow::Household replaced = a.household;
  replaced.members = {Person(Nik(1), "Kepala", workflow::Relationship::kHead),
                      Person(Nik(3), "Anak")};
  replaced.address = "Jl. Baru 2";
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.proposals().ReplaceHousehold(a.id, replaced, "pindah alamat",
                                              workflow::DeactivationReason::kNone);
                 }).ok());
  absl::StatusOr<ProposalRecord> got = Get(a.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->reason, "pindah alamat");
  EXPECT_EQ(got->household.address, "Jl. Baru 2");
  ASSERT_EQ(got->household.members.size(), 2u);
  EXPECT_EQ(got->household.members[1].nik, Nik(3));
  EXPECT_EQ(got->version, 1);  // versions move with ApplyTransition only

  // Nik(2) was released, Nik(3) is now taken.
  EXPECT_TRUE(Insert(MakeProposal({Nik(2)})).ok());
  EXPECT_EQ(Insert(MakeProposal({Nik(3)})).code(), absl::StatusCode::kAlreadyExists);

  // Taking b's NIK is refused and changes nothing.
  workflow::Household clash = replaced;
  clash.members.push_back(Person(Nik(5), "Tamu"));
  absl::Status s = db_->InTransaction([&](Tx& tx) {
    return tx.proposals().ReplaceHousehold(a.id, clash, "x", workflow::DeactivationReason::kNone);
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(s.message(), "household.members[2].nik is already in another open proposal");
  EXPECT_EQ(Get(a.id)->household.members.size(), 2u);

  EXPECT_EQ(db_->InTransaction([&](Tx& tx) {
                 return tx.proposals().ReplaceHousehold(NewId(), replaced, "", {});
               }).code(),
            absl::StatusCode::kNotFound);
}

// --- idempotency ------------------------------------------------------------

TEST_F(StorageTest, IdempotencyClaimReplayAndMismatch) {
  const RequestKey key{.request_id = "req-42", .subject = "operator-1",
                       .rpc = "/usulan.v1.ProposalService/CreateProposal",
                       .fingerprint = std::string(64, 'f')};
  const std::string response("\x0a\x00\x01 binary\xff", 11);

  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   absl::StatusOr<Claim> claim = tx.requests().ClaimRequest(key, At(0));
                   if (!claim.ok()) return claim.status();
                   EXPECT_TRUE(claim->claimed);
                   return tx.requests().CompleteRequest(key, response);
                 }).ok());

  absl::StatusOr<Claim> replay = absl::InternalError("unset");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   replay = tx.requests().ClaimRequest(key, At(5));
                   return replay.status();
                 }).ok());
  EXPECT_FALSE(replay->claimed);
  EXPECT_EQ(replay->stored_response, response);

  // Another caller's use of the same id is a key of its own.
  RequestKey other_caller = key;
  other_caller.subject = "operator-2";
  absl::StatusOr<Claim> theirs = absl::InternalError("unset");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   theirs = tx.requests().ClaimRequest(other_caller, At(6));
                   return theirs.status();
                 }).ok());
  EXPECT_TRUE(theirs->claimed);

  std::vector<RequestKey> others(2, key);
  others[0].rpc = "/usulan.v1.ProposalService/SubmitProposal";
  others[1].fingerprint = std::string(64, 'e');
  for (const RequestKey& other : others) {
    absl::Status s = db_->InTransaction([&](Tx& tx) { return tx.requests().ClaimRequest(other, At(6)).status(); });
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(s.message(), "request_id was already used for a different request");
  }

  // A claim whose unit fails is rolled back, so the id can be used again.
  absl::Status failed = db_->InTransaction([&](Tx& tx) -> absl::Status {
    RequestKey fresh = key;
    fresh.request_id = "req-43";
    EXPECT_TRUE(tx.requests().ClaimRequest(fresh, At(0))->claimed);
    return absl::FailedPreconditionError("refused");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT count(*) FROM idempotency WHERE request_id = 'req-43'"), 0);
  EXPECT_EQ(db_->InTransaction([&](Tx& tx) {
                 RequestKey never = key;
                 never.request_id = "never-claimed";
                 return tx.requests().CompleteRequest(never, "x");
               }).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(StorageTest, ConcurrentClaimWaitsForFirstAndReplaysIt) {
  const RequestKey key{.request_id = "req-race", .subject = "s", .rpc = "r", .fingerprint = "f"};
  std::promise<void> first_claimed;
  std::future<absl::Status> first = std::async(std::launch::async, [&] {
    return db_->InTransaction([&](Tx& tx) -> absl::Status {
      absl::StatusOr<Claim> claim = tx.requests().ClaimRequest(key, At(0));
      if (!claim.ok() || !claim->claimed) return absl::InternalError("first did not claim");
      first_claimed.set_value();
      // The second claim starts meanwhile and must wait for this commit.
      std::this_thread::sleep_for(300ms);
      return tx.requests().CompleteRequest(key, "first answer");
    });
  });
  first_claimed.get_future().wait();
  absl::StatusOr<Claim> second = absl::InternalError("unset");
  absl::Status s = db_->InTransaction([&](Tx& tx) {
    second = tx.requests().ClaimRequest(key, At(1));
    return second.status();
  });
  ASSERT_TRUE(first.get().ok());
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_FALSE(second->claimed);
  EXPECT_EQ(second->stored_response, "first answer");
}

TEST_F(StorageTest, ConcurrentClaimTakesOverWhenFirstRollsBack) {
  const RequestKey key{.request_id = "req-rb", .subject = "s", .rpc = "r", .fingerprint = "f"};
  std::promise<void> first_claimed;
  std::future<absl::Status> first = std::async(std::launch::async, [&] {
    return db_->InTransaction([&](Tx& tx) -> absl::Status {
      static_cast<void>(tx.requests().ClaimRequest(key, At(0)));
      first_claimed.set_value();
      std::this_thread::sleep_for(200ms);
      return absl::UnavailableError("registry down");
    });
  });
  first_claimed.get_future().wait();
  absl::StatusOr<Claim> second = absl::InternalError("unset");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   second = tx.requests().ClaimRequest(key, At(1));
                   return second.status();
                 }).ok());
  EXPECT_EQ(first.get().code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(second->claimed);
}

// --- listing ----------------------------------------------------------------

TEST_F(StorageTest, ListProposalsPagesWithFilters) {
  struct Seed {
    const char* desa;
    int second;
    Kind kind;
    bool submit;
  };
  // Some share a created_at so that the id breaks the tie.
  const std::vector<Seed> seeds = {
      {kDesa, 1, Kind::kNew, false},        {kDesa, 2, Kind::kNew, true},
      {kOtherDesa, 2, Kind::kCorrection, true}, {kFarDesa, 2, Kind::kNew, true},
      {kDesa, 3, Kind::kDeactivation, false}, {kOtherDesa, 4, Kind::kNew, false},
      {kDesa, 5, Kind::kNew, true},         {kFarDesa, 6, Kind::kCorrection, false},
      {kDesa, 6, Kind::kNew, false},        {kDesa, 6, Kind::kCorrection, true},
      {kOtherDesa, 7, Kind::kNew, true},
  };
  struct Row {
    TimePoint created_at;
    std::string id;
    std::string desa;
    Kind kind;
    State state;
    int members;
  };
  std::vector<Row> all;
  int serial = 0;
  for (const Seed& seed : seeds) {
    std::vector<std::string> niks;
    const int members = 1 + (serial % 3);
    for (int m = 0; m < members; ++m) niks.push_back(Nik(++serial));
    ProposalRecord p = MakeProposal(niks, seed.desa, At(seed.second, 0), seed.kind);
    ASSERT_TRUE(Insert(p).ok());
    State state = State::kDraft;
    if (seed.submit) {
      ASSERT_TRUE(
          Apply(p.id, 1, MakeDecision(State::kDraft, State::kSubmitted, 2, "submit"), At(50))
              .ok());
      state = State::kSubmitted;
    }
    all.push_back({p.created_at, p.id, seed.desa, seed.kind, state, members});
  }
  std::sort(all.begin(), all.end(), [](const Row& a, const Row& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });

  auto page_through = [&](ProposalFilter filter, int limit) {
    filter.limit = limit;
    std::vector<ProposalSummaryRecord> out;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<std::vector<ProposalSummaryRecord>> page = absl::InternalError("unset");
      EXPECT_TRUE(db_->InTransaction([&](Tx& tx) {
                       page = tx.queues().ListProposals(filter);
                       return page.status();
                     }).ok());
      if (!page.ok() || page->empty()) break;
      EXPECT_LE(static_cast<int>(page->size()), limit);
      out.insert(out.end(), page->begin(), page->end());
      filter.after = ProposalCursor{page->back().created_at, page->back().id};
      if (static_cast<int>(page->size()) < limit) break;
    }
    return out;
  };
  auto expect = [&](const std::string& prefix, const std::vector<State>& states,
                    const std::vector<Kind>& kinds) {
    ProposalFilter filter;
    filter.region_prefix = prefix;
    filter.states = states;
    filter.kinds = kinds;
    std::vector<Row> want;
    for (const Row& r : all) {
      if (r.desa.rfind(prefix, 0) != 0) continue;
      if (!states.empty() && std::find(states.begin(), states.end(), r.state) == states.end()) {
        continue;
      }
      if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), r.kind) == kinds.end()) {
        continue;
      }
      want.push_back(r);
    }
    for (int limit : {1, 2, 3, 50}) {
      std::vector<ProposalSummaryRecord> got = page_through(filter, limit);
      ASSERT_EQ(got.size(), want.size()) << "prefix=" << prefix << " limit=" << limit;
      for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].id, want[i].id) << "prefix=" << prefix << " i=" << i;
        EXPECT_EQ(got[i].created_at, want[i].created_at);
        EXPECT_EQ(got[i].desa_code, want[i].desa);
        EXPECT_EQ(got[i].kind, want[i].kind);
        EXPECT_EQ(got[i].state, want[i].state);
        EXPECT_EQ(got[i].member_count, want[i].members);
        EXPECT_EQ(got[i].version, want[i].state == State::kDraft ? 1 : 2);
      }
    }
  };
  expect("", {}, {});
  expect("32", {}, {});
  expect("33", {}, {});
  expect("3201", {State::kSubmitted}, {});
  expect("320101", {}, {Kind::kNew});
  expect("320102", {State::kDraft, State::kSubmitted}, {});
  expect(kDesa, {State::kDraft}, {Kind::kNew, Kind::kDeactivation});
  expect(kDesa, {State::kAccepted}, {});
  expect("", {}, {Kind::kCorrection});
  expect("35", {}, {});

  for (const std::string bad : {"3", "320", "32010", "abcd", "32010120011"}) {
    absl::Status s = db_->InTransaction([&](Tx& tx) {
      ProposalFilter filter;
      filter.region_prefix = bad;
      return tx.queues().ListProposals(filter).status();
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  for (int limit : {0, -1, 1001}) {
    absl::Status s = db_->InTransaction([&](Tx& tx) {
      ProposalFilter filter;
      filter.limit = limit;
      return tx.queues().ListProposals(filter).status();
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << limit;
  }
  absl::Status bad_cursor = db_->InTransaction([&](Tx& tx) {
    ProposalFilter filter;
    filter.after = ProposalCursor{At(0), "x"};
    return tx.queues().ListProposals(filter).status();
  });
  EXPECT_EQ(bad_cursor.code(), absl::StatusCode::kInvalidArgument);
}

// --- deliberations ------------------------------------------------------------

DeliberationRecord MakeDeliberation(const std::string& desa = kDesa, TimePoint opened = At(0)) {
  DeliberationRecord d;
  d.id = NewId();
  d.kind = workflow::DeliberationKind::kMusdes;
  d.desa_code = desa;
  d.meeting_date = "2024-03-05";
  d.opened_by = "head-1";
  d.opened_at = opened;
  return d;
}

TEST_F(StorageTest, DeliberationLifecycle) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    ProposalRecord p = MakeProposal({Nik(i + 1)});
    ASSERT_TRUE(Insert(p).ok());
    ids.push_back(p.id);
  }
  DeliberationRecord d = MakeDeliberation();
  DeliberationRecord other = MakeDeliberation();
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().InsertDeliberation(d); }).ok());
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().InsertDeliberation(other); }).ok());

  auto get = [&](const std::string& id) {
    absl::StatusOr<DeliberationRecord> out = absl::InternalError("unset");
    EXPECT_TRUE(db_->InTransaction([&](Tx& tx) {
                     out = tx.deliberations().LockDeliberation(id);
                     return absl::OkStatus();
                   }).ok());
    return out;
  };
  absl::StatusOr<DeliberationRecord> got = get(d.id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->kind, workflow::DeliberationKind::kMusdes);
  EXPECT_EQ(got->desa_code, kDesa);
  EXPECT_EQ(got->meeting_date, "2024-03-05");
  EXPECT_EQ(got->status, DeliberationStatus::kOpen);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->opened_by, "head-1");
  EXPECT_EQ(got->opened_at, At(0));
  EXPECT_FALSE(got->closed_at.has_value());
  EXPECT_TRUE(got->agenda.empty());
  EXPECT_EQ(get(NewId()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(get("zz").status().code(), absl::StatusCode::kNotFound);

  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.deliberations().AddAgendaItems(d.id, {ids[0], ids[1]});
                 }).ok());
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().AddAgendaItems(d.id, {ids[2]}); }).ok());

  // ids[1] is on d's open agenda: it cannot join another.
  absl::Status taken =
      db_->InTransaction([&](Tx& tx) { return tx.deliberations().AddAgendaItems(other.id, {NewId()}); });
  EXPECT_EQ(taken.code(), absl::StatusCode::kNotFound);  // unknown proposal
  taken = db_->InTransaction([&](Tx& tx) { return tx.deliberations().AddAgendaItems(other.id, {ids[0], ids[1]}); });
  EXPECT_EQ(taken.code(), absl::StatusCode::kAlreadyExists) << taken;
  EXPECT_EQ(taken.message(), "proposal_ids[0] is already on the agenda of an open deliberation");
  EXPECT_EQ(Count("SELECT count(*) FROM agenda_items WHERE deliberation_id = '" + other.id + "'"),
            0);

  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   absl::Status s = tx.deliberations().SetAgendaOutcome(d.id, ids[0], AgendaOutcome::kAgreed, "");
                   if (!s.ok()) return s;
                   return tx.deliberations().SetAgendaOutcome(d.id, ids[1], AgendaOutcome::kRejected, "mampu");
                 }).ok());
  EXPECT_EQ(db_->InTransaction([&](Tx& tx) {
                 return tx.deliberations().SetAgendaOutcome(other.id, ids[0], AgendaOutcome::kAgreed, "");
               }).code(),
            absl::StatusCode::kNotFound);

  got = get(d.id);
  ASSERT_EQ(got->agenda.size(), 3u);
  EXPECT_EQ(got->agenda[0].proposal_id, ids[0]);
  EXPECT_EQ(got->agenda[0].outcome, AgendaOutcome::kAgreed);
  EXPECT_EQ(got->agenda[1].proposal_id, ids[1]);
  EXPECT_EQ(got->agenda[1].outcome, AgendaOutcome::kRejected);
  EXPECT_EQ(got->agenda[1].reason, "mampu");
  EXPECT_EQ(got->agenda[2].proposal_id, ids[2]);
  EXPECT_EQ(got->agenda[2].outcome, AgendaOutcome::kPending);

  DeliberationRecord closing = *got;
  closing.status = DeliberationStatus::kClosed;
  closing.attendance = 40;
  closing.quorum = 30;
  closing.minutes_sha256 = std::string(64, 'c');
  closing.closed_by = "head-1";
  closing.closed_at = At(3600);
  EXPECT_EQ(db_->InTransaction([&](Tx& tx) { return tx.deliberations().UpdateDeliberation(closing, 7); }).code(),
            absl::StatusCode::kAborted);
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().UpdateDeliberation(closing, 1); }).ok());
  got = get(d.id);
  EXPECT_EQ(got->status, DeliberationStatus::kClosed);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->attendance, 40);
  EXPECT_EQ(got->quorum, 30);
  EXPECT_EQ(got->minutes_sha256, std::string(64, 'c'));
  EXPECT_EQ(got->closed_by, "head-1");
  EXPECT_EQ(got->closed_at, At(3600));
  EXPECT_EQ(Count("SELECT count(*) FROM agenda_items WHERE open"), 0);

  // Closed items no longer block: ids[1] may go on another agenda.
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().AddAgendaItems(other.id, {ids[1]}); })
                  .ok());
}

TEST_F(StorageTest, ListDeliberationsPagesByRegionAndStatus) {
  std::vector<DeliberationRecord> all;
  const char* desas[] = {kDesa, kOtherDesa, kFarDesa, kDesa, kDesa};
  for (int i = 0; i < 5; ++i) {
    DeliberationRecord d = MakeDeliberation(desas[i], At(i / 2, 0));
    ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().InsertDeliberation(d); }).ok());
    all.push_back(d);
  }
  ProposalRecord p = MakeProposal({Nik(1)});
  ASSERT_TRUE(Insert(p).ok());
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().AddAgendaItems(all[0].id, {p.id}); })
                  .ok());
  DeliberationRecord closed = all[3];
  closed.status = DeliberationStatus::kClosed;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.deliberations().UpdateDeliberation(closed, 1); }).ok());
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return std::tie(a.opened_at, a.id) < std::tie(b.opened_at, b.id);
  });

  auto list = [&](const std::string& prefix, std::optional<DeliberationStatus> status) {
    DeliberationFilter filter;
    filter.region_prefix = prefix;
    filter.status = status;
    filter.limit = 2;
    std::vector<DeliberationRecord> out;
    for (int pages = 0; pages < 10; ++pages) {
      absl::StatusOr<std::vector<DeliberationRecord>> page = absl::InternalError("unset");
      EXPECT_TRUE(db_->InTransaction([&](Tx& tx) {
                       page = tx.deliberations().ListDeliberations(filter);
                       return page.status();
                     }).ok());
      if (!page.ok() || page->empty()) break;
      out.insert(out.end(), page->begin(), page->end());
      filter.after = DeliberationCursor{page->back().opened_at, page->back().id};
    }
    return out;
  };
  auto ids = [](const std::vector<DeliberationRecord>& records) {
    std::vector<std::string> out;
    for (const auto& r : records) out.push_back(r.id);
    return out;
  };
  auto want = [&](const std::string& prefix, std::optional<DeliberationStatus> status) {
    std::vector<std::string> out;
    for (const auto& d : all) {
      const bool is_closed = d.id == closed.id;
      if (d.desa_code.rfind(prefix, 0) != 0) continue;
      if (status && (*status == DeliberationStatus::kClosed) != is_closed) continue;
      out.push_back(d.id);
    }
    return out;
  };
  for (const std::string prefix : {"", "32", "33", "3201", "320101", "320102", kDesa}) {
    EXPECT_EQ(ids(list(prefix, std::nullopt)), want(prefix, std::nullopt)) << prefix;
    EXPECT_EQ(ids(list(prefix, DeliberationStatus::kOpen)), want(prefix, DeliberationStatus::kOpen))
        << prefix;
    EXPECT_EQ(ids(list(prefix, DeliberationStatus::kClosed)),
              want(prefix, DeliberationStatus::kClosed))
        << prefix;
  }
  for (const DeliberationRecord& d : list("", std::nullopt)) {
    if (d.id == closed.id) {
      EXPECT_EQ(d.status, DeliberationStatus::kClosed);
    }
  }
  std::vector<DeliberationRecord> everything = list("", std::nullopt);
  auto first = std::find_if(everything.begin(), everything.end(),
                            [&](const auto& d) { return d.agenda.size() == 1; });
  ASSERT_NE(first, everything.end());
  EXPECT_EQ(first->agenda[0].proposal_id, p.id);
}

// --- transactions and the pool -------------------------------------------------

TEST_F(StorageTest, InTransactionRollsBackOnErrorStatusAndException) {
  ProposalRecord a = MakeProposal({Nik(1)});
  absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
    EXPECT_TRUE(tx.proposals().InsertProposal(a, Creation(a), "").ok());
    return absl::FailedPreconditionError("changed my mind");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "changed my mind");
  EXPECT_EQ(Get(a.id).status().code(), absl::StatusCode::kNotFound);

  s = db_->InTransaction([&](Tx& tx) -> absl::Status {
    EXPECT_TRUE(tx.proposals().InsertProposal(a, Creation(a), "").ok());
    throw std::runtime_error("bug");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Get(a.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(Count("SELECT count(*) FROM nik_claims"), 0);
  ASSERT_TRUE(Insert(a).ok());
}

TEST_F(StorageTest, PoolAnswersResourceExhaustedWhenAllConnectionsAreBusy) {
  auto small = Database::Open({.url = scratch_.url(),
                               .pool_size = 1,
                               .acquire_timeout = 100ms,
                               .nik_key = kTestNikKey});
  ASSERT_TRUE(small.ok());
  std::promise<void> holding;
  std::promise<void> release;
  std::future<absl::Status> holder = std::async(std::launch::async, [&] {
    return (*small)->InTransaction([&](Tx&) {
      holding.set_value();
      release.get_future().wait();
      return absl::OkStatus();
    });
  });
  holding.get_future().wait();
  absl::Status s = (*small)->InTransaction([](Tx&) { return absl::OkStatus(); });
  // DESIGN.md's overload code: the client should back off, not fail over.
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  release.set_value();
  EXPECT_TRUE(holder.get().ok());
  EXPECT_TRUE((*small)->InTransaction([](Tx&) { return absl::OkStatus(); }).ok());
}

TEST_F(StorageTest, BrokenConnectionsAreReplaced) {
  ASSERT_TRUE(Insert(MakeProposal({Nik(1)})).ok());
  // The timeout argument makes the call wait until each backend has exited.
  scratch_.ExecAsSuperuser(
      "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
      "WHERE datname = current_database() AND application_name = 'usulan'");
  // The pool notices the terminated backends when it hands them out (the server
  // left a FATAL message on each idle socket) and re-opens them, so no call
  // fails; concurrent calls make it go through every pooled connection.
  std::vector<std::future<absl::Status>> calls;
  for (int i = 0; i < 8; ++i) {
    calls.push_back(std::async(std::launch::async,
                               [this, i] { return Insert(MakeProposal({Nik(100 + i)})); }));
  }
  for (auto& call : calls) EXPECT_TRUE(call.get().ok());
  EXPECT_EQ(Count("SELECT count(*) FROM proposals"), 9);

  // A connection lost in the middle of a unit fails that unit with UNAVAILABLE
  // and is replaced for the next one.
  ProposalRecord lost = MakeProposal({Nik(300)});
  absl::Status s = db_->InTransaction([&](Tx& tx) {
    EXPECT_TRUE(tx.proposals().InsertProposal(lost, Creation(lost), "").ok());
    scratch_.ExecAsSuperuser(
        "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = 'usulan' "
        "AND state = 'idle in transaction'");
    return absl::OkStatus();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
  EXPECT_EQ(Get(lost.id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(Insert(lost).ok());
}

// --- civil registry -------------------------------------------------------------

TEST_F(StorageTest, RegistryCheckReportsEveryStatus) {
  const std::string other_kk = "3201010101000002";
  std::vector<RegistryPerson> people = {
      {Nik(1), kKk, "Budi", "1980-02-03", "ALIVE"},
      {Nik(2), kKk, "Sri", "", "DECEASED"},
      {Nik(3), other_kk, "Joko", "2001-12-31", "ALIVE"},
      {Nik(1), kKk, "Budi S.", "1980-02-03", "ALIVE"},  // a repeat: the last one wins
  };
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) { return tx.registry().UpsertRegistryPeople(people); }).ok());

  TablePopulationRegistry registry(*db_);
  workflow::Household h = MakeProposal({Nik(1), Nik(2), Nik(3), Nik(4)}).household;
  absl::StatusOr<std::vector<workflow::MemberCheck>> checks = registry.Check(h);
  ASSERT_TRUE(checks.ok()) << checks.status();
  ASSERT_EQ(checks->size(), 4u);
  const NikStatus want[] = {NikStatus::kMatched, NikStatus::kDeceased, NikStatus::kOtherFamily,
                            NikStatus::kNotFound};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ((*checks)[i].position, i + 1);
    EXPECT_EQ((*checks)[i].status, want[i]) << i;
  }

  absl::StatusOr<std::vector<RegistryPerson>> found = absl::InternalError("unset");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   found = tx.registry().FindRegistryPeople({Nik(1), Nik(2), Nik(9)});
                   return found.status();
                 }).ok());
  ASSERT_EQ(found->size(), 2u);
  std::sort(found->begin(), found->end(),
            [](const auto& a, const auto& b) { return a.nik < b.nik; });
  EXPECT_EQ((*found)[0].name, "Budi S.");
  EXPECT_EQ((*found)[0].birth_date, "1980-02-03");
  EXPECT_EQ((*found)[1].birth_date, "");
  EXPECT_EQ((*found)[1].status, "DECEASED");

  // A later upsert changes the verdict.
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.registry().UpsertRegistryPeople({{Nik(3), kKk, "Joko", "", "ALIVE"}});
                 }).ok());
  EXPECT_EQ((*registry.Check(h))[2].status, NikStatus::kMatched);

  // Bad rows are named by field, never by value.
  const std::vector<std::pair<RegistryPerson, std::string>> bad = {
      {{"123", kKk, "x", "", "ALIVE"}, "people[1].nik must be 16 digits"},
      {{Nik(5), "12", "x", "", "ALIVE"}, "people[1].kk_number must be 16 digits"},
      {{Nik(5), kKk, "x", "1990-13-01", "ALIVE"}, "people[1].birth_date"},
      {{Nik(5), kKk, "x", "", "MISSING"}, "people[1].status must be ALIVE or DECEASED"},
  };
  for (const auto& [person, message] : bad) {
    // A named copy: clang 14 lets no lambda capture a structured binding.
    const RegistryPerson& row = person;
    absl::Status s = db_->InTransaction([&](Tx& tx) {
      return tx.registry().UpsertRegistryPeople({people[0], row});
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(std::string(s.message()).rfind(message, 0), 0u) << s.message();
    EXPECT_EQ(std::string(s.message()).find(person.nik.size() == 16 ? person.nik : "zzz"),
              std::string::npos);
  }
}

TEST(TablePopulationRegistryTest, DatabaseFailureIsUnavailable) {
  ScratchDatabase scratch;
  ASSERT_TRUE(Migrate(scratch.url()).ok());
  auto db = Database::Open({.url = scratch.url(), .pool_size = 1});
  ASSERT_TRUE(db.ok());
  scratch.ExecAsSuperuser("ALTER TABLE registry_people RENAME TO registry_people_gone");
  TablePopulationRegistry registry(**db);
  workflow::Household h;
  h.kk_number = kKk;
  h.members.push_back(Person(Nik(1), "x"));
  EXPECT_EQ(registry.Check(h).status().code(), absl::StatusCode::kUnavailable);
}

// --- privacy of errors and logs ---------------------------------------------------

TEST(ErrorsTest, RedactionDropsDetailAndQuotedValues) {
  EXPECT_EQ(RedactServerMessage(
                "ERROR:  duplicate key value violates unique constraint \"nik_claims_pkey\"\n"
                "DETAIL:  Key (nik)=(3201011501900001) already exists.\n",
                "23505"),
            "23505 duplicate key value violates unique constraint \"nik_claims_pkey\"");
  EXPECT_EQ(RedactServerMessage("ERROR:  invalid input syntax for type date: \"1990-13-45\"\n",
                                "22007"),
            "22007 invalid input syntax for type date: <value redacted>");
}

TEST_F(StorageTest, LoggedDatabaseErrorsCarryNoValues) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("capture", sink));

  // A constraint the pre-checks do not cover: the server's DETAIL would quote the
  // member row (with its NIK); the log must not.
  ProposalRecord p = MakeProposal({Nik(1)});
  p.household.members[0].name = "Rahasia Pribadi";
  p.household.socio_economic.floor_area_m2 = -1;  // violates a CHECK
  absl::Status s = Insert(p);
  spdlog::set_default_logger(previous);

  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(s.message(), "database error");
  const std::string log = captured.str();
  EXPECT_NE(log.find("23514"), std::string::npos) << log;
  EXPECT_EQ(log.find(Nik(1)), std::string::npos) << log;
  EXPECT_EQ(log.find(kKk), std::string::npos) << log;
  EXPECT_EQ(log.find("Rahasia"), std::string::npos) << log;
  EXPECT_EQ(log.find("INSERT"), std::string::npos) << log;
}

}  // namespace
}  // namespace usulan::storage
