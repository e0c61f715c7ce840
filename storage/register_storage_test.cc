// The register in PostgreSQL (0013_register.sql): entries and their history,
// hash-chained per entry as audit/register_encoding.h says; the history is
// append-only for the service's role; reads by region, status and cycle; at most
// one open change of each kind per entry, even in a race.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "audit/digest.h"
#include "audit/register_encoding.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using test_records::At;
using test_records::Creation;
using test_records::NewId;
using testing::ScratchDatabase;
using testing::SqlErrorOf;
using ::testing::HasSubstr;
using workflow::EntryStatus;
using workflow::RegisterChange;

constexpr char kDesaA[] = "3201012001";
constexpr char kDesaB[] = "3201012002";
constexpr char kOtherKabupaten[] = "3202012001";

class RegisterStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Migrate(scratch_.url()).ok());
    auto db = Database::Open(
        {.url = scratch_.ServiceRoleUrl(), .pool_size = 2, .nik_key = std::string(32, 'n')});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }

  // A DRAFT proposal of `kind` in `desa`, naming `entry` (or none).
  absl::Status InsertProposal(const std::string& id, const std::string& desa,
                              workflow::Kind kind = workflow::Kind::kNew,
                              const std::string& entry = "",
                              const std::string& kk = test_records::kKk) {
    ++serial_;
    ProposalRecord p = test_records::MakeProposalRecord(
        id, desa, At(serial_), {test_records::SerialHead(serial_)}, kk);
    p.kind = kind;
    p.register_entry_id = entry;
    if (kind != workflow::Kind::kNew) p.reason = "pindah";
    return db_->InTransaction(
        [&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), "r-" + id); });
  }

  // Lists a household of `desa` from a NEW proposal decided at `seconds`.
  std::string Listed(const std::string& desa, int64_t seconds = 100,
                     const std::string& cycle = "2024-03",
                     const std::string& kk = test_records::kKk) {
    const std::string id = NewId();
    EXPECT_TRUE(InsertProposal(id, desa, workflow::Kind::kNew, "", kk).ok());
    RegisterEntryRecord entry;
    entry.id = id;
    entry.region = workflow::RegionOfDesa(desa);
    entry.status = EntryStatus::kActive;
    entry.listed_by = id;
    entry.listed_decree = "KEP-7/HUK/2024";
    entry.since_cycle = cycle;
    entry.household_proposal = id;
    entry.updated_at = At(seconds);
    absl::Status created =
        db_->InTransaction([&](Tx& tx) { return tx.register_entries().CreateEntry(entry); });
    EXPECT_TRUE(created.ok()) << created;
    return id;
  }

  absl::Status Change(const std::string& entry_id, RegisterChangeRecord change) {
    return db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto entry = tx.register_entries().LockEntry(entry_id);
      if (!entry.ok()) return entry.status();
      return tx.register_entries().ApplyChange(*entry, change);
    });
  }

  RegisterChangeRecord Deactivation(const std::string& proposal_id, int64_t seconds,
                                    const std::string& cycle = "2024-04") {
    RegisterChangeRecord c;
    c.change = RegisterChange::kDeactivated;
    c.proposal_id = proposal_id;
    c.decree_number = "KEP-9/HUK/2024";
    c.cycle = cycle;
    c.status_after = EntryStatus::kInactive;
    c.at = At(seconds);
    return c;
  }

  template <typename T>
  T Read(const std::function<absl::StatusOr<T>(Tx&)>& read) {
    T out{};
    absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
      auto value = read(tx);
      if (!value.ok()) return value.status();
      out = std::move(*value);
      return absl::OkStatus();
    });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }

  std::vector<RegisterHistoryRecord> History(const std::string& id) {
    return Read<std::vector<RegisterHistoryRecord>>(
        [&](Tx& tx) { return tx.register_entries().GetHistory(id); });
  }

  // Recomputes every row's hash from its fields and its link to the previous row.
  static bool ChainHolds(const std::vector<RegisterHistoryRecord>& rows) {
    std::string previous(audit::kZeroHash);
    for (const RegisterHistoryRecord& h : rows) {
      audit::RegisterRowFields f = RowFieldsOf(h);
      f.prev_hash = previous;
      if (h.prev_hash != previous || audit::RegisterRowHash(f) != h.hash) return false;
      previous = h.hash;
    }
    return true;
  }

  ScratchDatabase scratch_;
  std::unique_ptr<Database> db_;
  int serial_ = 0;
};

