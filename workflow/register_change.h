// What the register (DTKS/DTSEN) is made of and what an accepted proposal does
// to it, as pure rules: the entry statuses, the kinds of change its history
// records, which kinds of proposal must name an entry, which entry status each
// kind needs to be filed, and the change its acceptance makes. No I/O, no clock;
// thread-safe. Applied in app/register_effects.h, stored by storage/.
#pragma once

#include <optional>
#include <string_view>

#include "absl/status/status.h"
#include "workflow/vocabulary.h"

namespace usulan::workflow {

enum class EntryStatus { kActive, kInactive };

// The kinds of change an entry's history records.
// kProgrammeJoined: the entry joined a programme (PBI-JK, by an accepted PBI_JK
// reactivation), a history row of its own (0018).
enum class RegisterChange {
  kListed,
  kCorrected,
  kDeactivated,
  kReactivated,
  kDesilChanged,
  kProgrammeJoined
};

// Canonical UPPER_SNAKE names as stored ("ACTIVE", "DEACTIVATED"); never change.
std::string_view Name(EntryStatus status);
std::string_view Name(RegisterChange change);
std::optional<EntryStatus> ParseEntryStatus(std::string_view name);
std::optional<RegisterChange> ParseRegisterChange(std::string_view name);

// True for the kinds that concern a listed household (CORRECTION, DEACTIVATION,
// REACTIVATION, OBJECTION) and so must name its entry; NEW creates one instead.
bool NamesEntry(Kind kind);

// INVALID_ARGUMENT naming `field` when a proposal of `kind` names an entry it
// must not (NEW) or names none where it must (`has_entry`).
absl::Status CheckEntryNamed(Kind kind, bool has_entry, std::string_view field);

// Whether a proposal of `kind` may be filed against an entry now `status`:
// CORRECTION, DEACTIVATION and OBJECTION need an ACTIVE entry, REACTIVATION an
// INACTIVE one. FAILED_PRECONDITION naming the entry's status otherwise.
absl::Status CheckEntryStatusFor(Kind kind, EntryStatus status);

// True for the kinds of which an entry may have only one open proposal at a
// time (CORRECTION, DEACTIVATION, REACTIVATION; several neighbours may object).
bool OneOpenPerEntry(Kind kind);

// Whether a proposal of `kind` on `route` claims its members' NIKs when it is
// created (one open proposal per person). An OBJECTION does not: it carries the
// listed household's data so that the district knows whom it concerns, but it
// proposes nobody, so neighbours may object side by side and an objection never
// blocks the village's own correction or deactivation of the household (nor can
// a citizen block them by objecting). A citizen's usul mandiri does not either:
// the NIKs are typed by the citizen, unchecked, and a claim refused at filing
// would tell them whether someone is in a proposal (an oracle) while a claim
// granted would block that person's real proposal until the village declined
// it. The village operator's take-up claims them (ReplaceHousehold), where a
// conflict names the member to the office (docs/citizens.md).
bool ClaimsNiks(Kind kind, Route route);

// The change an accepted proposal of `kind` makes and the status it leaves:
// NEW -> LISTED (ACTIVE), CORRECTION -> CORRECTED (status unchanged: a household
// deactivated meanwhile is not brought back by a correction of its data),
// DEACTIVATION and an upheld OBJECTION (an objection reaches acceptance only
// upheld) -> DEACTIVATED (INACTIVE), REACTIVATION -> REACTIVATED (ACTIVE).
struct RegisterEffect {
  RegisterChange change;
  std::optional<EntryStatus> status_after;  // nullopt: unchanged
};
RegisterEffect EffectOfAcceptance(Kind kind);

// True when `effect` on an entry now `current` changes nothing to record: the
// entry already has the status a deactivation or reactivation would give it
// (a correction always records, for it changes the household data). The
// decision stands either way.
bool AlreadyInEffect(const RegisterEffect& effect, EntryStatus current);

}  // namespace usulan::workflow
