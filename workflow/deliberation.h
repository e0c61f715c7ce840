// Rules of the village deliberation (Musdes for a desa, Muskel for a kelurahan):
// who may run it, what closing it needs, and the deliberate transition it applies
// to each agenda item. Pure; no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "workflow/cycle.h"
#include "workflow/formats.h"
#include "workflow/machine.h"

namespace usulan::workflow {

enum class DeliberationKind { kMusdes, kMuskel };
enum class DeliberationStatus { kOpen, kClosed };
enum class AgendaOutcome { kPending, kAgreed, kRejected };

std::string_view Name(DeliberationKind kind);    // "MUSDES" / "MUSKEL"
std::string_view Name(DeliberationStatus status);  // "OPEN" / "CLOSED"
std::string_view Name(AgendaOutcome outcome);    // "PENDING" / "AGREED" / "REJECTED"
std::optional<DeliberationKind> ParseDeliberationKind(std::string_view name);
std::optional<DeliberationStatus> ParseDeliberationStatus(std::string_view name);
std::optional<AgendaOutcome> ParseAgendaOutcome(std::string_view name);

struct AgendaItem {
  std::string proposal_id;
  AgendaOutcome outcome = AgendaOutcome::kPending;
  std::string reason;
};

// Opening: the actor must be the village head of that desa (CheckScope rules), the
// kind must fit the code (Musdes for desa 2xxx, Muskel for kelurahan 1xxx) and the
// date must be a date. PERMISSION_DENIED / INVALID_ARGUMENT naming the field.
absl::Status CheckOpen(const Actor& actor, DeliberationKind kind, std::string_view desa_code,
                       std::string_view meeting_date);

// A meeting is recorded once it has been held: INVALID_ARGUMENT "meeting_date lies
// in the future" when `meeting_date` (YYYY-MM-DD, already a date) is later than
// today anywhere in Indonesia at `now`, i.e. in WIT (UTC+9), the easternmost zone,
// so a village in Papua is not refused its own today.
absl::Status CheckMeetingDate(std::string_view meeting_date, Micros now);

// Any change to an open deliberation (agenda, outcomes, close) by `actor`:
// village head of its desa, and the deliberation still open (FAILED_PRECONDITION).
absl::Status CheckChange(const Actor& actor, std::string_view desa_code,
                         DeliberationStatus status);

// Recording one outcome: outcome must be agreed or rejected; rejected needs a
// reason. INVALID_ARGUMENT naming the field.
absl::Status CheckOutcome(AgendaOutcome outcome, std::string_view reason);

// Closing: non-empty agenda with every item decided (FAILED_PRECONDITION), quorum
// >= 1, attendance >= quorum (FAILED_PRECONDITION "quorum not reached"), minutes
// hash well formed (INVALID_ARGUMENT).
absl::Status CheckClose(const std::vector<AgendaItem>& agenda, int32_t attendance,
                        int32_t quorum, std::string_view minutes_sha256);

// The payload of the deliberate event for one agenda item at closing.
Payload DeliberatePayload(const AgendaItem& item, std::string_view deliberation_id,
                          std::string_view minutes_sha256, int32_t attendance,
                          int32_t quorum);

}  // namespace usulan::workflow
