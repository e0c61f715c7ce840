// What a citizen reads about a proposal they filed: its state in plain Bahasa
// Indonesia, and the reason the last office gave when it turned the proposal
// down or sent it back. Pure functions of the proposal's route, kind, state and
// trail; no I/O, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflow/machine.h"
#include "workflow/register_change.h"

namespace usulan::workflow {

// The state as a citizen reads it. Never empty: every state of every route has a
// text (a switch without default, so a new state does not compile without one).
// `last_event` is the event of the proposal's latest transition (nullopt or
// "create" for a proposal that has not moved): it tells a WITHDRAWN by lapse from
// one withdrawn by the village. An objection (route CITIZEN_OBJECTION) reads as
// what became of the objection: diajukan, diverifikasi, dikabulkan or ditolak.
std::string_view CitizenStatusText(Route route, Kind kind, State state,
                                   std::optional<Event> last_event);

// Whose words a citizen reads as the reason of a turn-down. The office's own
// words (the trail's reason) are about the household: a verifier's or Dinsos's
// prose may tell its income, an illness or who lives there. So only the filer
// whose own household it is reads them; the filer of an usul mandiri for
// another household, and every objector, read a fixed text per outcome instead.
enum class ReasonWords {
  kOffice,  // the office's reason as recorded
  kFixed,   // a fixed Bahasa Indonesia text per state reached and outcome/reason code
};

// kOffice only for the filer's own household on a route that proposes it; an
// objection (CITIZEN_OBJECTION) is always about another household.
ReasonWords ReasonWordsFor(Route route, bool own_household);

// The reason of the latest transition that turned the proposal down or sent it
// back (a decline, a return, a rejection by Pusdatin or the Musdes/Muskel, a
// not-eligible visit), in `words`: the office's own, or the fixed text of the
// state it reached and its code (a visit's outcome_code, a rejection's
// reason_code). A lapse (an objection not verified in time) reads as the 14-day
// rule and its deadline in Bahasa Indonesia either way. "" when none.
// `trail` is in order, oldest first.
std::string CitizenReasonText(const std::vector<AuditRecord>& trail, ReasonWords words);

// A register entry's status as the household reads it (GetMyHousehold).
std::string_view CitizenEntryStatusText(EntryStatus status);

// What a citizen whose KK is in no register entry reads (NOT_FOUND's message).
inline constexpr std::string_view kHouseholdNotListedText =
    "Kartu Keluarga Anda tidak terdaftar di DTSEN. Anda dapat mengajukan usul mandiri.";

}  // namespace usulan::workflow
