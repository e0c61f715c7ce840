// Work-queue queries, the NIK lookup and savepoints against a real PostgreSQL (a
// database of its own per test, on the ctest `postgres` fixture's cluster).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>

#include "storage/database.h"
#include "storage/records.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDatabase;
using workflow::Kind;
using workflow::Role;
using workflow::State;

constexpr char kDesaA[] = "3201012001";  // kabupaten 3201, kecamatan 320101
constexpr char kDesaB[] = "3201022002";  // kabupaten 3201, kecamatan 320102
constexpr char kDesaC[] = "3302012003";  // province 33

using test_records::Creation;
using test_records::Nik;

TimePoint At(int64_t seconds) { return test_records::At(seconds, 7); }

// Ids from a fixed seed: the same every run.
std::string NewId() {
  static std::mt19937_64 random{20240301};
  return test_records::UuidFrom(random);
}

ProposalRecord MakeProposal(const std::vector<std::string>& niks, const std::string& desa,
                            TimePoint created_at, Kind kind = Kind::kNew) {
  ProposalRecord p = test_records::MakeProposalRecord(
      NewId(), desa, created_at,
      test_records::MembersOf(niks, "Anggota", {.sex = workflow::Sex::kFemale}), test_records::kKk);
  p.kind = kind;
  return p;
}

class QueuesStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<int> applied = Migrate(scratch_.url());
    ASSERT_TRUE(applied.ok()) << applied.status();
    auto db = Database::Open({.url = scratch_.url(),
                              .pool_size = 2,
                              .acquire_timeout = 5s,
                              .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  void Insert(const ProposalRecord& p) {
    absl::Status s =
        db_->InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), ""); });
    ASSERT_TRUE(s.ok()) << s;
  }

  // Puts a proposal straight into a state (the queries under test only read).
  void Set(const std::string& id, State state, TimePoint since,
           const std::string& verifier = "") {
    scratch_.ExecAsSuperuser(
        "UPDATE proposals SET state = '" + std::string(workflow::Name(state)) +
        "', assigned_verifier = '" + verifier + "', state_since = 'epoch'::timestamptz + " +
        std::to_string(ToMicrosForSql(since)) + " * interval '1 microsecond' WHERE id = '" + id +
        "'");
  }
  static int64_t ToMicrosForSql(TimePoint t) { return t.time_since_epoch().count(); }

  std::vector<ProposalSummaryRecord> PageThrough(ProposalFilter filter, int limit) {
    filter.limit = limit;
    std::vector<ProposalSummaryRecord> out;
    for (int pages = 0; pages < 1000; ++pages) {
      absl::StatusOr<std::vector<ProposalSummaryRecord>> page = absl::InternalError("unset");
      absl::Status s = db_->InTransaction([&](Tx& tx) {
        page = tx.queues().ListProposals(filter);
        return page.status();
      });
      EXPECT_TRUE(s.ok()) << s;
      if (!s.ok() || page->empty()) break;
      EXPECT_LE(static_cast<int>(page->size()), limit);
      out.insert(out.end(), page->begin(), page->end());
      if (static_cast<int>(page->size()) < limit) break;
      filter.after = ProposalCursor{page->back().created_at, page->back().id};
    }
    return out;
  }

  ScratchDatabase scratch_;  // declared first: outlives the pool's connections
  std::unique_ptr<Database> db_;
};

struct Row {
  std::string id;
  std::string desa;
  Kind kind;
  workflow::Route route;
  State state;
  TimePoint created_at;
  TimePoint state_since;
  std::string verifier;
};

