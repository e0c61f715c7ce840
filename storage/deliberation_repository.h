// Musdes / Muskel deliberations and their agendas.
// A view of one transaction (storage/tx.h: Tx::deliberations()); every method runs
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

class DeliberationRepository {
 public:
  explicit DeliberationRepository(Tx& tx) : tx_(tx) {}

  absl::Status InsertDeliberation(const DeliberationRecord& deliberation);
  // NOT_FOUND "deliberation ...".
  absl::StatusOr<DeliberationRecord> LockDeliberation(const std::string& id);
  absl::StatusOr<DeliberationRecord> GetDeliberation(const std::string& id);
  // Appends items (pending). ALREADY_EXISTS "proposal_ids[i] ..." when a proposal
  // is already on the agenda of an open deliberation. NOT_FOUND for an unknown
  // deliberation or proposal; INVALID_ARGUMENT "proposal_ids[i] repeats ..." for
  // an id given twice.
  absl::Status AddAgendaItems(const std::string& deliberation_id,
                              const std::vector<std::string>& proposal_ids);
  // The open deliberation whose agenda holds the proposal, if any.
  absl::StatusOr<std::optional<std::string>> OpenDeliberationOf(const std::string& proposal_id);
  // NOT_FOUND when the proposal is not on this agenda.
  absl::Status SetAgendaOutcome(const std::string& deliberation_id,
                                const std::string& proposal_id,
                                workflow::AgendaOutcome outcome, const std::string& reason);
  // Bumps the version (ABORTED if not `current_version`) and writes the closing
  // fields and status of `deliberation`. Closed agenda items stop blocking their
  // proposals from other agendas.
  absl::Status UpdateDeliberation(const DeliberationRecord& deliberation,
                                  int64_t current_version);
  // Ordered by (opened_at, id), with their agendas; errors as for ListProposals.
  absl::StatusOr<std::vector<DeliberationRecord>> ListDeliberations(
      const DeliberationFilter& filter);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