TEST_F(RegisterStorageTest, ListingAndChangesAreHashChainedPerEntry) {
  const std::string id = Listed(kDesaA, 100);
  auto entry = Read<RegisterEntryRecord>([&](Tx& tx) { return tx.register_entries().GetEntry(id); });
  EXPECT_EQ(entry.status, EntryStatus::kActive);
  EXPECT_EQ(entry.region.kabupaten_code, "3201");
  EXPECT_EQ(entry.listed_decree, "KEP-7/HUK/2024");
  EXPECT_EQ(entry.since_cycle, "2024-03");
  EXPECT_EQ(entry.version, 1);

  const std::string deactivation = NewId();
  ASSERT_TRUE(InsertProposal(deactivation, kDesaA, workflow::Kind::kDeactivation, id).ok());
  ASSERT_TRUE(Change(id, Deactivation(deactivation, 200)).ok());
  RegisterChangeRecord desil;
  desil.change = RegisterChange::kDesilChanged;
  desil.cycle = "2024-04";
  desil.desil = 2;
  desil.desil_date = "2024-04-02";
  desil.add_programme = "PBI-JK";
  desil.at = At(300);
  ASSERT_TRUE(Change(id, desil).ok());

  entry = Read<RegisterEntryRecord>([&](Tx& tx) { return tx.register_entries().GetEntry(id); });
  EXPECT_EQ(entry.status, EntryStatus::kInactive);
  EXPECT_EQ(entry.version, 3);
  EXPECT_EQ(entry.desil, 2);
  EXPECT_EQ(entry.desil_date, "2024-04-02");
  EXPECT_THAT(entry.programmes, ::testing::ElementsAre("PBI-JK"));

  std::vector<RegisterHistoryRecord> rows = History(id);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].change, RegisterChange::kListed);
  EXPECT_EQ(rows[0].prev_hash, std::string(audit::kZeroHash));
  EXPECT_EQ(rows[1].change, RegisterChange::kDeactivated);
  EXPECT_EQ(rows[1].proposal_id, deactivation);
  EXPECT_EQ(rows[1].status_after, EntryStatus::kInactive);
  EXPECT_EQ(rows[2].proposal_id, "");
  EXPECT_EQ(rows[2].desil_after, 2);
  EXPECT_EQ(entry.history_head, rows[2].hash);
  EXPECT_TRUE(ChainHolds(rows));

  // Control: a row changed in the database (as the superuser, triggers off)
  // no longer verifies.
  scratch_.ExecAsSuperuser(
      "BEGIN; SET LOCAL session_replication_role = replica; "
      "UPDATE register_history SET decree_number = 'KEP-X' WHERE sequence = 2; COMMIT");
  EXPECT_FALSE(ChainHolds(History(id)));
}

// An entry listed with a desil keeps it (and its date), as its LISTED row says.
TEST_F(RegisterStorageTest, AnEntryListedWithADesilKeepsIt) {
  const std::string id = NewId();
  ASSERT_TRUE(InsertProposal(id, kDesaA).ok());
  RegisterEntryRecord entry;
  entry.id = id;
  entry.region = workflow::RegionOfDesa(kDesaA);
  entry.listed_by = id;
  entry.listed_decree = "KEP-7/HUK/2024";
  entry.since_cycle = "2024-03";
  entry.household_proposal = id;
  entry.programmes = {"PBI-JK"};
  entry.updated_at = At(100);
  entry.desil = 4;  // without its date: refused, nothing written
  absl::Status created =
      db_->InTransaction([&](Tx& tx) { return tx.register_entries().CreateEntry(entry); });
  EXPECT_EQ(created.code(), absl::StatusCode::kInvalidArgument) << created;
  entry.desil_date = "2024-02-01";
  created = db_->InTransaction([&](Tx& tx) { return tx.register_entries().CreateEntry(entry); });
  ASSERT_TRUE(created.ok()) << created;

  const RegisterEntryRecord stored =
      Read<RegisterEntryRecord>([&](Tx& tx) { return tx.register_entries().GetEntry(id); });
  EXPECT_EQ(stored.desil, 4);
  EXPECT_EQ(stored.desil_date, "2024-02-01");
  const std::vector<RegisterHistoryRecord> rows = History(id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].desil_after, 4);
  EXPECT_EQ(rows[0].desil_date_after, "2024-02-01");
  EXPECT_THAT(rows[0].programmes_after, ::testing::ElementsAre("PBI-JK"));
  EXPECT_EQ(rows[0].encoding, std::string(audit::kRegisterEncodingV2));
  EXPECT_TRUE(ChainHolds(rows));
  // The verifier's read: the entry and its row agree.
  const auto read = Read<std::vector<EntryWithHistory>>(
      [&](Tx& tx) { return tx.register_entries().EntriesWithHistory({id, NewId(), "x"}); });
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].entry.id, id);
  ASSERT_EQ(read[0].history.size(), 1u);
  EXPECT_EQ(read[0].history[0].hash, stored.history_head);
}