TEST_F(QueuesStorageTest, MultiStateQueuesPageInOrderAcrossStates) {
  const std::vector<State> states = {State::kDraft, State::kPrelist, State::kAgreed,
                                     State::kInVerification, State::kAccepted};
  const char* desas[] = {kDesaA, kDesaB, kDesaC};
  std::vector<Row> all;
  for (int i = 0; i < 45; ++i) {
    // Every third pair shares a created_at, so the id breaks ties across states.
    const TimePoint created = At((i / 2) * 10);
    const Kind kind = i % 4 == 0 ? Kind::kCorrection : Kind::kNew;
    ProposalRecord p = MakeProposal({Nik(i)}, desas[i % 3], created, kind);
    // Routes change every second row, out of step with the desas and states.
    p.route = workflow::kAllRoutes[(i / 2) % workflow::kAllRoutes.size()];
    ASSERT_NO_FATAL_FAILURE(Insert(p));
    const State state = states[(i * 7) % states.size()];
    const TimePoint since = created + std::chrono::seconds(5 * (i % 6));
    const std::string verifier =
        state == State::kInVerification ? (i % 2 ? "verifier-1" : "verifier-2") : "";
    Set(p.id, state, since, verifier);
    all.push_back({p.id, desas[i % 3], kind, p.route, state, created, since, verifier});
  }
  std::sort(all.begin(), all.end(), [](const Row& a, const Row& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });

  auto expect = [&](const ProposalFilter& filter, const std::string& what) {
    std::vector<std::string> want;
    for (const Row& r : all) {
      if (r.desa.rfind(filter.region_prefix, 0) != 0) continue;
      if (!filter.states.empty() &&
          std::find(filter.states.begin(), filter.states.end(), r.state) == filter.states.end()) {
        continue;
      }
      if (!filter.kinds.empty() &&
          std::find(filter.kinds.begin(), filter.kinds.end(), r.kind) == filter.kinds.end()) {
        continue;
      }
      if (!filter.routes.empty() &&
          std::find(filter.routes.begin(), filter.routes.end(), r.route) == filter.routes.end()) {
        continue;
      }
      if (!filter.assigned_verifier.empty() && r.verifier != filter.assigned_verifier) continue;
      if (filter.state_since_before && !(r.state_since < *filter.state_since_before)) continue;
      want.push_back(r.id);
    }
    for (int limit : {1, 2, 3, 7, 50}) {
      std::vector<std::string> got;
      for (const auto& row : PageThrough(filter, limit)) got.push_back(row.id);
      EXPECT_EQ(got, want) << what << " limit=" << limit;
    }
    return want.size();
  };

  ProposalFilter f;
  EXPECT_EQ(expect(f, "national, every state"), all.size());
  f.states = {State::kPrelist, State::kAgreed, State::kAccepted};
  EXPECT_GT(expect(f, "national, three states"), 10u);
  f.states = {State::kAgreed, State::kPrelist, State::kAgreed};  // order and repeats do not matter
  EXPECT_GT(expect(f, "national, a state twice"), 5u);
  for (const char* prefix : {"32", "3201", "320101", kDesaA, "33", "35"}) {
    ProposalFilter g;
    g.region_prefix = prefix;
    g.states = {State::kDraft, State::kInVerification, State::kAccepted};
    expect(g, std::string("prefix ") + prefix);
    g.kinds = {Kind::kCorrection};
    expect(g, std::string("prefix and kind ") + prefix);
  }
  ProposalFilter by_route;
  by_route.routes = {workflow::Route::kCentral, workflow::Route::kPbiJk};
  const size_t routed = expect(by_route, "national, two routes");
  EXPECT_GT(routed, 5u);
  EXPECT_LT(routed, all.size());
  by_route.routes = {workflow::Route::kPbiJk, workflow::Route::kCentral,
                     workflow::Route::kPbiJk};  // order and repeats do not matter
  EXPECT_EQ(expect(by_route, "national, a route twice"), routed);
  by_route.region_prefix = "3201";
  by_route.states = {State::kInVerification, State::kAccepted};
  expect(by_route, "kabupaten, two states, two routes");
  by_route.kinds = {Kind::kNew};
  expect(by_route, "kabupaten, states, kind and routes");
  by_route.routes = {workflow::Route::kCitizenObjection};
  by_route.kinds = {};
  by_route.assigned_verifier = "verifier-2";
  expect(by_route, "verifier-2's assignments on one route");
  ProposalFilter overdue;
  overdue.region_prefix = "3201";
  overdue.state_since_before = At(100);
  const size_t old = expect(overdue, "overdue");
  EXPECT_GT(old, 0u);
  EXPECT_LT(old, 30u);
  ProposalFilter mine;
  mine.region_prefix = "32";
  mine.assigned_verifier = "verifier-1";
  EXPECT_GT(expect(mine, "verifier-1's assignments"), 0u);
  mine.states = {State::kInVerification, State::kAccepted};
  expect(mine, "verifier-1's assignments in two states");
  mine.region_prefix = kDesaA;
  expect(mine, "verifier-1's assignments in one desa");
  mine.assigned_verifier = "nobody";
  EXPECT_EQ(expect(mine, "nobody's assignments"), 0u);
}

