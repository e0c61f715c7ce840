// Personal data in storage (0005_personal_data.sql): NIKs are found and claimed
// by their keyed hash only, old rows are back-filled, erasure removes a
// household and every stored answer about it, and answers expire.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/records.h"
#include "storage/storage_test_records.h"
#include "storage/tx.h"
#include "tests/support/scratch_database.h"

namespace usulan::storage {
namespace {

using namespace std::chrono_literals;
using testing::ScratchDatabase;
using workflow::Role;
using workflow::State;

const std::string kKey(32, 'n');
const std::string kOtherKey(32, 'o');
using test_records::At;
using test_records::Creation;
using test_records::kDesa;
using test_records::Nik;

std::string Id(int n) {
  char out[40];
  std::snprintf(out, sizeof out, "00000000-0000-4000-8000-%012d", n);
  return out;
}

std::string HmacHex(const std::string& key, const std::string& nik) {
  return audit::ToHex(audit::NikHmac(key, nik));
}

ProposalRecord MakeProposal(const std::string& id, const std::vector<std::string>& niks) {
  ProposalRecord p = test_records::MakeProposalRecord(
      id, kDesa, At(0),
      test_records::MembersOf(niks, "Siti Anggota",
                              {.sex = workflow::Sex::kFemale, .birth_date = "1990-01-15"}),
      test_records::kKk);
  p.household.address = "Jl. Melati 1";
  return p;
}

class PersonalDataStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Migrate(scratch_.url()).ok());
    db_ = OpenWith(kKey);
  }

  std::unique_ptr<Database> OpenWith(const std::string& key) {
    auto db = Database::Open({.url = scratch_.url(), .pool_size = 2, .nik_key = key});
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? std::move(*db) : nullptr;
  }

  absl::Status Insert(Database& db, const ProposalRecord& p) {
    return db.InTransaction([&](Tx& tx) { return tx.proposals().InsertProposal(p, Creation(p), ""); });
  }

  absl::StatusOr<std::vector<NikHitRecord>> Find(Database& db, const std::string& nik) {
    absl::StatusOr<std::vector<NikHitRecord>> out;
    absl::Status s = db.InTransaction([&](Tx& tx) {
      out = tx.queues().FindProposalsByNik(nik);
      return out.status();
    });
    if (!s.ok()) return s;
    return out;
  }

  std::string Query(const std::string& sql) { return scratch_.QueryValueAsSuperuser(sql); }

  // Runs a back-fill (one batch per transaction) until a batch fills nothing,
  // at most `rounds` batches; answers how many each batch filled.
  std::vector<int> FillInBatches(const std::function<absl::StatusOr<int>(Tx&)>& fill,
                                 int rounds) {
    std::vector<int> filled;
    for (int round = 0; round < rounds; ++round) {
      int n = -1;
      absl::Status s = db_->InTransaction([&](Tx& tx) -> absl::Status {
        auto done = fill(tx);
        if (!done.ok()) return done.status();
        n = *done;
        return absl::OkStatus();
      });
      EXPECT_TRUE(s.ok()) << s;
      filled.push_back(n);
      if (n <= 0) break;
    }
    return filled;
  }

  ScratchDatabase scratch_;
  std::unique_ptr<Database> db_;
};

TEST_F(PersonalDataStorageTest, MembersAndClaimsCarryTheKeyedHashAndLookupsUseIt) {
  ASSERT_TRUE(Insert(*db_, MakeProposal(Id(1), {Nik(1), Nik(2)})).ok());
  EXPECT_EQ(Query("SELECT string_agg(encode(nik_hmac, 'hex'), ',' ORDER BY position) "
                  "FROM members"),
            HmacHex(kKey, Nik(1)) + "," + HmacHex(kKey, Nik(2)));
  EXPECT_EQ(Query("SELECT string_agg(encode(nik_hmac, 'hex'), ',' ORDER BY position) "
                  "FROM nik_claims"),
            HmacHex(kKey, Nik(1)) + "," + HmacHex(kKey, Nik(2)));

  auto hits = Find(*db_, Nik(2));
  ASSERT_TRUE(hits.ok()) << hits.status();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].proposal_id, Id(1));
  EXPECT_EQ((*hits)[0].position, 2);
  ASSERT_EQ((*hits)[0].members.size(), 2u);
  EXPECT_EQ((*hits)[0].members[1].nik, Nik(2));
  EXPECT_TRUE(Find(*db_, Nik(3))->empty());

  // The claim holds by hash: the same NIK in another open proposal is refused,
  // naming the member.
  absl::Status again = Insert(*db_, MakeProposal(Id(2), {Nik(3), Nik(2)}));
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists) << again;
  EXPECT_EQ(again.message(), "household.members[1].nik is already in another open proposal");

  // Another key finds nothing: the index holds no NIK, only its keyed hash.
  auto other = OpenWith(kOtherKey);
  ASSERT_NE(other, nullptr);
  EXPECT_TRUE(Find(*other, Nik(2))->empty());
}

