// The register verifier, exhaustively: an untampered history of v1 and v2 rows
// and its entry verify (the control); every field of every row, every field of
// the entry row, a deleted, inserted or reordered row, an unknown or downgraded
// encoding, each is found and named.
#include "audit/register_verifier.h"

#include <gtest/gtest.h>

#include <functional>
#include <optional>

#include "audit/digest.h"

namespace usulan::audit {
namespace {

constexpr char kEntry[] = "0b5e7c8a-1f2d-4c3b-9a8e-7d6c5b4a3f21";
constexpr char kCorrection[] = "1c6f8d9b-2a3e-4d4c-8b9f-8e7d6c5b4a32";
constexpr char kReactivation[] = "2d7a9eac-3b4f-4e5d-9cab-9f8e7d6c5b43";

// A history as the service writes it: LISTED and DEACTIVATED before 0018 (v1),
// then CORRECTED, DESIL_CHANGED, REACTIVATED and PROGRAMME_JOINED (v2).
std::vector<StoredRegisterRow> History() {
  struct Step {
    const char* encoding;
    const char* change;
    std::string proposal;
    const char* status;
    std::optional<int> desil;
    const char* desil_date;
    std::vector<std::string> programmes;
  };
  const std::vector<Step> steps = {
      {"usulan-register-v1", "LISTED", kEntry, "ACTIVE", std::nullopt, "", {}},
      {"usulan-register-v1", "DEACTIVATED", kCorrection, "INACTIVE", std::nullopt, "", {}},
      {"usulan-register-v2", "CORRECTED", kCorrection, "INACTIVE", std::nullopt, "", {}},
      {"usulan-register-v2", "DESIL_CHANGED", "", "INACTIVE", 3, "2026-10-01", {}},
      {"usulan-register-v2", "REACTIVATED", kReactivation, "ACTIVE", 3, "2026-10-01", {}},
      {"usulan-register-v2", "PROGRAMME_JOINED", kReactivation, "ACTIVE", 3, "2026-10-01",
       {"PBI-JK"}},
  };
  std::vector<StoredRegisterRow> rows;
  std::string previous(kZeroHash);
  for (size_t i = 0; i < steps.size(); ++i) {
    RegisterRowFields f;
    f.entry_id = kEntry;
    f.sequence = static_cast<int64_t>(i) + 1;
    f.change = steps[i].change;
    f.proposal_id = steps[i].proposal;
    f.decree_number = steps[i].proposal.empty() ? "2026-Q4" : "KEP-1/2026";
    f.cycle = "2026-11";
    f.status_after = steps[i].status;
    f.desil_after = steps[i].desil;
    f.at_us = 1764547200000000 + static_cast<int64_t>(i);
    f.prev_hash = previous;
    f.encoding = steps[i].encoding;
    f.desil_date_after = steps[i].desil_date;
    f.programmes_after = steps[i].programmes;
    rows.push_back({f, RegisterRowHash(f)});
    previous = rows.back().hash;
  }
  return rows;
}

EntryRowState EntryOf(const std::vector<StoredRegisterRow>& rows) {
  EntryRowState e;
  e.entry_id = kEntry;
  e.status = "ACTIVE";
  e.desil = 3;
  e.desil_date = "2026-10-01";
  e.programmes = {"PBI-JK"};
  e.household_proposal = kCorrection;
  e.version = static_cast<int64_t>(rows.size());
  e.history_head = rows.back().hash;
  return e;
}

std::vector<RegisterFindingKind> Kinds(const std::vector<RegisterFinding>& findings) {
  std::vector<RegisterFindingKind> out;
  for (const RegisterFinding& f : findings) out.push_back(f.kind);
  return out;
}

TEST(RegisterVerifierTest, AnUntamperedHistoryOfBothEncodingsVerifies) {
  const std::vector<StoredRegisterRow> rows = History();
  EXPECT_TRUE(VerifyRegisterEntry(EntryOf(rows), rows).empty());
  // A v1-only history too (an entry untouched since 0018): desil date and
  // programmes are not compared, as v1 did not hash them.
  std::vector<StoredRegisterRow> v1(rows.begin(), rows.begin() + 2);
  EntryRowState entry = EntryOf(v1);
  entry.status = "INACTIVE";
  entry.desil.reset();
  entry.household_proposal = kEntry;
  entry.programmes = {"PBI-JK"};
  EXPECT_TRUE(VerifyRegisterEntry(entry, v1).empty());
}

TEST(RegisterVerifierTest, EveryFieldOfEveryRowIsCovered) {
  const std::vector<StoredRegisterRow> base = History();
  for (size_t i = 0; i < base.size(); ++i) {
    const bool v2 = base[i].fields.encoding == kRegisterEncodingV2;
    std::vector<std::function<void(RegisterRowFields&)>> edits = {
        [](RegisterRowFields& f) { f.change = "CORRECTED" + f.change; },
        [](RegisterRowFields& f) { f.proposal_id += "0"; },
        [](RegisterRowFields& f) { f.decree_number += "X"; },
        [](RegisterRowFields& f) { f.cycle = "2026-12"; },
        [](RegisterRowFields& f) { f.status_after += "X"; },
        [](RegisterRowFields& f) { f.desil_after = f.desil_after ? *f.desil_after + 1 : 9; },
        [](RegisterRowFields& f) { f.at_us += 1; },
    };
    if (v2) {
      edits.push_back([](RegisterRowFields& f) { f.desil_date_after = "2027-01-01"; });
      edits.push_back([](RegisterRowFields& f) { f.programmes_after.push_back("PKH"); });
    }
    for (size_t e = 0; e < edits.size(); ++e) {
      std::vector<StoredRegisterRow> rows = base;
      edits[e](rows[i].fields);
      const auto findings = VerifyRegisterEntry(EntryOf(base), rows);
      ASSERT_FALSE(findings.empty()) << "row " << i << " edit " << e;
      EXPECT_EQ(findings[0].kind, RegisterFindingKind::kRowAltered) << "row " << i << " edit " << e;
      EXPECT_EQ(findings[0].sequence, static_cast<int64_t>(i) + 1);
    }
  }
}

TEST(RegisterVerifierTest, AStoredHashChangedBreaksTheChainAfterIt) {
  std::vector<StoredRegisterRow> rows = History();
  rows[2].hash[0] = rows[2].hash[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Kinds(VerifyRegisterEntry(EntryOf(History()), rows)),
            (std::vector<RegisterFindingKind>{RegisterFindingKind::kRowAltered,
                                              RegisterFindingKind::kChainBroken}));
}

TEST(RegisterVerifierTest, DeletedInsertedOrMissingRowsAreFound) {
  const std::vector<StoredRegisterRow> base = History();
  std::vector<StoredRegisterRow> deleted = base;
  deleted.erase(deleted.begin() + 3);
  auto kinds = Kinds(VerifyRegisterEntry(EntryOf(base), deleted));
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds[0], RegisterFindingKind::kRowMissing);
  // The last row deleted: the chain holds, the entry's head does not.
  std::vector<StoredRegisterRow> truncated(base.begin(), base.end() - 1);
  EXPECT_EQ(Kinds(VerifyRegisterEntry(EntryOf(base), truncated)),
            (std::vector<RegisterFindingKind>{RegisterFindingKind::kHeadMismatch,
                                              RegisterFindingKind::kEntryAltered}));
  EXPECT_EQ(Kinds(VerifyRegisterEntry(EntryOf(base), {})),
            (std::vector<RegisterFindingKind>{RegisterFindingKind::kNoHistory}));
  // Another entry's row in this history.
  std::vector<StoredRegisterRow> foreign = base;
  foreign[1].fields.entry_id = kCorrection;
  EXPECT_EQ(Kinds(VerifyRegisterEntry(EntryOf(base), foreign))[0],
            RegisterFindingKind::kRowMissing);
}

TEST(RegisterVerifierTest, EncodingsAreCheckedByName) {
  const std::vector<StoredRegisterRow> base = History();
  std::vector<StoredRegisterRow> unknown = base;
  unknown[0].fields.encoding = "usulan-register-v9";
  EXPECT_EQ(Kinds(VerifyRegisterEntry(EntryOf(base), unknown))[0],
            RegisterFindingKind::kUnknownEncoding);
  // A v2 row re-hashed as v1 (dropping what v1 does not cover) after a v2 row.
  std::vector<StoredRegisterRow> downgraded = base;
  downgraded[4].fields.encoding = std::string(kRegisterEncoding);
  downgraded[4].hash = RegisterRowHash(downgraded[4].fields);
  const auto kinds = Kinds(VerifyRegisterEntry(EntryOf(base), downgraded));
  ASSERT_FALSE(kinds.empty());
  EXPECT_EQ(kinds[0], RegisterFindingKind::kEncodingDowngrade);
}

TEST(RegisterVerifierTest, EveryFieldOfTheEntryRowIsCompared) {
  const std::vector<StoredRegisterRow> rows = History();
  const std::vector<std::function<void(EntryRowState&)>> edits = {
      [](EntryRowState& e) { e.status = "INACTIVE"; },
      [](EntryRowState& e) { e.desil = 1; },
      [](EntryRowState& e) { e.desil.reset(); },
      [](EntryRowState& e) { e.desil_date = "2026-09-01"; },
      [](EntryRowState& e) { e.programmes.clear(); },
      [](EntryRowState& e) { e.programmes.push_back("PKH"); },
      [](EntryRowState& e) { e.household_proposal = kReactivation; },
  };
  for (size_t i = 0; i < edits.size(); ++i) {
    EntryRowState entry = EntryOf(rows);
    edits[i](entry);
    EXPECT_EQ(Kinds(VerifyRegisterEntry(entry, rows)),
              std::vector<RegisterFindingKind>{RegisterFindingKind::kEntryAltered})
        << i;
  }
  EntryRowState head = EntryOf(rows);
  head.version = 5;
  EXPECT_EQ(Kinds(VerifyRegisterEntry(head, rows)),
            std::vector<RegisterFindingKind>{RegisterFindingKind::kHeadMismatch});
  head = EntryOf(rows);
  head.history_head = rows[4].hash;
  EXPECT_EQ(Kinds(VerifyRegisterEntry(head, rows)),
            std::vector<RegisterFindingKind>{RegisterFindingKind::kHeadMismatch});
  // The finding names the field, never its value.
  EntryRowState status = EntryOf(rows);
  status.status = "INACTIVE";
  const auto findings = VerifyRegisterEntry(status, rows);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].detail, "the entry's status is not what history row 6 says");
  EXPECT_EQ(Name(findings[0].kind), "entry_altered");
}

}  // namespace
}  // namespace usulan::audit
