// The operations available inside one transaction (see Database::InTransaction).
// Every method runs prepared statements only. Not thread-safe: a Tx belongs to the
// thread running the unit of work and must not outlive it.
// A method that fails after writing part of its change, or because the database
// raised an error, poisons the transaction: InTransaction then rolls back and
// returns that failure even if the unit of work returns OK. Failures found before
// anything is written (NOT_FOUND, a NIK or agenda pre-check, a stale version)
// leave the transaction usable.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/audit_records.h"
#include "storage/records.h"

// pqxx::work is an alias of a class template in libpqxx 6, which a plain
// `class work;` would conflict with; transaction_base is its (non-template) base.
namespace pqxx {
class transaction_base;
}

namespace usulan::storage {

class Tx {
 public:
  // Takes a pqxx::work (any libpqxx transaction) owned by the caller.
  explicit Tx(pqxx::transaction_base& work) : work_(work) {}

  // --- idempotency ---------------------------------------------------------
  // Claims key.request_id. If another transaction holds the same id uncommitted,
  // waits for it. A first claim returns {claimed=true}; a repeat of a completed
  // request returns its stored response. Ids are per subject: another caller's
  // use of the same id is a different key. INVALID_ARGUMENT "request_id ..." when
  // this caller used the id for another rpc or request body.
  absl::StatusOr<Claim> ClaimRequest(const RequestKey& key, TimePoint now);
  // The stored answer of key.request_id without claiming it or waiting for anyone
  // (for a caller about to do slow outside work it must not repeat): {claimed =
  // false, the answer} when a call with the id has committed, nullopt when none
  // has. INVALID_ARGUMENT "request_id ..." as for ClaimRequest.
  absl::StatusOr<std::optional<Claim>> FindRequest(const RequestKey& key);
  // Stores the answer of the claimed request, committed with the change.
  // `proposal_id` (a UUID, or "") names the proposal the answer is about: an
  // answer that holds a household must name it, so that erasing the household's
  // personal data also removes the answer (ErasePersonalData).
  // FAILED_PRECONDITION if the key was not claimed.
  absl::Status CompleteRequest(const RequestKey& key, const std::string& response,
                               const std::string& proposal_id = "");
  // The same for many requests with a fixed number of statements (group commit):
  // one answer per key, in order; a key's own refusal (used for another request,
  // ABORTED if it vanished meanwhile) does not fail the others. Keys must be
  // distinct. Claims are taken in key order, so two overlapping calls cannot
  // deadlock on each other.
  absl::StatusOr<std::vector<absl::StatusOr<Claim>>> ClaimRequests(
      const std::vector<RequestKey>& keys, TimePoint now);
  // Stores the answers of claimed requests, each tagged with its proposal as for
  // CompleteRequest (FAILED_PRECONDITION if one was not claimed).
  struct Answer {
    RequestKey key;
    std::string response;
    std::string proposal_id;
  };
  absl::Status CompleteRequests(const std::vector<Answer>& answers);
  // Gives claims back (their requests were refused while others in the same
  // transaction go ahead): a later call with the id starts afresh.
  absl::Status ReleaseRequests(const std::vector<RequestKey>& keys);

  // --- proposals -----------------------------------------------------------
  // Inserts the proposal (state DRAFT, version 1), its household, its members'
  // NIK claims, and `creation` as audit sequence 1. ALREADY_EXISTS naming
  // "household.members[i].nik" if a NIK is in another open proposal.
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
  // there are (tx_transitions.cc): per proposal, updates state, version, verifier,
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
  // Ordered by (created_at, id), rows after filter.after. INVALID_ARGUMENT for a
  // region_prefix that is not a region code, a cursor id that is not a UUID, or a
  // limit outside 1..1000. (tx_queues.cc; which index serves which queue is in
  // 0003_queues.sql.)
  absl::StatusOr<std::vector<ProposalSummaryRecord>> ListProposals(const ProposalFilter& filter);
  // The audit trail of one proposal, by sequence. Empty if none.
  absl::StatusOr<std::vector<TransitionRecord>> GetHistory(const std::string& proposal_id);

  // --- work queues and NIK lookup (tx_queues.cc) ----------------------------
  // Non-zero counts per (state, kind) under the filter, in no particular order.
  // INVALID_ARGUMENT for a region_prefix that is not a region code.
  absl::StatusOr<std::vector<ProposalCountRecord>> CountProposals(
      const ProposalCountFilter& filter);
  // The proposals (newest first, at most kMaxNikHits) whose household has a
  // member with this NIK, each with all its members. The one place that maps a
  // NIK to rows. INVALID_ARGUMENT unless 16 digits (the value is never logged).
  static constexpr int kMaxNikHits = 100;
  absl::StatusOr<std::vector<NikHitRecord>> FindProposalsByNik(const std::string& nik);

