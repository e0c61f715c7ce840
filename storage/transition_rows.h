// The one place audit rows are written (InsertProposal writes sequence 1,
// ApplyTransitions every later one), so the hash chain is computed here only.
// Internal to storage/.
#pragma once

#include <string>
#include <vector>

#include "audit/transition_encoding.h"
#include "audit/verifier.h"
#include "storage/records.h"
#include "workflow/machine.h"

namespace pqxx {
class transaction_base;
}

namespace usulan::storage {

// The fields an audit row stores and hashes: the proposal id in PostgreSQL's
// lower-case form and `at` in microseconds, exactly as stored. prev_hash is left
// for the caller.
audit::TransitionFields TransitionFieldsOf(const std::string& proposal_id, int64_t sequence,
                                           const workflow::AuditRecord& audit,
                                           const std::string& request_id, TimePoint at);

// Inserts the rows in order (so their log_index follows it), each with the hash of
// its fields (audit::TransitionHash, computed by the caller, which chains it into
// the next row's prev_hash), in one statement that first takes the writers' lock (shared) before
// any row draws its log_index, so that a checkpoint never covers a range a
// transaction in flight may still add to (0004_audit_chain.sql, "Checkpoint
// coverage"). The caller holds the row locks of the proposals and has set each
// prev_hash. Throws on database errors.
void InsertTransitionRows(pqxx::transaction_base& work,
                          const std::vector<audit::StoredRow>& rows);

}  // namespace usulan::storage
