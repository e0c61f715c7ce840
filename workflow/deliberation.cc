#include "workflow/deliberation.h"

#include <chrono>
#include <cstdio>
#include <string>

#include "absl/strings/ascii.h"
#include "workflow/formats.h"
#include "workflow/region.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {

std::string_view Name(DeliberationKind kind) {
  return kind == DeliberationKind::kMusdes ? "MUSDES" : "MUSKEL";
}

std::string_view Name(DeliberationStatus status) {
  return status == DeliberationStatus::kOpen ? "OPEN" : "CLOSED";
}

std::string_view Name(AgendaOutcome outcome) {
  switch (outcome) {
    case AgendaOutcome::kPending:
      return "PENDING";
    case AgendaOutcome::kAgreed:
      return "AGREED";
    case AgendaOutcome::kRejected:
      return "REJECTED";
  }
  return "UNKNOWN";
}

std::optional<DeliberationKind> ParseDeliberationKind(std::string_view name) {
  if (name == "MUSDES") return DeliberationKind::kMusdes;
  if (name == "MUSKEL") return DeliberationKind::kMuskel;
  return std::nullopt;
}

std::optional<DeliberationStatus> ParseDeliberationStatus(std::string_view name) {
  if (name == "OPEN") return DeliberationStatus::kOpen;
  if (name == "CLOSED") return DeliberationStatus::kClosed;
  return std::nullopt;
}

std::optional<AgendaOutcome> ParseAgendaOutcome(std::string_view name) {
  if (name == "PENDING") return AgendaOutcome::kPending;
  if (name == "AGREED") return AgendaOutcome::kAgreed;
  if (name == "REJECTED") return AgendaOutcome::kRejected;
  return std::nullopt;
}

absl::Status CheckOpen(const Actor& actor, DeliberationKind kind, std::string_view desa_code,
                       std::string_view meeting_date) {
  if (actor.role != Role::kVillageHead) {
    return RefusalStatus(Refusal::kRoleNotAllowed,
                         base::Concat("role ", Name(actor.role),
                                " may not open a deliberation; the village head chairs it"));
  }
  if (LevelOf(desa_code) != RegionLevel::kVillage) {
    return absl::InvalidArgumentError("desa_code must be 10 digits");
  }
  if (absl::Status scope = CheckScope(actor, desa_code); !scope.ok()) return scope;
  const bool kelurahan = IsKelurahan(desa_code);
  if (kind == DeliberationKind::kMusdes && kelurahan) {
    return absl::InvalidArgumentError("kind must be MUSKEL for a kelurahan");
  }
  if (kind == DeliberationKind::kMuskel && !kelurahan) {
    return absl::InvalidArgumentError("kind must be MUSDES for a desa");
  }
  if (!IsIsoDate(meeting_date)) {
    return absl::InvalidArgumentError("meeting_date must be a date written YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::Status CheckMeetingDate(std::string_view meeting_date, Micros now) {
  constexpr std::chrono::hours kWitOffset{9};
  const std::chrono::year_month_day today{
      std::chrono::floor<std::chrono::days>(now + kWitOffset)};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(today.year()),
                static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
  // Both are YYYY-MM-DD, so text order is date order.
  if (meeting_date > std::string_view(text)) {
    return absl::InvalidArgumentError(
        base::Concat("meeting_date lies in the future (today is ", text, " in WIT, UTC+9)"));
  }
  return absl::OkStatus();
}

absl::Status CheckChange(const Actor& actor, std::string_view desa_code,
                         DeliberationStatus status) {
  if (actor.role != Role::kVillageHead) {
    return RefusalStatus(Refusal::kRoleNotAllowed,
                         base::Concat("role ", Name(actor.role),
                                " may not change a deliberation; the village head chairs it"));
  }
  if (absl::Status scope = CheckScope(actor, desa_code); !scope.ok()) return scope;
  if (status != DeliberationStatus::kOpen) {
    return absl::FailedPreconditionError(
        base::Concat("deliberation is ", Name(status), " and can no longer change"));
  }
  return absl::OkStatus();
}

absl::Status CheckOutcome(AgendaOutcome outcome, std::string_view reason) {
  if (outcome != AgendaOutcome::kAgreed && outcome != AgendaOutcome::kRejected) {
    return absl::InvalidArgumentError("outcome must be AGREED or REJECTED");
  }
  if (outcome == AgendaOutcome::kRejected && absl::StripAsciiWhitespace(base::AsAbsl(reason)).empty()) {
    return absl::InvalidArgumentError("reason is required when the outcome is REJECTED");
  }
  return absl::OkStatus();
}

absl::Status CheckClose(const std::vector<AgendaItem>& agenda, int32_t attendance, int32_t quorum,
                        std::string_view minutes_sha256) {
  // Malformed arguments first: a caller should fix its request before being told
  // about the deliberation's state.
  if (!IsSha256Hex(minutes_sha256)) {
    return absl::InvalidArgumentError(
        "minutes_sha256 must be 64 lower-case hex characters (SHA-256)");
  }
  if (quorum < 1) return absl::InvalidArgumentError("quorum must be at least 1");
  if (attendance < 0) return absl::InvalidArgumentError("attendance must not be negative");
  if (agenda.empty()) {
    return absl::FailedPreconditionError("agenda is empty: nothing to close");
  }
  for (std::size_t i = 0; i < agenda.size(); ++i) {
    if (agenda[i].outcome == AgendaOutcome::kPending) {
      return absl::FailedPreconditionError(
          base::Concat("agenda[", i, "] (proposal ", agenda[i].proposal_id, ") has no outcome yet"));
    }
  }
  if (attendance < quorum) {
    return absl::FailedPreconditionError(
        base::Concat("quorum not reached: attendance ", attendance, " < quorum ", quorum));
  }
  return absl::OkStatus();
}

Payload DeliberatePayload(const AgendaItem& item, std::string_view deliberation_id,
                          std::string_view minutes_sha256, int32_t attendance, int32_t quorum) {
  Payload payload;
  payload.verdict = item.outcome == AgendaOutcome::kAgreed;
  payload.reason = item.reason;
  payload.document_hashes = {std::string(minutes_sha256)};
  payload.attributes = {
      {"deliberation_id", std::string(deliberation_id)},
      {"minutes_sha256", std::string(minutes_sha256)},
      {"attendance", base::Concat(attendance)},
      {"quorum", base::Concat(quorum)},
  };
  return payload;
}

}  // namespace usulan::workflow
