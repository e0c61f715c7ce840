// The walk behind AuditService.VerifyChain: reads the stored audit rows of a
// scope page by page (one short transaction each), recomputes every proposal's
// hash chain, then checks every checkpoint's link and signature and recomputes the
// Merkle root of each checkpoint that covers a row of the scope (all of them for
// everything). Authorization is the caller's. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/signing.h"
#include "audit/verifier.h"
#include "storage/database.h"

namespace usulan::app {

struct VerificationScope {
  std::string proposal_id;    // one proposal, when set
  std::string region_prefix;  // else proposals of this region ("" = everything)
};

struct VerificationReport {
  int64_t proposals_checked = 0;
  int64_t transitions_checked = 0;
  int64_t checkpoints_checked = 0;
  int64_t checkpoint_roots_recomputed = 0;
  int64_t transitions_not_checkpointed = 0;
  std::vector<audit::Finding> findings;  // the first max_findings
  bool findings_truncated = false;
};

inline constexpr size_t kMaxFindings = 1000;

// NOT_FOUND for an unknown proposal; database failures as storage returns them;
// CANCELLED as soon as `cancelled` (asked before every page) says so.
absl::StatusOr<VerificationReport> VerifyAuditTrail(
    storage::Database& db, const VerificationScope& scope,
    const std::vector<audit::VerifyingKey>& trusted, size_t max_findings = kMaxFindings,
    const std::function<bool()>& cancelled = [] { return false; });

}  // namespace usulan::app
