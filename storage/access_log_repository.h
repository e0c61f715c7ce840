// The personal-data access log (0010_personal_data_access.sql): one append-only
// row per NIK lookup, allowed or refused, and the auditors' reading of it.
// A view of one transaction (storage/tx.h: Tx::access_log()); every method runs
// prepared statements only, and a failure poisons the transaction as Tx says.
// Not thread-safe; never outlives its Tx.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/records.h"

namespace usulan::storage {

class Tx;

enum class AccessOutcome { kFound, kNotFound, kDenied };

// One lookup as recorded. `nik_hmac` is the hex keyed hash; the NIK itself is
// never stored here.
struct AccessRecord {
  int64_t id = 0;  // assigned when written
  TimePoint at;
  std::string subject;
  std::string role;
  std::string region_code;
  std::string rpc;
  std::string scope;
  std::string nik_hmac;
  AccessOutcome outcome = AccessOutcome::kDenied;
  int proposals = 0;
};

struct AccessFilter {
  std::string subject;                 // "" = every caller
  // Rows whose scope, or whose caller's region, starts with it ("" = all): a
  // regional auditor sees lookups of their region and those their users made
  // elsewhere.
  std::string scope_prefix;
  std::optional<TimePoint> from, to;   // [from, to)
  int64_t after_id = 0;                // keyset cursor
  int limit = 100;                     // 1..1000
};

class AccessLogRepository {
 public:
  explicit AccessLogRepository(Tx& tx) : tx_(tx) {}

  // Appends one row for a lookup of `nik` (hashed here under the database's NIK
  // key; FAILED_PRECONDITION without one); `record.nik_hmac` and `id` are ignored.
  absl::Status RecordLookup(const std::string& nik, const AccessRecord& record);
  // Rows matching the filter with id > after_id, by id. INVALID_ARGUMENT for a
  // limit outside 1..1000.
  absl::StatusOr<std::vector<AccessRecord>> List(const AccessFilter& filter);

 private:
  Tx& tx_;
};

std::string_view Name(AccessOutcome outcome);

}  // namespace usulan::storage
