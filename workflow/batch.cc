#include "workflow/batch.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "workflow/region.h"
#include "base/string_view_compat.h"

namespace usulan::workflow {
namespace {

constexpr std::pair<BatchStatus, std::string_view> kStatusNames[] = {
    {BatchStatus::kSealed, "SEALED"},       {BatchStatus::kRatified, "RATIFIED"},
    {BatchStatus::kSubmitted, "SUBMITTED"}, {BatchStatus::kForwarded, "FORWARDED"},
    {BatchStatus::kDecided, "DECIDED"},     {BatchStatus::kReturned, "RETURNED"},
};

bool IsBlank(std::string_view text) { return absl::StripAsciiWhitespace(base::AsAbsl(text)).empty(); }

absl::Status CheckBatchScope(const Actor& actor, std::string_view kabupaten_code) {
  if (!RoleFitsRegionLevel(actor.role, actor.region)) {
    return RefusalStatus(Refusal::kRoleScopeMismatch,
                         base::Concat("role ", Name(actor.role), " cannot act with region \"",
                                actor.region, "\""));
  }
  if (LevelOf(kabupaten_code) != RegionLevel::kDistrict || !Covers(actor.region, kabupaten_code)) {
    return RefusalStatus(Refusal::kOutOfRegion,
                         base::Concat("region \"", actor.region, "\" does not cover kabupaten \"",
                                kabupaten_code, "\""));
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view Name(BatchStatus status) {
  for (const auto& [s, name] : kStatusNames) {
    if (s == status) return name;
  }
  return "UNKNOWN";
}

std::optional<BatchStatus> ParseBatchStatus(std::string_view name) {
  for (const auto& [s, n] : kStatusNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

std::string_view Name(BatchAction action) {
  switch (action) {
    case BatchAction::kRatify:
      return "ratify";
    case BatchAction::kSubmit:
      return "submit";
    case BatchAction::kForward:
      return "forward";
    case BatchAction::kReturn:
      return "return";
    case BatchAction::kDecide:
      return "decide";
  }
  return "unknown";
}

const std::vector<BatchStep>& BatchSteps() {
  using S = BatchStatus;
  static const auto* const kSteps = new std::vector<BatchStep>{
      {S::kSealed, S::kRatified, Event::kRatify, Role::kRegent},
      {S::kRatified, S::kSubmitted, Event::kSubmitToProvince, Role::kDistrictOfficer},
      {S::kSubmitted, S::kForwarded, Event::kForward, Role::kProvinceOfficer},
      {S::kSubmitted, S::kReturned, Event::kReturn, Role::kProvinceOfficer},
      {S::kForwarded, S::kDecided, Event::kDecide, Role::kCentralReviewer},
  };
  return *kSteps;
}

namespace {
BatchAction ActionOf(const BatchStep& step) {
  switch (step.member_event) {
    case Event::kRatify:
      return BatchAction::kRatify;
    case Event::kSubmitToProvince:
      return BatchAction::kSubmit;
    case Event::kForward:
      return BatchAction::kForward;
    case Event::kReturn:
      return BatchAction::kReturn;
    default:
      return BatchAction::kDecide;
  }
}
}  // namespace

absl::StatusOr<BatchStep> DecideBatchStep(const Actor& actor, BatchAction action,
                                          BatchStatus status, std::string_view kabupaten_code) {
  const BatchStep* owned = nullptr;
  for (const BatchStep& step : BatchSteps()) {
    if (ActionOf(step) == action && step.role == actor.role) owned = &step;
  }
  if (owned == nullptr) {
    return RefusalStatus(Refusal::kRoleNotAllowed, base::Concat("role ", Name(actor.role),
                                                          " may not ", Name(action), " a batch"));
  }
  if (absl::Status scope = CheckBatchScope(actor, kabupaten_code); !scope.ok()) return scope;
  for (const BatchStep& step : BatchSteps()) {
    if (ActionOf(step) == action && step.from == status) return step;
  }
  return RefusalStatus(Refusal::kEventNotAllowedInState,
                       base::Concat("batch action ", Name(action), " is not allowed in batch status ",
                              Name(status)));
}

absl::Status CheckCreateBatch(const Actor& actor, std::string_view kabupaten_code) {
  if (actor.role != Role::kDistrictOfficer) {
    return RefusalStatus(Refusal::kRoleNotAllowed,
                         base::Concat("role ", Name(actor.role), " may not create batches"));
  }
  return CheckBatchScope(actor, kabupaten_code);
}

absl::Status CheckReadBatch(const Actor& actor, std::string_view kabupaten_code) {
  return CheckBatchScope(actor, kabupaten_code);
}

std::string ManifestText(std::string_view kabupaten_code, std::string_view cycle_id,
                         std::vector<ManifestEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const ManifestEntry& a, const ManifestEntry& b) {
              return a.proposal_id < b.proposal_id;
            });
  std::string text = base::Concat("usulan-batch-manifest-v1\nkabupaten:", kabupaten_code,
                            "\ncycle:", cycle_id, "\n");
  for (const ManifestEntry& entry : entries) {
    text += base::Concat(entry.proposal_id, ":", entry.version, "\n");
  }
  return text;
}

std::string_view Name(ExceptionAction action) {
  return action == ExceptionAction::kReject ? "REJECT" : "RETURN_TO_DISTRICT";
}

std::optional<ExceptionAction> ParseExceptionAction(std::string_view name) {
  if (name == "REJECT") return ExceptionAction::kReject;
  if (name == "RETURN_TO_DISTRICT") return ExceptionAction::kReturnToDistrict;
  return std::nullopt;
}

std::string DecisionText(std::string_view batch_id, std::string_view manifest_sha256,
                         std::string_view decree_number, std::string_view decree_sha256,
                         std::string_view decided_by, std::string_view decided_at_rfc3339,
                         const std::vector<DecisionException>& exceptions) {
  std::string text = base::Concat("usulan-batch-decision-v1\nbatch:", batch_id,
                            "\nmanifest:", manifest_sha256, "\ndecree:", decree_number,
                            "\ndecree_sha256:", decree_sha256, "\ndecided_by:", decided_by,
                            "\ndecided_at:", decided_at_rfc3339, "\n");
  for (const DecisionException& e : exceptions) {
    // The reason is free text: its length makes the encoding unambiguous.
    text += base::Concat(e.proposal_id, ":", Name(e.action), ":", e.reason_code, ":", e.reason.size(),
                   ":", e.reason, "\n");
  }
  return text;
}

const std::vector<std::string>& RejectionReasonCodes() {
  static const auto* const kCodes = new std::vector<std::string>{
      "NOT_POOR",          "DUPLICATE",    "DECEASED", "INELIGIBLE_OCCUPATION",
      "INCOMPLETE_DATA",   "OUT_OF_QUOTA", "OTHER"};
  return *kCodes;
}

std::string RejectionReasonCodeList() {
  return absl::StrJoin(RejectionReasonCodes(), ", ");
}

absl::Status CheckExceptions(const std::vector<DecisionException>& exceptions,
                             const std::set<std::string>& open_members) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < exceptions.size(); ++i) {
    const DecisionException& e = exceptions[i];
    const std::string field = base::Concat("exceptions[", i, "]");
    if (open_members.count(e.proposal_id) == 0) {
      return absl::InvalidArgumentError(
          base::Concat(field, ".proposal_id is not an open member of the batch"));
    }
    if (!seen.insert(e.proposal_id).second) {
      return absl::InvalidArgumentError(base::Concat(field, ".proposal_id is listed twice"));
    }
    if (e.action == ExceptionAction::kReject) {
      const auto& codes = RejectionReasonCodes();
      if (std::find(codes.begin(), codes.end(), e.reason_code) == codes.end()) {
        return absl::InvalidArgumentError(
            base::Concat(field, ".reason_code must be one of ", RejectionReasonCodeList()));
      }
    } else if (!e.reason_code.empty()) {
      return absl::InvalidArgumentError(
          base::Concat(field, ".reason_code is only for REJECT exceptions"));
    }
    if (IsBlank(e.reason)) {
      return absl::InvalidArgumentError(base::Concat(field, ".reason is required"));
    }
  }
  return absl::OkStatus();
}

MemberDecision DecisionFor(const std::string& proposal_id, const std::string& batch_id,
                           const std::string& decree_number,
                           const std::vector<DecisionException>& exceptions) {
  MemberDecision member{Event::kDecide, {}};
  member.payload.attributes["batch_id"] = batch_id;
  member.payload.attributes["decree_number"] = decree_number;
  for (const DecisionException& e : exceptions) {
    if (e.proposal_id != proposal_id) continue;
    member.payload.reason = e.reason;
    if (e.action == ExceptionAction::kReject) {
      member.payload.verdict = false;
      member.payload.attributes["reason_code"] = e.reason_code;
    } else {
      member.event = Event::kReturn;
    }
    return member;
  }
  member.payload.verdict = true;
  return member;
}

}  // namespace usulan::workflow
