// Proposals, their households and their hash-chained transitions: insert, lock, read,
// and the set-based transition writes (transition_writes.cc).
// A view of one transaction (storage/tx.h: Tx::proposals()); every method runs
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

class ProposalRepository {
 public:
  explicit ProposalRepository(Tx& tx) : tx_(tx) {}

  // Inserts the proposal (state DRAFT, version 1), its household, its objection
  // point when it has one (stored with the household, never in the audit row), its
  // members' NIK claims (none for an OBJECTION or an usul mandiri:
  // workflow::ClaimsNiks), and `creation` as audit sequence 1. ALREADY_EXISTS naming "household.members[i].nik" if a NIK
  // is in another open proposal.
  absl::Status InsertProposal(const ProposalRecord& proposal,
                              const workflow::AuditRecord& creation,
                              const std::string& request_id);
  // Reads with a row lock (SELECT ... FOR UPDATE). NOT_FOUND "proposal ...".
  absl::StatusOr<ProposalRecord> LockProposal(const std::string& id);
  absl::StatusOr<ProposalRecord> GetProposal(const std::string& id);
  // Replaces household data (and NIK claims) of the proposal; also sets reason and
  // deactivation reason. ALREADY_EXISTS as for InsertProposal.
  absl::Status ReplaceHousehold(const std::string& id, const workflow::Household& household,
                                const std::string& reason,
                                workflow::DeactivationReason deactivation_reason);
  // Applies a decided transition: ApplyTransitions of this one.
  absl::Status ApplyTransition(const std::string& id, int64_t current_version,
                               const workflow::Decision& decision,
                               const std::string& request_id, TimePoint at,
                               const std::vector<int>& nik_mismatch_members);
  // Applies decided transitions with a fixed number of statements however many
  // there are (transition_writes.cc): per proposal, updates state, version, verifier,
  // approver, cycle and state_since to its last step where the row still has its
  // first step's current_version (else ABORTED), inserts one hash-chained audit row
  // per step with sequence = decision.next_version, stores the last step's NIK
  // mismatch positions, and releases the NIK claims of proposals left terminal.
  // state_since changes only when a step changes the state (a self-loop keeps it).
  // A proposal may have several steps, in order, each following the previous
  // one's version (else INTERNAL). NOT_FOUND for an unknown id. When no row could
  // be updated nothing is written and the transaction stays usable; a refusal
  // after some rows were written poisons it.
  absl::Status ApplyTransitions(const std::vector<PlannedTransition>& planned);
  // Locks the proposals of `ids` with one statement, in id order (so that two
  // overlapping calls cannot deadlock), and reads them, with their household's
  // members when `with_members`. Unknown and malformed ids are absent from the
  // answer, which is in id order.
  absl::StatusOr<std::vector<ProposalRecord>> LockProposals(const std::vector<std::string>& ids,
                                                            bool with_members);
  // The audit trail of one proposal, by sequence. Empty if none.
  absl::StatusOr<std::vector<TransitionRecord>> GetHistory(const std::string& proposal_id);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