TEST_F(RegisterStorageTest, AStaleEntryVersionIsAborted) {
  const std::string id = Listed(kDesaA);
  absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
    auto entry = tx.register_entries().LockEntry(id);
    if (!entry.ok()) return entry.status();
    RegisterEntryRecord stale = *entry;
    stale.version = 7;
    return tx.register_entries().ApplyChange(stale, Deactivation(id, 200));
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
  EXPECT_EQ(History(id).size(), 1u);
  // Unknown and malformed ids are not found.
  for (const std::string& bad : {NewId(), std::string("nope")}) {
    absl::Status missing = db_->InTransaction(
        [&](Tx& tx) { return tx.register_entries().LockEntry(bad).status(); });
    EXPECT_EQ(missing.code(), absl::StatusCode::kNotFound) << bad;
    EXPECT_THAT(missing.message(), HasSubstr("register entry"));
  }
}

TEST_F(RegisterStorageTest, ServiceRoleMayOnlyAppendHistory) {
  const std::string id = Listed(kDesaA);
  const std::string service = scratch_.ServiceRoleUrl();
  const std::string row = " WHERE entry_id = '" + id + "'";
  EXPECT_EQ(SqlErrorOf(service, "SELECT count(*) FROM register_history"), "");
  for (const std::string& sql :
       {"UPDATE register_history SET cycle = '2020-01'" + row, "DELETE FROM register_history" + row,
        std::string("TRUNCATE register_history CASCADE"),
        std::string("DELETE FROM register_entries"),
        std::string("ALTER TABLE register_history DISABLE TRIGGER USER")}) {
    EXPECT_THAT(SqlErrorOf(service, sql),
                ::testing::AnyOf(HasSubstr("permission denied"), HasSubstr("must be owner")))
        << sql;
  }
  // The owner too, outside a migration.
  EXPECT_THAT(SqlErrorOf(scratch_.url(), "UPDATE register_history SET cycle = '2020-01'"),
              HasSubstr("append-only"));
  // Control: the service's role may append and change the entry itself.
  EXPECT_EQ(SqlErrorOf(service, "UPDATE register_entries SET updated_at = updated_at"), "");
  EXPECT_EQ(History(id).size(), 1u);
}

TEST_F(RegisterStorageTest, ListsByRegionAndStatusInKeysetPages) {
  std::vector<std::string> a, b;
  for (int i = 0; i < 3; ++i) a.push_back(Listed(kDesaA));
  for (int i = 0; i < 2; ++i) b.push_back(Listed(kDesaB));
  const std::string other = Listed(kOtherKabupaten);
  ASSERT_TRUE(Change(a[1], Deactivation(a[1], 200)).ok());

  RegisterFilter filter;
  filter.region_prefix = "3201";
  filter.limit = 2;
  std::vector<std::string> seen;
  for (int page = 0; page < 5; ++page) {
    auto rows = Read<std::vector<RegisterEntryRecord>>(
        [&](Tx& tx) { return tx.register_entries().ListEntries(filter); });
    for (const auto& e : rows) seen.push_back(e.id);
    if (static_cast<int>(rows.size()) < filter.limit) break;
    filter.after = RegisterCursor{rows.back().region.desa_code, rows.back().id};
  }
  std::vector<std::string> expected_a = a, expected_b = b;
  std::sort(expected_a.begin(), expected_a.end());
  std::sort(expected_b.begin(), expected_b.end());
  std::vector<std::string> expected = expected_a;
  expected.insert(expected.end(), expected_b.begin(), expected_b.end());
  EXPECT_EQ(seen, expected);  // desa order, then id; never the other kabupaten's

  RegisterFilter inactive;
  inactive.region_prefix = kDesaA;
  inactive.statuses = {EntryStatus::kInactive};
  auto rows = Read<std::vector<RegisterEntryRecord>>(
      [&](Tx& tx) { return tx.register_entries().ListEntries(inactive); });
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].id, a[1]);
  RegisterFilter national;
  national.limit = 100;
  EXPECT_EQ(Read<std::vector<RegisterEntryRecord>>(
                [&](Tx& tx) { return tx.register_entries().ListEntries(national); })
                .size(),
            6u);

  auto counts = Read<std::vector<RegisterCountRecord>>(
      [&](Tx& tx) { return tx.register_entries().CountEntries("320101"); });
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].desa_code, kDesaA);
  EXPECT_EQ(counts[0].active, 2);
  EXPECT_EQ(counts[0].inactive, 1);
  EXPECT_EQ(counts[1].desa_code, kDesaB);
  EXPECT_EQ(counts[1].active, 2);
  EXPECT_EQ(counts[1].inactive, 0);
  static_cast<void>(other);
}