TEST_F(QueuesStorageTest, CountsPerStateAndKind) {
  struct Seed {
    const char* desa;
    Kind kind;
    State state;
    int since;
    const char* verifier;
  };
  const Seed seeds[] = {
      {kDesaA, Kind::kNew, State::kDraft, 0, ""},
      {kDesaA, Kind::kNew, State::kDraft, 500, ""},
      {kDesaA, Kind::kCorrection, State::kDraft, 0, ""},
      {kDesaB, Kind::kNew, State::kInVerification, 0, "verifier-1"},
      {kDesaB, Kind::kNew, State::kInVerification, 500, "verifier-2"},
      {kDesaC, Kind::kNew, State::kPrelist, 0, ""},
  };
  int serial = 0;
  for (const Seed& seed : seeds) {
    ProposalRecord p = MakeProposal({Nik(++serial)}, seed.desa, At(0), seed.kind);
    ASSERT_NO_FATAL_FAILURE(Insert(p));
    Set(p.id, seed.state, At(seed.since), seed.verifier);
  }
  auto count = [&](const ProposalCountFilter& filter) {
    std::map<std::pair<State, Kind>, int64_t> out;
    absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto rows = tx.queues().CountProposals(filter);
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows) out[{r.state, r.kind}] = r.count;
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  };
  using Counts = std::map<std::pair<State, Kind>, int64_t>;
  EXPECT_EQ(count({}), (Counts{{{State::kDraft, Kind::kNew}, 2},
                               {{State::kDraft, Kind::kCorrection}, 1},
                               {{State::kInVerification, Kind::kNew}, 2},
                               {{State::kPrelist, Kind::kNew}, 1}}));
  EXPECT_EQ(count({.region_prefix = "3201"}),
            (Counts{{{State::kDraft, Kind::kNew}, 2},
                    {{State::kDraft, Kind::kCorrection}, 1},
                    {{State::kInVerification, Kind::kNew}, 2}}));
  EXPECT_EQ(count({.region_prefix = "320102"}), (Counts{{{State::kInVerification, Kind::kNew}, 2}}));
  EXPECT_EQ(count({.region_prefix = "33"}), (Counts{{{State::kPrelist, Kind::kNew}, 1}}));
  EXPECT_EQ(count({.region_prefix = "3201", .state_since_before = At(100)}),
            (Counts{{{State::kDraft, Kind::kNew}, 1},
                    {{State::kDraft, Kind::kCorrection}, 1},
                    {{State::kInVerification, Kind::kNew}, 1}}));
  EXPECT_EQ(count({.region_prefix = "3201", .assigned_verifier = "verifier-2"}),
            (Counts{{{State::kInVerification, Kind::kNew}, 1}}));
  EXPECT_EQ(count({.region_prefix = "33", .assigned_verifier = "verifier-2"}), Counts{});
  absl::Status bad = db_->InTransaction([&](Tx& tx) {
    return tx.queues().CountProposals({.region_prefix = "320"}).status();
  });
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(QueuesStorageTest, FindProposalsByNikNewestFirstWithTheirHouseholds) {
  const std::string person = Nik(42);
  ProposalRecord older = MakeProposal({Nik(1), person}, kDesaA, At(0));
  ASSERT_NO_FATAL_FAILURE(Insert(older));
  // Closed, which frees the NIK for the newer proposal in another desa.
  workflow::Decision withdraw;
  withdraw.next_state = State::kWithdrawn;
  withdraw.next_version = 2;
  withdraw.audit = Creation(older);
  withdraw.audit.from = State::kDraft;
  withdraw.audit.to = State::kWithdrawn;
  withdraw.audit.event = "withdraw";
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.proposals().ApplyTransition(older.id, 1, withdraw, "r1", At(5), {});
                 }).ok());
  ProposalRecord newer = MakeProposal({person, Nik(2), Nik(3)}, kDesaC, At(10));
  newer.household.kk_number = "3302010101000009";
  ASSERT_NO_FATAL_FAILURE(Insert(newer));
  ASSERT_NO_FATAL_FAILURE(Insert(MakeProposal({Nik(7)}, kDesaB, At(20))));

  std::vector<NikHitRecord> hits;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   auto found = tx.queues().FindProposalsByNik(person);
                   if (found.ok()) hits = *found;
                   return found.status();
                 }).ok());
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].proposal_id, newer.id);
  EXPECT_EQ(hits[0].state, State::kDraft);
  EXPECT_EQ(hits[0].desa_code, kDesaC);
  EXPECT_EQ(hits[0].position, 1);
  EXPECT_EQ(hits[0].kk_number, "3302010101000009");
  ASSERT_EQ(hits[0].members.size(), 3u);
  EXPECT_EQ(hits[0].members[1].position, 2);
  EXPECT_EQ(hits[0].members[1].nik, Nik(2));
  EXPECT_EQ(hits[0].members[1].relationship, workflow::Relationship::kChild);
  EXPECT_EQ(hits[1].proposal_id, older.id);
  EXPECT_EQ(hits[1].state, State::kWithdrawn);
  EXPECT_EQ(hits[1].position, 2);
  EXPECT_EQ(hits[1].members[1].name, "Anggota 2");
  EXPECT_EQ(hits[1].state_since, At(5));

  absl::Status none = db_->InTransaction([&](Tx& tx) -> absl::Status {
    auto found = tx.queues().FindProposalsByNik(Nik(99));
    if (found.ok() && !found->empty()) return absl::InternalError("found someone");
    return found.status();
  });
  EXPECT_TRUE(none.ok()) << none;
  for (const std::string bad : {"", "12345", "32010115019000421", "320101150190004x"}) {
    absl::Status s =
        db_->InTransaction([&](Tx& tx) { return tx.queues().FindProposalsByNik(bad).status(); });
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(std::string(s.message()).find(bad.empty() ? "\x01" : bad), std::string::npos);
  }
}