TEST_F(PersonalDataStorageTest, NoPlainNikInAnyIndexOrInTheClaims) {
  EXPECT_EQ(Query("SELECT count(*) FROM information_schema.columns "
                  "WHERE table_name = 'nik_claims' AND column_name = 'nik'"),
            "0");
  // The only NIK-keyed indexes are the civil-registry simulation's (it stands for
  // Dukcapil, which is keyed by NIK).
  EXPECT_EQ(Query("SELECT coalesce(string_agg(indexname, ',' ORDER BY indexname), '') "
                  "FROM pg_indexes WHERE schemaname = 'public' "
                  "AND tablename <> 'registry_people' "
                  "AND (indexdef ~ '\\(nik[,)]' OR indexdef ~ ', nik[,)]' "
                  "OR indexdef ~ 'kk_number')"),
            "");
  EXPECT_EQ(Query("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                  "WHERE indexdef LIKE '%nik_hmac%'"),
            "deceased_filings_entry,members_nik_hmac,nik_claims_nik_hmac");
  // Households are found by KK through its keyed hash only (0017).
  EXPECT_EQ(Query("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes "
                  "WHERE indexdef LIKE '%kk_hmac%'"),
            "households_kk_hmac");
}

// households.kk_hmac (0017): written with every household write under the
// KK's own derived key (never the NIK hash of the same 16 digits), back-filled
// for older rows, and gone with the household when it is erased.
TEST_F(PersonalDataStorageTest, HouseholdsCarryTheKeyedKkHashUntilErased) {
  const std::string kk_hash = audit::ToHex(audit::KkHmac(kKey, test_records::kKk));
  ASSERT_NE(kk_hash, HmacHex(kKey, test_records::kKk));
  ASSERT_TRUE(Insert(*db_, MakeProposal(Id(1), {Nik(1)})).ok());
  ASSERT_TRUE(Insert(*db_, MakeProposal(Id(2), {Nik(2)})).ok());
  const std::string hashes =
      "SELECT string_agg(coalesce(encode(kk_hmac, 'hex'), '-'), ',' ORDER BY proposal_id) "
      "FROM households";
  EXPECT_EQ(Query(hashes), kk_hash + "," + kk_hash);

  // A replaced household gets its new KK's hash.
  constexpr char kNewKk[] = "3201010101000099";
  workflow::Household moved = MakeProposal(Id(2), {Nik(2)}).household;
  moved.kk_number = kNewKk;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.proposals().ReplaceHousehold(Id(2), moved, "pindah KK",
                                                          workflow::DeactivationReason::kNone);
                 }).ok());
  const std::string new_hash = audit::ToHex(audit::KkHmac(kKey, kNewKk));
  EXPECT_EQ(Query(hashes), kk_hash + "," + new_hash);

  // Rows as 0017 leaves them: no hash yet. The back-fill fills them in batches.
  scratch_.ExecAsSuperuser("UPDATE households SET kk_hmac = NULL");
  EXPECT_EQ(FillInBatches([](Tx& tx) { return tx.personal_data().BackfillKkHmac(1); }, 4),
            (std::vector<int>{1, 1, 0}));
  EXPECT_EQ(Query(hashes), kk_hash + "," + new_hash);

  // Erasure takes the hash with the household; the other household keeps its own.
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   return tx.personal_data().ErasePersonalData(Id(1), At(100), At(0));
                 }).ok());
  EXPECT_EQ(Query("SELECT count(*) FROM households WHERE kk_hmac = decode('" + kk_hash +
                  "', 'hex')"),
            "0");
  EXPECT_EQ(Query(hashes), new_hash);
}

