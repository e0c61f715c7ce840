// Batches: the set of proposals one office decides on together. The rules here are
// pure: who may move a batch from which status, how its manifest is encoded, and
// what a Pusdatin decision's exceptions must look like. Each member still passes
// the proposal machine (machine.h) on its own, in the same transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "workflow/machine.h"

namespace usulan::workflow {

enum class BatchStatus { kSealed, kRatified, kSubmitted, kForwarded, kDecided, kReturned };

// UPPER_SNAKE names as stored ("SEALED").
std::string_view Name(BatchStatus status);
std::optional<BatchStatus> ParseBatchStatus(std::string_view name);

// What can happen to a batch after it is sealed.
enum class BatchAction { kRatify, kSubmit, kForward, kReturn, kDecide };
std::string_view Name(BatchAction action);

struct BatchStep {
  BatchStatus from;
  BatchStatus to;
  Event member_event;  // applied to every open member
  Role role;
};
const std::vector<BatchStep>& BatchSteps();

// Whether `actor` may take `action` on a batch of `kabupaten_code` now in
// `status`: PERMISSION_DENIED (kRoleNotAllowed) for a role that never takes it,
// kOutOfRegion/kRoleScopeMismatch for a region that does not cover the kabupaten;
// FAILED_PRECONDITION naming status and action when the status does not allow it.
// Returns the step to apply.
absl::StatusOr<BatchStep> DecideBatchStep(const Actor& actor, BatchAction action,
                                          BatchStatus status, std::string_view kabupaten_code);

// Whether `actor` may seal a batch for `kabupaten_code` (Dinsos of that kabupaten).
absl::Status CheckCreateBatch(const Actor& actor, std::string_view kabupaten_code);

// Whether `actor` may read batches of `kabupaten_code`: any role whose region covers
// it, and auditors.
absl::Status CheckReadBatch(const Actor& actor, std::string_view kabupaten_code);

struct ManifestEntry {
  std::string proposal_id;
  int64_t version;
};
// The canonical manifest text whose SHA-256 seals a batch:
//   "usulan-batch-manifest-v1\n" "kabupaten:<code>\n" "cycle:<YYYY-MM>\n"
//   then one "<proposal uuid>:<version>\n" per member, sorted by proposal id.
// Documented in docs/batches.md so that anyone can recompute it.
std::string ManifestText(std::string_view kabupaten_code, std::string_view cycle_id,
                         std::vector<ManifestEntry> entries);

// The canonical text whose SHA-256 identifies a decision (docs/batches.md):
//   "usulan-batch-decision-v1\n" then "batch:", "manifest:", "decree:",
//   "decree_sha256:", "decided_by:", "decided_at:" lines, then one line per
//   exception "<proposal id>:<ACTION>:<reason code>:<reason byte length>:<reason>".
struct DecisionException;
std::string DecisionText(std::string_view batch_id, std::string_view manifest_sha256,
                         std::string_view decree_number, std::string_view decree_sha256,
                         std::string_view decided_by, std::string_view decided_at_rfc3339,
                         const std::vector<DecisionException>& exceptions);

enum class ExceptionAction { kReject, kReturnToDistrict };
// "REJECT", "RETURN_TO_DISTRICT".
std::string_view Name(ExceptionAction action);
std::optional<ExceptionAction> ParseExceptionAction(std::string_view name);

struct DecisionException {
  std::string proposal_id;
  ExceptionAction action;
  std::string reason_code;  // REJECT only
  std::string reason;
};

// Reason codes Pusdatin rejects with.
const std::vector<std::string>& RejectionReasonCodes();
// The same as an INVALID_ARGUMENT message names them: "NOT_POOR, DUPLICATE, ...".
std::string RejectionReasonCodeList();

// INVALID_ARGUMENT naming "exceptions[i].<field>": a proposal that is not an open
// member of the batch, listed twice, a REJECT without a known reason code, or any
// exception without a reason.
absl::Status CheckExceptions(const std::vector<DecisionException>& exceptions,
                             const std::set<std::string>& open_members);

// The payload each member gets from a decision: decide(accept) with the decree,
// decide(reject) with the reason code, or return; all naming the batch.
struct MemberDecision {
  Event event;
  Payload payload;
};
MemberDecision DecisionFor(const std::string& proposal_id, const std::string& batch_id,
                           const std::string& decree_number,
                           const std::vector<DecisionException>& exceptions);

}  // namespace usulan::workflow
