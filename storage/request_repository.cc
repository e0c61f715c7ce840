// Idempotency keys: the first call with a request_id claims it inside its own
// transaction; a repeat waits for that transaction and then replays its answer.
#include <pqxx/pqxx>

#include <algorithm>
#include <map>
#include <set>

#include "storage/sql_util.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

constexpr const char* kClaimRequest = "idempotency_claim";
constexpr const char* kLoadRequest = "idempotency_load";
constexpr const char* kCompleteRequest = "idempotency_complete";
constexpr const char* kWritersLock = "idempotency_writers_lock";
constexpr const char* kClaimRequests = "idempotency_claim_many";
constexpr const char* kLoadRequests = "idempotency_load_many";
constexpr const char* kCompleteRequests = "idempotency_complete_many";
constexpr const char* kReleaseRequests = "idempotency_release_many";

std::string HexOf(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex += kDigits[c >> 4];
    hex += kDigits[c & 0xf];
  }
  return hex;
}

// "subject\x1frequest_id": the two parts of a key as one map key.
std::string Joined(const std::string& subject, const std::string& request_id) {
  return subject + '\x1f' + request_id;
}

// The stored row of a key that was not claimed: the first call's answer, or the
// key's refusal. `response` is null when the first call stored none.
absl::StatusOr<Claim> ReplayOf(const RequestKey& key, const std::string& rpc,
                               const std::string& fingerprint, const pqxx::field& response) {
  if (rpc != key.rpc || fingerprint != key.fingerprint) {
    return absl::InvalidArgumentError("request_id was already used for a different request");
  }
  // NULL when the first call committed without storing an answer; replayed
  // as an empty answer like an empty message.
  std::string stored;
  if (!response.is_null()) stored = pqxx::binarystring(response).str();
  return Claim{.claimed = false, .stored_response = std::move(stored)};
}

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
      {kClaimRequests,
       "INSERT INTO idempotency (request_id, subject, rpc, fingerprint, created_at) "
       "SELECT u.request_id, u.subject, u.rpc, u.fingerprint, " + TimestampParam(5) +
           " FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) "
           "AS u(request_id, subject, rpc, fingerprint) ORDER BY u.subject, u.request_id "
           "ON CONFLICT (subject, request_id) DO NOTHING RETURNING subject, request_id"},
      {kLoadRequests,
       "SELECT i.subject, i.request_id, i.rpc, i.fingerprint, i.response FROM idempotency i "
       "JOIN unnest($1::text[], $2::text[]) AS u(subject, request_id) "
       "ON i.subject = u.subject AND i.request_id = u.request_id"},
      // Responses travel as hex: a serialized message may contain NUL bytes.
      {kCompleteRequests,
       "UPDATE idempotency i SET response = decode(u.response, 'hex'), "
       "proposal_id = NULLIF(u.proposal_id, '')::uuid "
       "FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) "
       "AS u(subject, request_id, response, proposal_id) "
       "WHERE i.subject = u.subject AND i.request_id = u.request_id"},
      {kReleaseRequests,
       "DELETE FROM idempotency i USING unnest($1::text[], $2::text[]) "
       "AS u(subject, request_id) WHERE i.subject = u.subject AND i.request_id = u.request_id"},
  };
  return statements;
}

absl::StatusOr<std::optional<Claim>> RequestRepository::FindRequest(const RequestKey& key) {
  if (key.request_id.empty()) return absl::InvalidArgumentError("request_id is required");
  try {
    const pqxx::result stored = tx_.work_.exec_prepared(kLoadRequest, key.subject, key.request_id);
    if (stored.empty()) return std::optional<Claim>();
    const pqxx::row row = stored[0];
    auto replay = ReplayOf(key, row[0].as<std::string>(), row[1].as<std::string>(), row[2]);
    if (!replay.ok()) return replay.status();
    return std::optional<Claim>(std::move(*replay));
  } catch (const std::exception& e) {
    return tx_.Fail(e, kLoadRequest);
  }
}

absl::StatusOr<Claim> RequestRepository::ClaimRequest(const RequestKey& key, TimePoint now) {
  if (key.request_id.empty()) return absl::InvalidArgumentError("request_id is required");
  try {
    // Every change may write transitions, so it takes the writers' lock that
    // InsertTransition needs (0004_audit_chain.sql, "Checkpoint coverage") first,
    // before any row lock: waiting for it behind a checkpoint's barrier then never
    // holds anything that a writer the barrier waits for could need.
    tx_.work_.exec_prepared(kWritersLock, kTransitionWritersLockKey);
    const pqxx::result inserted =
        tx_.work_.exec_prepared(kClaimRequest, key.request_id, key.subject, key.rpc,
                            key.fingerprint, ToMicros(now));
    if (!inserted.empty()) return Claim{.claimed = true, .stored_response = {}};

    // Each statement sees the latest committed data, so the row the conflict
    // waited for is visible here.
    const pqxx::result stored = tx_.work_.exec_prepared(kLoadRequest, key.subject, key.request_id);
    if (stored.empty()) {
      // Expired between the two statements; the caller may simply try again.
      return absl::AbortedError("request_id changed concurrently; retry");
    }
    const pqxx::row row = stored[0];
    return ReplayOf(key, row[0].as<std::string>(), row[1].as<std::string>(), row[2]);
  } catch (const std::exception& e) {
    return tx_.Fail(e, kClaimRequest);
  }
}

