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

// The reason of the latest transition that turned the proposal down or sent it
// back (a decline, a return, a rejection by Pusdatin or the Musdes/Muskel, a
// not-eligible visit): the trail holds the office's own words. A lapse (an
// objection not verified in time) reads as the 14-day rule and its deadline in
// Bahasa Indonesia. "" when none.
// `trail` is in order, oldest first.
std::string CitizenReasonText(const std::vector<AuditRecord>& trail);

// A register entry's status as the household reads it (GetMyHousehold).
std::string_view CitizenEntryStatusText(EntryStatus status);

// What a citizen whose KK is in no register entry reads (NOT_FOUND's message).
inline constexpr std::string_view kHouseholdNotListedText =
    "Kartu Keluarga Anda tidak terdaftar di DTSEN. Anda dapat mengajukan usul mandiri.";

}  // namespace usulan::workflow
