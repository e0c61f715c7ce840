// Work queues, counts and the NIK lookup: the reads that list proposals (which index
// serves which queue is in 0003_queues.sql and 0006_queue_scale.sql).
// A view of one transaction (storage/tx.h: Tx::queues()); every method runs
// prepared statements only, and a failure poisons the transaction as Tx says.
// Not thread-safe; never outlives its Tx.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/audit_records.h"
#include "storage/records.h"

namespace usulan::storage {

class Tx;

class QueueRepository {
 public:
  explicit QueueRepository(Tx& tx) : tx_(tx) {}

  // Ordered by (created_at, id), rows after filter.after. INVALID_ARGUMENT for a
  // region_prefix that is not a region code, a cursor id that is not a UUID, or a
  // limit outside 1..1000. (queue_repository.cc; which index serves which queue is in
  // 0003_queues.sql.)
  absl::StatusOr<std::vector<ProposalSummaryRecord>> ListProposals(const ProposalFilter& filter);
  // The proposals `creator` created (created_by: a citizen's filings), newest
  // first by (created_at, id), rows strictly before `before`. INVALID_ARGUMENT for
  // a cursor id that is not a UUID or a limit outside 1..1000.
  absl::StatusOr<std::vector<ProposalSummaryRecord>> ListFiledBy(
      const std::string& creator, const std::optional<ProposalCursor>& before, int limit);
  // Non-zero counts per (state, kind) under the filter, in no particular order.
  // INVALID_ARGUMENT for a region_prefix that is not a region code.
  absl::StatusOr<std::vector<ProposalCountRecord>> CountProposals(
      const ProposalCountFilter& filter);
  // The proposals (newest first, at most kMaxNikHits) whose household has a
  // member with this NIK, each with all its members. The one place that maps a
  // NIK to rows. INVALID_ARGUMENT unless 16 digits (the value is never logged).
  static constexpr int kMaxNikHits = 100;
  absl::StatusOr<std::vector<NikHitRecord>> FindProposalsByNik(const std::string& nik);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