absl::Status RequestRepository::CompleteRequest(const RequestKey& key, const std::string& response,
                                 const std::string& proposal_id) {
  if (!proposal_id.empty() && !IsUuid(proposal_id)) {
    return absl::InvalidArgumentError("proposal id must be a UUID");
  }
  try {
    // bytea via a binary parameter: a serialized message may contain NUL bytes.
    const pqxx::result updated =
        tx_.work_.exec_prepared(kCompleteRequest, key.subject, key.request_id,
                            pqxx::binarystring(response), NullIfEmpty(proposal_id));
    if (updated.affected_rows() == 0) {
      return absl::FailedPreconditionError("request_id was not claimed in this transaction");
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCompleteRequest);
  }
}

absl::StatusOr<std::vector<absl::StatusOr<Claim>>> RequestRepository::ClaimRequests(
    const std::vector<RequestKey>& keys, TimePoint now) {
  std::vector<absl::StatusOr<Claim>> out;
  if (keys.empty()) return out;
  std::vector<std::string> ids, subjects, rpcs, fingerprints;
  for (const RequestKey& key : keys) {
    if (key.request_id.empty()) return absl::InvalidArgumentError("request_id is required");
    ids.push_back(key.request_id);
    subjects.push_back(key.subject);
    rpcs.push_back(key.rpc);
    fingerprints.push_back(key.fingerprint);
  }
  try {
    // As in ClaimRequest: the writers' lock before any row lock.
    tx_.work_.exec_prepared(kWritersLock, kTransitionWritersLockKey);
    std::set<std::string> claimed;
    for (const auto& row :
         tx_.work_.exec_prepared(kClaimRequests, TextArrayLiteral(ids), TextArrayLiteral(subjects),
                             TextArrayLiteral(rpcs), TextArrayLiteral(fingerprints),
                             ToMicros(now))) {
      claimed.insert(Joined(row[0].as<std::string>(), row[1].as<std::string>()));
    }
    std::map<std::string, absl::StatusOr<Claim>> replays;
    if (claimed.size() < keys.size()) {
      for (const auto& row :
           tx_.work_.exec_prepared(kLoadRequests, TextArrayLiteral(subjects), TextArrayLiteral(ids))) {
        const std::string joined = Joined(row[0].as<std::string>(), row[1].as<std::string>());
        if (claimed.count(joined) > 0) continue;
        const RequestKey& key =
            *std::find_if(keys.begin(), keys.end(), [&](const RequestKey& k) {
              return Joined(k.subject, k.request_id) == joined;
            });
        replays.emplace(joined, ReplayOf(key, row[2].as<std::string>(),
                                         row[3].as<std::string>(), row[4]));
      }
    }
    for (const RequestKey& key : keys) {
      const std::string joined = Joined(key.subject, key.request_id);
      if (claimed.count(joined) > 0) {
        out.push_back(Claim{.claimed = true, .stored_response = {}});
      } else if (auto replay = replays.find(joined); replay != replays.end()) {
        out.push_back(replay->second);
      } else {
        out.push_back(absl::AbortedError("request_id changed concurrently; retry"));
      }
    }
    return out;
  } catch (const std::exception& e) {
    return tx_.Fail(e, kClaimRequests);
  }
}

absl::Status RequestRepository::CompleteRequests(const std::vector<Answer>& answers) {
  if (answers.empty()) return absl::OkStatus();
  std::vector<std::string> subjects, ids, responses, proposals;
  for (const Answer& answer : answers) {
    subjects.push_back(answer.key.subject);
    ids.push_back(answer.key.request_id);
    responses.push_back(HexOf(answer.response));
    proposals.push_back(answer.proposal_id);
  }
  try {
    const pqxx::result updated =
        tx_.work_.exec_prepared(kCompleteRequests, TextArrayLiteral(subjects),
                            TextArrayLiteral(ids), TextArrayLiteral(responses),
                            TextArrayLiteral(proposals));
    if (updated.affected_rows() != answers.size()) {
      return tx_.Fail(absl::FailedPreconditionError(
          "a request_id was not claimed in this transaction"));
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kCompleteRequests);
  }
}

absl::Status RequestRepository::ReleaseRequests(const std::vector<RequestKey>& keys) {
  if (keys.empty()) return absl::OkStatus();
  std::vector<std::string> subjects, ids;
  for (const RequestKey& key : keys) {
    subjects.push_back(key.subject);
    ids.push_back(key.request_id);
  }
  try {
    tx_.work_.exec_prepared(kReleaseRequests, TextArrayLiteral(subjects), TextArrayLiteral(ids));
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kReleaseRequests);
  }
}

}  // namespace usulan::storage
