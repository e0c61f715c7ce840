// Idempotency keys: the first call with a request_id claims it inside its own
// transaction; a repeat waits for that transaction and then replays its answer.
#include <pqxx/pqxx>

#include "storage/sql_util.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

constexpr const char* kClaimRequest = "idempotency_claim";
constexpr const char* kLoadRequest = "idempotency_load";
constexpr const char* kCompleteRequest = "idempotency_complete";
constexpr const char* kWritersLock = "idempotency_writers_lock";

}  // namespace

const std::vector<Statement>& IdempotencyStatements() {
  static const std::vector<Statement> statements = {
      // Under READ COMMITTED, ON CONFLICT waits for a concurrent transaction that
      // inserted the same request_id and has not finished: the repeat then either
      // claims (the first rolled back) or sees the committed row.
      {kClaimRequest,
       "INSERT INTO idempotency (request_id, subject, rpc, fingerprint, created_at) "
       "VALUES ($1, $2, $3, $4, " + TimestampParam(5) + ") "
       "ON CONFLICT (subject, request_id) DO NOTHING RETURNING request_id"},
      {kLoadRequest,
       "SELECT rpc, fingerprint, response FROM idempotency "
       "WHERE subject = $1 AND request_id = $2"},
      {kCompleteRequest,
       "UPDATE idempotency SET response = $3, proposal_id = $4::uuid "
       "WHERE subject = $1 AND request_id = $2"},
      {kWritersLock, "SELECT pg_advisory_xact_lock_shared($1)"},
  };
  return statements;
}

absl::StatusOr<Claim> Tx::ClaimRequest(const RequestKey& key, TimePoint now) {
  if (key.request_id.empty()) return absl::InvalidArgumentError("request_id is required");
  try {
    // Every change may write transitions, so it takes the writers' lock that
    // InsertTransition needs (0004_audit_chain.sql, "Checkpoint coverage") first,
    // before any row lock: waiting for it behind a checkpoint's barrier then never
    // holds anything that a writer the barrier waits for could need.
    work_.exec_prepared(kWritersLock, kTransitionWritersLockKey);
    const pqxx::result inserted =
        work_.exec_prepared(kClaimRequest, key.request_id, key.subject, key.rpc,
                            key.fingerprint, ToMicros(now));
    if (!inserted.empty()) return Claim{.claimed = true, .stored_response = {}};

    // Each statement sees the latest committed data, so the row the conflict
    // waited for is visible here.
    const pqxx::result stored = work_.exec_prepared(kLoadRequest, key.subject, key.request_id);
    if (stored.empty()) {
      // Expired between the two statements; the caller may simply try again.
      return absl::AbortedError("request_id changed concurrently; retry");
    }
    const pqxx::row row = stored[0];
    if (row[0].as<std::string>() != key.rpc || row[1].as<std::string>() != key.fingerprint) {
      return absl::InvalidArgumentError("request_id was already used for a different request");
    }
    // NULL when the first call committed without storing an answer; replayed
    // as an empty answer like an empty message.
    std::string response;
    if (!row[2].is_null()) response = pqxx::binarystring(row[2]).str();
    return Claim{.claimed = false, .stored_response = std::move(response)};
  } catch (const std::exception& e) {
    return Fail(e, kClaimRequest);
  }
}

absl::Status Tx::CompleteRequest(const RequestKey& key, const std::string& response,
                                 const std::string& proposal_id) {
  if (!proposal_id.empty() && !IsUuid(proposal_id)) {
    return absl::InvalidArgumentError("proposal id must be a UUID");
  }
  try {
    // bytea via a binary parameter: a serialized message may contain NUL bytes.
    const pqxx::result updated =
        work_.exec_prepared(kCompleteRequest, key.subject, key.request_id,
                            pqxx::binarystring(response), NullIfEmpty(proposal_id));
    if (updated.affected_rows() == 0) {
      return absl::FailedPreconditionError("request_id was not claimed in this transaction");
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return Fail(e, kCompleteRequest);
  }
}

}  // namespace usulan::storage