TEST_F(RegisterStorageTest, HistoryOfACycleInOrder) {
  const std::string first = Listed(kDesaA, 100, "2024-03");
  const std::string second = Listed(kDesaB, 150, "2024-04");
  const std::string elsewhere = Listed(kOtherKabupaten, 160, "2024-04");
  ASSERT_TRUE(Change(first, Deactivation(first, 200, "2024-04")).ok());
  auto walk = [&](const std::string& prefix) {
    std::vector<std::pair<std::string, int64_t>> seen;
    std::optional<HistoryCursor> after;
    for (int page = 0; page < 5; ++page) {
      auto rows = Read<std::vector<CycleChangeRecord>>([&](Tx& tx) {
        return tx.register_entries().HistoryOfCycle("2024-04", prefix, after, 1);
      });
      if (rows.empty()) break;
      const RegisterHistoryRecord& h = rows[0].history;
      seen.emplace_back(h.entry_id, h.sequence);
      EXPECT_EQ(rows[0].kind, workflow::Kind::kNew);
      EXPECT_EQ(rows[0].route, workflow::Route::kVillage);
      EXPECT_EQ(rows[0].household_proposal, h.entry_id);  // its LISTED proposal
      EXPECT_EQ(rows[0].region.desa_code.substr(0, prefix.size()), prefix);
      after = HistoryCursor{h.at, h.entry_id, h.sequence};
    }
    return seen;
  };
  // The March listing is another cycle's; the other kabupaten's is outside 3201.
  EXPECT_THAT(walk("3201"), ::testing::ElementsAre(std::make_pair(second, int64_t{1}),
                                                   std::make_pair(first, int64_t{2})));
  EXPECT_THAT(walk(""), ::testing::ElementsAre(std::make_pair(second, int64_t{1}),
                                               std::make_pair(elsewhere, int64_t{1}),
                                               std::make_pair(first, int64_t{2})));
  EXPECT_THAT(walk(kDesaA), ::testing::ElementsAre(std::make_pair(first, int64_t{2})));
  absl::Status bad = db_->InTransaction([&](Tx& tx) {
    return tx.register_entries().HistoryOfCycle("2024-04", "32x", std::nullopt, 10).status();
  });
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument) << bad;
}

TEST_F(RegisterStorageTest, HouseholdsOfTheDeterminationWithPersonalData) {
  const std::string listed = Listed(kDesaA);
  const std::string never = NewId();
  auto households = Read<std::map<std::string, DeterminationHouseholdRecord>>([&](Tx& tx) {
    return tx.register_entries().HouseholdsOf({listed, never, "not-a-uuid"});
  });
  ASSERT_EQ(households.size(), 1u);
  EXPECT_EQ(households[listed].kk_number, test_records::kKk);
  ASSERT_EQ(households[listed].members.size(), 1u);
  EXPECT_EQ(households[listed].members[0].relationship, workflow::Relationship::kHead);
}

