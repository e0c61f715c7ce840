// Idempotency records: request ids claimed, answered and released, one per caller and
// id.
// A view of one transaction (storage/tx.h: Tx::requests()); every method runs
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

class RequestRepository {
 public:
  explicit RequestRepository(Tx& tx) : tx_(tx) {}

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

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