  // --- personal data (tx_personal_data.cc; README "Personal data") ----------
  // Records the fingerprint of this database's NIK key on first use and
  // compares it afterwards: FAILED_PRECONDITION when the stored hashes were made
  // with another key (or no key is configured).
  absl::Status CheckNikKey();
  // The same for the key of the household digest (services/digest.h), given by
  // its fingerprint (audit::HouseholdKeyFingerprint, hex) since storage never
  // computes that digest: recorded in household_key_check on first use, compared
  // afterwards; FAILED_PRECONDITION when the database's is another key's.
  absl::Status CheckHouseholdKey(const std::string& fingerprint_hex);
  // Computes nik_hmac for at most `limit` members that have none (rows older
  // than 0005_personal_data.sql) and returns how many it filled; when it fills
  // none, it fills the NIK claims from their members. Call until it returns 0.
  absl::StatusOr<int> BackfillNikHmac(int limit);
  // Deletes the household and members of the proposal, its NIK claims, and the
  // stored idempotency answers about it: those naming it, and those naming no
  // proposal, created at or after `answers_since`, whose answer contains its id.
  // Marks the proposal erased at `at`. Touches no audit row. NOT_FOUND for an
  // unknown proposal. The caller holds the proposal's row lock.
  absl::Status ErasePersonalData(const std::string& proposal_id, TimePoint at,
                                 TimePoint answers_since);
  // Deletes at most `limit` idempotency records created before `before` (their
  // replay window is over) and returns how many.
  absl::StatusOr<int> PurgeRequests(TimePoint before, int limit);

  // --- savepoints (tx_savepoint.cc) ------------------------------------------
  // Runs `work` inside a savepoint of this transaction, on a Tx of its own. When
  // `work` fails (returns an error, throws, or hits a database error) everything
  // it wrote is rolled back to the savepoint and its status returned, and this
  // transaction stays usable: one bad row of a bulk change never poisons the
  // others. A failure to roll back poisons this transaction.
  absl::Status InSavepoint(const std::function<absl::Status(Tx&)>& work);

  // --- deliberations -------------------------------------------------------
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

  // --- batches and decisions (tx_batches.cc) -------------------------------
  // Inserts the batch and its members (open). ALREADY_EXISTS "proposal_ids[i] ..."
  // when a member is already in another open batch.
  absl::Status InsertBatch(const BatchRecord& batch);
  // With members and their current states. NOT_FOUND "batch ...".
  absl::StatusOr<BatchRecord> LockBatch(const std::string& id);
  absl::StatusOr<BatchRecord> GetBatch(const std::string& id);
  // Writes status, letter fields, ratified_by, return_reason and status_since, and
  // bumps the version; ABORTED when the stored version is not `current_version`.
  absl::Status UpdateBatch(const BatchRecord& batch, int64_t current_version);
  // The members leave their batch (returned on their own, or decided).
  absl::Status CloseBatchMembers(const std::string& batch_id,
                                 const std::vector<std::string>& proposal_ids);
  // The open batch holding the proposal, if any.
  absl::StatusOr<std::optional<std::string>> OpenBatchOf(const std::string& proposal_id);
  // Newest first by (created_at, id), or for a status filter of exactly one status
  // oldest first by (status_since, id) (the incoming queue). Members omitted.
  absl::StatusOr<std::vector<BatchRecord>> ListBatches(const BatchFilter& filter);
  // ALREADY_EXISTS "batch ... is already decided".
  absl::Status InsertDecision(const DecisionRecord& decision);
  // NOT_FOUND "decision of batch ...".
  absl::StatusOr<DecisionRecord> GetDecision(const std::string& batch_id);
  // --- cycles and deadlines (tx_batches.cc) --------------------------------
  // VILLAGE_FINAL and DEFERRED proposals, oldest state first, after `after_id`
  // in (state_since, id) order; at most `limit`.
  absl::StatusOr<std::vector<DueProposal>> ListCycleCandidates(
      const std::optional<std::pair<TimePoint, std::string>>& after, int limit);
  // Open objections (before the visit) filed before `filed_before`, oldest first.
  absl::StatusOr<std::vector<DueProposal>> ListLapsingObjections(TimePoint filed_before,
                                                                 int limit);
  // --- development civil registry -----------------------------------------
  // Inserts or replaces people by NIK (a NIK given twice: the last one wins).
  // INVALID_ARGUMENT "people[i].<field> ..." for a malformed row, naming no value.
  absl::Status UpsertRegistryPeople(const std::vector<RegistryPerson>& people);
  // People found among `niks` (absent ones are simply missing from the answer).
  absl::StatusOr<std::vector<RegistryPerson>> FindRegistryPeople(
      const std::vector<std::string>& niks);

