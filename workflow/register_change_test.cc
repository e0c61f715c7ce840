// The register rules, table-driven over every kind and status.
#include "workflow/register_change.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::workflow {
namespace {

using ::testing::HasSubstr;

TEST(RegisterChangeTest, NamesRoundTrip) {
  for (EntryStatus s : {EntryStatus::kActive, EntryStatus::kInactive}) {
    EXPECT_EQ(ParseEntryStatus(Name(s)), s);
  }
  for (RegisterChange c : {RegisterChange::kListed, RegisterChange::kCorrected,
                           RegisterChange::kDeactivated, RegisterChange::kReactivated,
                           RegisterChange::kDesilChanged, RegisterChange::kProgrammeJoined}) {
    EXPECT_EQ(ParseRegisterChange(Name(c)), c);
  }
  EXPECT_EQ(Name(RegisterChange::kDesilChanged), "DESIL_CHANGED");
  EXPECT_EQ(ParseEntryStatus("active"), std::nullopt);
  EXPECT_EQ(ParseRegisterChange(""), std::nullopt);
}

TEST(RegisterChangeTest, EveryKindButNewNamesAnEntry) {
  for (Kind kind : kAllKinds) {
    const bool needs = kind != Kind::kNew;
    EXPECT_EQ(NamesEntry(kind), needs) << Name(kind);
    EXPECT_TRUE(CheckEntryNamed(kind, needs, "register_entry_id").ok()) << Name(kind);
    absl::Status wrong = CheckEntryNamed(kind, !needs, "register_entry_id");
    EXPECT_EQ(wrong.code(), absl::StatusCode::kInvalidArgument) << Name(kind);
    EXPECT_THAT(wrong.message(), HasSubstr("register_entry_id"));
  }
}

TEST(RegisterChangeTest, EachKindNeedsItsEntryStatus) {
  struct Row {
    Kind kind;
    EntryStatus allowed;
  };
  for (const Row& row : {Row{Kind::kCorrection, EntryStatus::kActive},
                         Row{Kind::kDeactivation, EntryStatus::kActive},
                         Row{Kind::kObjection, EntryStatus::kActive},
                         Row{Kind::kReactivation, EntryStatus::kInactive}}) {
    EXPECT_TRUE(CheckEntryStatusFor(row.kind, row.allowed).ok()) << Name(row.kind);
    const EntryStatus other =
        row.allowed == EntryStatus::kActive ? EntryStatus::kInactive : EntryStatus::kActive;
    absl::Status refused = CheckEntryStatusFor(row.kind, other);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << Name(row.kind);
    EXPECT_THAT(refused.message(), HasSubstr(std::string(Name(other))));
  }
}

TEST(RegisterChangeTest, OnlyChangingKindsAreOneOpenPerEntry) {
  EXPECT_TRUE(OneOpenPerEntry(Kind::kDeactivation));
  EXPECT_TRUE(OneOpenPerEntry(Kind::kReactivation));
  EXPECT_TRUE(OneOpenPerEntry(Kind::kCorrection));
  EXPECT_FALSE(OneOpenPerEntry(Kind::kObjection));
  EXPECT_FALSE(OneOpenPerEntry(Kind::kNew));
}

TEST(RegisterChangeTest, AcceptanceEffects) {
  struct Row {
    Kind kind;
    RegisterChange change;
    std::optional<EntryStatus> after;
  };
  for (const Row& row : {Row{Kind::kNew, RegisterChange::kListed, EntryStatus::kActive},
                         Row{Kind::kCorrection, RegisterChange::kCorrected, std::nullopt},
                         Row{Kind::kDeactivation, RegisterChange::kDeactivated,
                             EntryStatus::kInactive},
                         Row{Kind::kObjection, RegisterChange::kDeactivated,
                             EntryStatus::kInactive},
                         Row{Kind::kReactivation, RegisterChange::kReactivated,
                             EntryStatus::kActive}}) {
    RegisterEffect effect = EffectOfAcceptance(row.kind);
    EXPECT_EQ(effect.change, row.change) << Name(row.kind);
    EXPECT_EQ(effect.status_after, row.after) << Name(row.kind);
  }
}

TEST(RegisterChangeTest, AStatusAlreadyReachedRecordsNothing) {
  const RegisterEffect deactivate = EffectOfAcceptance(Kind::kDeactivation);
  EXPECT_TRUE(AlreadyInEffect(deactivate, EntryStatus::kInactive));
  EXPECT_FALSE(AlreadyInEffect(deactivate, EntryStatus::kActive));
  const RegisterEffect reactivate = EffectOfAcceptance(Kind::kReactivation);
  EXPECT_TRUE(AlreadyInEffect(reactivate, EntryStatus::kActive));
  EXPECT_FALSE(AlreadyInEffect(reactivate, EntryStatus::kInactive));
  // A correction changes the household data, whatever the status.
  const RegisterEffect correct = EffectOfAcceptance(Kind::kCorrection);
  EXPECT_FALSE(AlreadyInEffect(correct, EntryStatus::kActive));
  EXPECT_FALSE(AlreadyInEffect(correct, EntryStatus::kInactive));
}

// Only offices' proposals claim NIKs at creation: an objection proposes nobody,
// and a citizen's usul mandiri claims them only when the operator takes it up.
TEST(RegisterChangeTest, CitizensFilingsClaimNoNiks) {
  for (Route route : kAllRoutes) {
    for (Kind kind : kAllKinds) {
      const bool citizens = route == Route::kCitizenProposal || route == Route::kCitizenObjection;
      EXPECT_EQ(ClaimsNiks(kind, route), kind != Kind::kObjection && !citizens)
          << Name(route) << " " << Name(kind);
    }
  }
}

}  // namespace
}  // namespace usulan::workflow