TEST_F(PersonalDataStorageTest, WithoutAKeyNothingIsHashedOrFound) {
  auto keyless = OpenWith("");
  ASSERT_NE(keyless, nullptr);
  absl::Status s = Insert(*keyless, MakeProposal(Id(1), {Nik(1)}));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_EQ(Find(*keyless, Nik(1)).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Database::Open({.url = scratch_.url(), .pool_size = 1, .nik_key = "short"})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(PersonalDataStorageTest, BackfillHashesOldRowsAndTheKeyIsChecked) {
  ASSERT_TRUE(Insert(*db_, MakeProposal(Id(1), {Nik(1), Nik(2), Nik(3)})).ok());
  // Rows as 0005 leaves them: no hash yet.
  scratch_.ExecAsSuperuser("UPDATE members SET nik_hmac = NULL; UPDATE nik_claims SET nik_hmac = NULL");
  EXPECT_TRUE(Find(*db_, Nik(1))->empty());

  ASSERT_TRUE(db_->InTransaction([](Tx& tx) { return tx.personal_data().CheckNikKey(); }).ok());
  EXPECT_EQ(FillInBatches([](Tx& tx) { return tx.personal_data().BackfillNikHmac(2); }, 5),
            (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(Query("SELECT count(*) FROM members WHERE nik_hmac IS NULL"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM nik_claims WHERE nik_hmac IS NULL"), "0");
  EXPECT_EQ(Query("SELECT encode(nik_hmac, 'hex') FROM nik_claims WHERE position = 3"),
            HmacHex(kKey, Nik(3)));
  EXPECT_EQ(Find(*db_, Nik(3))->size(), 1u);

  // The key is recorded by fingerprint; the same key passes, another is refused.
  EXPECT_EQ(Query("SELECT encode(fingerprint, 'hex') FROM nik_key_check"),
            audit::ToHex(audit::NikKeyFingerprint(kKey)));
  EXPECT_TRUE(db_->InTransaction([](Tx& tx) { return tx.personal_data().CheckNikKey(); }).ok());
  auto other = OpenWith(kOtherKey);
  ASSERT_NE(other, nullptr);
  absl::Status refused = other->InTransaction([](Tx& tx) { return tx.personal_data().CheckNikKey(); });
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
}

TEST_F(PersonalDataStorageTest, ErasureRemovesTheHouseholdAndEveryAnswerAboutIt) {
  ProposalRecord p = MakeProposal(Id(1), {Nik(1), Nik(2)});
  p.reason = "an office's reason";
  ASSERT_TRUE(Insert(*db_, p).ok());
  ProposalRecord second = MakeProposal(Id(2), {Nik(5)});
  second.reason = "a citizen's words about a neighbour";
  ASSERT_TRUE(Insert(*db_, second).ok());
  // Stored answers: one naming the proposal, one naming none that holds its id,
  // one from before it existed, and one about another proposal.
  auto store = [&](const std::string& request_id, const std::string& response,
                   const std::string& proposal_id, TimePoint at) {
    RequestKey key{request_id, "operator-1", "CreateProposal", std::string(64, 'f')};
    ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                     auto claim = tx.requests().ClaimRequest(key, at);
                     if (!claim.ok()) return claim.status();
                     return tx.requests().CompleteRequest(key, response, proposal_id);
                   }).ok());
  };
  store("named", "answer with " + Nik(1), Id(1), At(10));
  store("unnamed", std::string("\x0a\x24", 2) + Id(1) + " and " + Nik(2), "", At(20));
  store("older", "mentions " + Id(1), "", At(-10));
  store("other", "about " + Id(2), Id(2), At(30));

  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   return tx.personal_data().ErasePersonalData(Id(1), At(100), p.created_at);
                 }).ok());
  const std::string where = " WHERE proposal_id = '" + Id(1) + "'";
  EXPECT_EQ(Query("SELECT count(*) FROM households" + where), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM members" + where), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM nik_claims" + where), "0");
  EXPECT_EQ(Query("SELECT string_agg(request_id, ',' ORDER BY request_id) FROM idempotency"),
            "older,other");
  EXPECT_EQ(Query("SELECT count(*) FROM transitions" + where), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM households"), "1");

  absl::StatusOr<ProposalRecord> read;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   read = tx.proposals().GetProposal(Id(1));
                   return read.status();
                 }).ok());
  EXPECT_EQ(read->personal_data_erased_at, At(100));
  EXPECT_TRUE(read->household.members.empty());
  EXPECT_EQ(read->household.kk_number, "");
  EXPECT_TRUE(Find(*db_, Nik(1))->empty());
  EXPECT_EQ(Find(*db_, Nik(5))->size(), 1u);
  // An office's reason stays (the trail holds it anyway); a citizen's words go
  // with the household when the caller says so (workflow::FiledByCitizen).
  EXPECT_EQ(read->reason, "an office's reason");
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   return tx.personal_data().ErasePersonalData(Id(2), At(100), At(0),
                                                               /*with_reason=*/true);
                 }).ok());
  EXPECT_EQ(Query("SELECT reason FROM proposals WHERE id = '" + Id(2) + "'"), "");

  absl::Status unknown = db_->InTransaction(
      [&](Tx& tx) { return tx.personal_data().ErasePersonalData(Id(9), At(100), At(0)); });
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound);
}

