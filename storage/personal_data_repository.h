// Personal data (README "Personal data"): the NIK and household key checks, the NIK
// and KK hash back-fills, erasure and the purge of stored answers.
// A view of one transaction (storage/tx.h: Tx::personal_data()); every method runs
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

class PersonalDataRepository {
 public:
  explicit PersonalDataRepository(Tx& tx) : tx_(tx) {}

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
  // Computes kk_hmac for at most `limit` households with a KK that have none
  // (rows older than 0017_household_kk_hmac.sql) and returns how many; call
  // until it returns 0. FAILED_PRECONDITION without a NIK key.
  absl::StatusOr<int> BackfillKkHmac(int limit);
  // Deletes the household of the proposal with what cascades from it (members,
  // a citizen objection's GPS point: 0016_objection_points.sql; the KK's keyed
  // hash is a column of the household row), its NIK claims, and the stored
  // idempotency answers about it: those naming it, and those naming no
  // proposal, created at or after `answers_since`, whose answer contains its id;
  // and, when `with_reason` (a citizen's words: workflow::FiledByCitizen), the
  // proposal's reason. Marks the proposal erased at `at`. Touches no audit row. NOT_FOUND for an
  // unknown proposal. The caller holds the proposal's row lock.
  absl::Status ErasePersonalData(const std::string& proposal_id, TimePoint at,
                                 TimePoint answers_since, bool with_reason = false);
  // Deletes at most `limit` idempotency records created before `before` (their
  // replay window is over) and returns how many.
  absl::StatusOr<int> PurgeRequests(TimePoint before, int limit);

 private:
  Tx& tx_;
};

}  // namespace usulan::storage