TEST_F(QueuesStorageTest, SavepointRollsBackOnlyTheFailingUnit) {
  ProposalRecord good = MakeProposal({Nik(1)}, kDesaA, At(0));
  ProposalRecord clash = MakeProposal({Nik(2), Nik(1)}, kDesaA, At(1));  // NIK taken by `good`
  ProposalRecord refused = MakeProposal({Nik(3)}, kDesaA, At(2));
  ProposalRecord duplicate_id = MakeProposal({Nik(4)}, kDesaA, At(3));
  duplicate_id.id = good.id;  // a database error (primary key) inside the savepoint
  ProposalRecord last = MakeProposal({Nik(5)}, kDesaA, At(4));
  std::vector<absl::Status> results;
  absl::Status committed = db_->InTransaction([&](Tx& tx) {
    for (const ProposalRecord* p : {&good, &clash, &refused, &duplicate_id, &last}) {
      results.push_back(tx.InSavepoint([&](Tx& row) -> absl::Status {
        absl::Status s = row.proposals().InsertProposal(*p, Creation(*p), "");
        if (!s.ok()) return s;
        // The unit itself refuses after writing everything.
        if (p == &refused) return absl::FailedPreconditionError("refused after writing");
        return absl::OkStatus();
      }));
    }
    return absl::OkStatus();
  });
  ASSERT_TRUE(committed.ok()) << committed;
  ASSERT_EQ(results.size(), 5u);
  EXPECT_TRUE(results[0].ok()) << results[0];
  EXPECT_EQ(results[1].code(), absl::StatusCode::kAlreadyExists) << results[1];
  EXPECT_EQ(results[2].code(), absl::StatusCode::kFailedPrecondition) << results[2];
  EXPECT_FALSE(results[3].ok());
  EXPECT_TRUE(results[4].ok()) << results[4];
  auto count = [&](const std::string& sql) { return scratch_.QueryValueAsSuperuser(sql); };
  EXPECT_EQ(count("SELECT count(*) FROM proposals"), "2");
  EXPECT_EQ(count("SELECT count(*) FROM households"), "2");
  EXPECT_EQ(count("SELECT count(*) FROM members"), "2");
  EXPECT_EQ(count("SELECT count(*) FROM nik_claims"), "2");
  EXPECT_EQ(count("SELECT count(*) FROM transitions"), "2");
  EXPECT_EQ(count("SELECT count(*) FROM members WHERE nik = '" + Nik(3) + "'"), "0");
}

}  // namespace
}  // namespace usulan::storage