// The KK leads to entries by its keyed hash (households_kk_hmac, 0017) in any
// desa: the ranking's batches lock the ACTIVE ones, GetMyHousehold prefers the
// token's desa, then ACTIVE, then the latest changed.
TEST_F(RegisterStorageTest, EntriesAreFoundByTheKeyedKkInAnyDesa) {
  constexpr char kMovedKk[] = "3201010101000077";
  constexpr char kUnlistedKk[] = "3201010101000078";
  const std::string in_a = Listed(kDesaA, 100, "2024-03", kMovedKk);
  const std::string other = Listed(kDesaA);  // test_records::kKk
  using Found = std::optional<RegisterEntryRecord>;
  auto entry_of = [&](const std::string& kk, const std::string& desa) {
    return Read<Found>([&](Tx& tx) { return tx.register_entries().EntryOfKk(kk, desa); });
  };
  Found found = entry_of(kMovedKk, kDesaB);  // the family now lives in desa B
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, in_a);
  EXPECT_FALSE(entry_of(kUnlistedKk, kDesaA).has_value());
  EXPECT_FALSE(entry_of("", kDesaA).has_value());

  // An entry of the preferred desa comes first, even an INACTIVE one.
  const std::string in_b = Listed(kDesaB, 200, "2024-03", kMovedKk);
  ASSERT_TRUE(Change(in_b, Deactivation(in_b, 300)).ok());
  EXPECT_EQ(entry_of(kMovedKk, kDesaB)->id, in_b);
  EXPECT_EQ(entry_of(kMovedKk, kDesaA)->id, in_a);
  EXPECT_EQ(entry_of(kMovedKk, kOtherKabupaten)->id, in_a) << "ACTIVE before INACTIVE";

  auto locked = Read<std::vector<RankedEntry>>([&](Tx& tx) {
    return tx.register_entries().LockActiveEntriesOfKks({kMovedKk, kUnlistedKk});
  });
  ASSERT_EQ(locked.size(), 1u);
  EXPECT_EQ(locked[0].entry.id, in_a);
  EXPECT_EQ(locked[0].kk_number, kMovedKk);
  locked = Read<std::vector<RankedEntry>>([&](Tx& tx) {
    return tx.register_entries().LockActiveEntriesOfKks({test_records::kKk});
  });
  ASSERT_EQ(locked.size(), 1u);
  EXPECT_EQ(locked[0].entry.id, other);
}

TEST_F(RegisterStorageTest, OneOpenChangeOfEachKindPerEntry) {
  const std::string entry = Listed(kDesaA);
  const std::string first = NewId();
  ASSERT_TRUE(InsertProposal(first, kDesaA, workflow::Kind::kDeactivation, entry).ok());
  EXPECT_EQ(Read<std::string>([&](Tx& tx) {
              return tx.register_entries().OpenProposalOf(entry, workflow::Kind::kDeactivation);
            }),
            first);
  EXPECT_EQ(Read<std::string>([&](Tx& tx) {
              return tx.register_entries().OpenProposalOf(entry, workflow::Kind::kCorrection);
            }),
            "");
  // The index refuses a second open deactivation (the race past the check).
  absl::Status second =
      InsertProposal(NewId(), kDesaA, workflow::Kind::kDeactivation, entry);
  EXPECT_EQ(second.code(), absl::StatusCode::kFailedPrecondition) << second;
  EXPECT_THAT(second.message(), HasSubstr("register_entry_id"));
  // Controls: another kind, an objection, and another entry are fine.
  EXPECT_TRUE(InsertProposal(NewId(), kDesaA, workflow::Kind::kCorrection, entry).ok());
  EXPECT_TRUE(InsertProposal(NewId(), kDesaA, workflow::Kind::kObjection, entry).ok());
  // A second open objection by the same filer is refused by 0014's index (other
  // citizens may object side by side: ObjectionE2eTest files two).
  absl::Status again = InsertProposal(NewId(), kDesaA, workflow::Kind::kObjection, entry);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
  const std::string other = Listed(kDesaA);
  EXPECT_TRUE(InsertProposal(NewId(), kDesaA, workflow::Kind::kDeactivation, other).ok());
  // Once the first is settled, a new one may be filed.
  scratch_.ExecAsSuperuser("BEGIN; SET LOCAL session_replication_role = replica; "
                           "UPDATE proposals SET state = 'WITHDRAWN' WHERE id = '" + first +
                           "'; COMMIT");
  EXPECT_EQ(Read<std::string>([&](Tx& tx) {
              return tx.register_entries().OpenProposalOf(entry, workflow::Kind::kDeactivation);
            }),
            "");
  EXPECT_TRUE(InsertProposal(NewId(), kDesaA, workflow::Kind::kDeactivation, entry).ok());
  // The proposal names its entry when read back.
  auto read = Read<ProposalRecord>([&](Tx& tx) { return tx.proposals().GetProposal(first); });
  EXPECT_EQ(read.register_entry_id, entry);
}

}  // namespace
}  // namespace usulan::storage