  // --- tamper-evident audit trail (tx_audit.cc) ----------------------------
  // Rows are hash-chained when written (InsertProposal, ApplyTransition). These
  // read them back as stored, for verification, export and checkpoints.
  // Proposals whose desa code starts with region_prefix ("" = all), by id after
  // after_id ("" = from the start). INVALID_ARGUMENT for a malformed prefix or id,
  // or a limit outside 1..1000.
  absl::StatusOr<std::vector<ProposalVersion>> ListProposalVersions(
      const std::string& region_prefix, const std::string& after_id, int limit);
  // Ids of proposals that transitions name but that do not exist (rows forged for
  // a made-up proposal, or a proposal row removed), at most `limit`, by id.
  absl::StatusOr<std::vector<std::string>> OrphanTransitionProposals(int limit);
  // Every stored row of these proposals, by (proposal id, sequence).
  absl::StatusOr<std::vector<StoredTransition>> GetStoredTransitions(
      const std::vector<std::string>& proposal_ids);
  // Rows of proposals in the filter's region with `at` in [from, to), by (at,
  // proposal id, sequence) after the cursor. INVALID_ARGUMENT as for listings.
  absl::StatusOr<std::vector<StoredTransition>> ExportTransitions(const ExportFilter& filter);
  // Checkpoints by sequence after `after_sequence`; limit 1..1000.
  absl::StatusOr<std::vector<CheckpointRecord>> ListCheckpoints(int64_t after_sequence,
                                                                int limit);
  // One checkpoint by sequence, or the latest for 0; nullopt if there is none.
  absl::StatusOr<std::optional<CheckpointRecord>> GetCheckpoint(int64_t sequence);
  // What the stored rows of a checkpoint's range give: count and Merkle root.
  absl::StatusOr<audit::Coverage> CheckpointCoverage(const CheckpointRecord& checkpoint);
  // The stored hashes of a checkpoint's rows in log order, with their proposal id
  // and sequence (for inclusion proofs).
  struct Leaf {
    std::string proposal_id;
    int64_t sequence;
    audit::Digest hash;
  };
  absl::StatusOr<std::vector<Leaf>> CheckpointLeaves(const CheckpointRecord& checkpoint);
  // Waits until no transaction that writes transitions is in flight (at most
  // `timeout`, else UNAVAILABLE, and the transaction must end), then returns the
  // largest log_index: every row up to it is final. Run it in a transaction of its
  // own and end that at once: writers wait while it holds the barrier.
  absl::StatusOr<int64_t> CheckpointBarrier(std::chrono::milliseconds timeout);
  // Takes the checkpoint lock (held to the end of the transaction, so checkpoints
  // are made one at a time) and computes what the next checkpoint covers: the rows
  // after the latest checkpoint up to `barrier` (from CheckpointBarrier).
  absl::StatusOr<CheckpointDraft> PrepareCheckpoint(int64_t barrier);
  // ALREADY_EXISTS if a checkpoint with its sequence exists.
  absl::Status InsertCheckpoint(const CheckpointRecord& checkpoint);

 private:
  friend class Database;

  // Records a database exception as the transaction's failure and returns its
  // status. PostgreSQL aborts the whole transaction on any error (and a method
  // may fail after part of its writes), so Database::InTransaction refuses to
  // commit a Tx that has a failure even if the unit of work returns OK.
  absl::Status Fail(const std::exception& e, const char* operation);
  absl::Status Fail(absl::Status status);

  // The NIK keyed hash of `nik` (audit/keyed_hash.h) under the database's key,
  // in hex; FAILED_PRECONDITION when no key is configured (tx_personal_data.cc).
  absl::StatusOr<std::string> NikHmac(const std::string& nik) const;
  // The members' NIK hashes in hex, in household order.
  absl::StatusOr<std::vector<std::string>> MemberNikHmacs(
      const workflow::Household& household) const;

  pqxx::transaction_base& work_;
  absl::Status failure_;  // OK until the first database failure
  // The NIK key of the Database running this transaction (set by InTransaction;
  // null for a Tx made directly, which then has no key).
  const std::string* nik_key_ = nullptr;

  // The hash of the latest audit row (proposals.audit_head, 0007_chain_head.sql)
  // of each proposal this transaction has locked, at the version it was read:
  // ApplyTransitions chains the next row to it instead of reading transitions,
  // and moves it on. By lower-case id.
  struct ChainHead {
    int64_t version = 0;
    std::string hash;
  };
  std::map<std::string, ChainHead> chain_heads_;
};

}  // namespace usulan::storage