// A citizen objection's GPS point (0016_objection_points.sql) is stored with the
// proposal in the same insert, read back with it, never written to the audit
// trail, and erased with the household; another objection's point is the
// control that erasure is per proposal.
TEST_F(PersonalDataStorageTest, ObjectionPointIsStoredOutsideTheTrailAndErasedWithTheHousehold) {
  ProposalRecord objection = MakeProposal(Id(1), {Nik(1)});
  objection.kind = workflow::Kind::kObjection;
  objection.objection_point = workflow::GeoPoint{-6.595123, 106.816789};
  ProposalRecord other = MakeProposal(Id(2), {Nik(2)});
  other.kind = workflow::Kind::kObjection;
  other.objection_point = workflow::GeoPoint{-8.49, 140.4};
  ASSERT_TRUE(Insert(*db_, objection).ok());
  ASSERT_TRUE(Insert(*db_, other).ok());
  ASSERT_TRUE(Insert(*db_, MakeProposal(Id(3), {Nik(3)})).ok());

  auto read = [&](const std::string& id) {
    absl::StatusOr<ProposalRecord> out;
    EXPECT_TRUE(db_->InTransaction([&](Tx& tx) {
                     out = tx.proposals().GetProposal(id);
                     return out.status();
                   }).ok());
    return *out;
  };
  ProposalRecord stored = read(Id(1));
  ASSERT_TRUE(stored.objection_point.has_value());
  EXPECT_EQ(stored.objection_point->latitude, -6.595123);
  EXPECT_EQ(stored.objection_point->longitude, 106.816789);
  EXPECT_FALSE(read(Id(3)).objection_point.has_value());
  // The set-based lock (transition_writes.cc) reads it the same way.
  absl::StatusOr<std::vector<ProposalRecord>> locked;
  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) {
                   locked = tx.proposals().LockProposals({Id(1)}, /*with_members=*/false);
                   return locked.status();
                 }).ok());
  ASSERT_EQ(locked->size(), 1u);
  ASSERT_TRUE((*locked)[0].objection_point.has_value());
  EXPECT_EQ((*locked)[0].objection_point->longitude, 106.816789);
  // Nowhere in the never-erased trail: not in any column of a transition row.
  EXPECT_EQ(Query("SELECT count(*) FROM transitions t WHERE t::text LIKE '%6.595%' "
                  "OR t::text LIKE '%106.816%'"),
            "0");

  ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                   return tx.personal_data().ErasePersonalData(Id(1), At(100), objection.created_at);
                 }).ok());
  EXPECT_EQ(Query("SELECT count(*) FROM objection_points WHERE proposal_id = '" + Id(1) + "'"),
            "0");
  EXPECT_FALSE(read(Id(1)).objection_point.has_value());
  // The control: the other objection keeps its point.
  ProposalRecord kept = read(Id(2));
  ASSERT_TRUE(kept.objection_point.has_value());
  EXPECT_EQ(kept.objection_point->latitude, -8.49);
}

TEST_F(PersonalDataStorageTest, PurgeDeletesAnswersPastTheReplayWindowOnly) {
  for (int i = 0; i < 5; ++i) {
    RequestKey key{"r" + std::to_string(i), "operator-1", "CreateProposal", "fp"};
    ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                     auto claim = tx.requests().ClaimRequest(key, At(i * 100));
                     if (!claim.ok()) return claim.status();
                     return tx.requests().CompleteRequest(key, "x");
                   }).ok());
  }
  std::vector<int> purged;
  for (int round = 0; round < 3; ++round) {
    int n = -1;
    ASSERT_TRUE(db_->InTransaction([&](Tx& tx) -> absl::Status {
                     auto done = tx.personal_data().PurgeRequests(At(250), 2);
                     if (!done.ok()) return done.status();
                     n = *done;
                     return absl::OkStatus();
                   }).ok());
    purged.push_back(n);
  }
  EXPECT_EQ(purged, (std::vector<int>{2, 1, 0}));
  EXPECT_EQ(Query("SELECT string_agg(request_id, ',' ORDER BY request_id) FROM idempotency"),
            "r3,r4");
}

}  // namespace
}  // namespace usulan::storage
