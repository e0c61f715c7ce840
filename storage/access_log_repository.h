// The personal-data access log (0010_personal_data_access.sql, 0011_documents.sql):
// one append-only row per NIK lookup or evidence download, allowed or refused,
// and the auditors' reading of it.
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

// One lookup or download as recorded. `nik_hmac` is the hex keyed hash of a
// lookup's NIK (the NIK itself is never stored here); a download names the
// proposal and the document instead (nik_hmac empty).
struct AccessRecord {
  int64_t id = 0;  // assigned when written
  TimePoint at;
  std::string subject;
  std::string role;
  std::string region_code;
  std::string rpc;
  std::string scope;
  std::string nik_hmac;
  std::string proposal_id;      // downloads only ("" for a determination)
  std::string document_sha256;  // downloads only
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
  // Appends one row for a download of `record.document_sha256` (required) cited
  // by `record.proposal_id`, or, with no proposal id, for a cycle's determination
  // with personal data whose manifest.json has that SHA-256 (the manifest names
  // the cycle, the variant and every file's digest); `nik_hmac` and `id` are
  // ignored.
  absl::Status RecordDownload(const AccessRecord& record);
  // Rows matching the filter with id > after_id, by id. INVALID_ARGUMENT for a
  // limit outside 1..1000.
  absl::StatusOr<std::vector<AccessRecord>> List(const AccessFilter& filter);

 private:
  Tx& tx_;
};

std::string_view Name(AccessOutcome outcome);

}  // namespace usulan::storage
