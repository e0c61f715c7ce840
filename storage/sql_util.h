// Small helpers shared by the tx_*.cc files: parameter encodings for PostgreSQL
// (array literals, timestamps as microseconds) and their decoding. Internal to
// storage/.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "base/ids.h"
#include "storage/records.h"

namespace pqxx {
class field;
}

namespace usulan::storage {

// A prepared statement: its name (a kName constant of a tx_*.cc) and SQL text.
struct Statement {
  const char* name;
  std::string sql;
};

// Every statement of each topic; the connection pool prepares all of them on
// every connection. Defined in the matching tx_*.cc.
const std::vector<Statement>& IdempotencyStatements();
const std::vector<Statement>& ProposalStatements();
const std::vector<Statement>& DeliberationStatements();
const std::vector<Statement>& RegistryStatements();
const std::vector<Statement>& BatchStatements();
const std::vector<Statement>& QueueStatements();
const std::vector<Statement>& AuditStatements();
const std::vector<Statement>& TransitionStatements();
const std::vector<Statement>& PersonalDataStatements();
const std::vector<Statement>& HouseholdKeyStatements();
const std::vector<Statement>& AccessLogStatements();
const std::vector<Statement>& DocumentStatements();
const std::vector<Statement>& RegisterStatements();
const std::vector<Statement>& PublicStatusStatements();

// SQL fragment turning bigint parameter $n (microseconds since the Unix epoch)
// into a timestamptz, exactly (interval arithmetic in integer microseconds).
std::string TimestampParam(int n);
// SQL fragment reading timestamptz `column` as bigint microseconds since the
// epoch, exactly (extract returns numeric since PostgreSQL 14).
std::string MicrosOf(std::string_view column);

int64_t ToMicros(TimePoint t);
TimePoint FromMicros(int64_t micros);

// PostgreSQL array literal with every element quoted and escaped, for a
// `$n::text[]` (or uuid[]) parameter: {"a","b\"c"}.
std::string TextArrayLiteral(const std::vector<std::string>& values);
std::string IntArrayLiteral(const std::vector<int>& values);

// Decodes a one-dimensional array field; NULL gives an empty vector. CorruptRow
// (errors.h) for NULL elements or nested arrays.
std::vector<std::string> ReadTextArray(const pqxx::field& field);
std::vector<int> ReadIntArray(const pqxx::field& field);

// Ids are checked (base::IsUuid, either case) before they reach PostgreSQL, so
// that a malformed id is "not found" rather than a server error.
using base::IsUuid;

// Checks the common part of a listing's filter and returns the index of its
// region level (0 national, 1 province, 2 kabupaten, 3 kecamatan, 4 desa), which
// selects the listing statement. INVALID_ARGUMENT for a malformed prefix or
// cursor id, or a limit outside 1..kMaxListLimit (refused rather than clamped: a
// caller asking for one row more than its page must get it).
inline constexpr int kMaxListLimit = 1000;
absl::StatusOr<size_t> ListingLevel(const std::string& region_prefix,
                                    const std::string* after_id, int limit);

// Key of the advisory lock every transaction that writes transitions holds shared
// (InsertTransition) and a checkpoint's barrier takes exclusively
// (0004_audit_chain.sql, "Checkpoint coverage"). "usulan_tw" in ASCII.
inline constexpr int64_t kTransitionWritersLockKey = 0x7573756c616e7477;

// The value of a NULL-able text parameter: nullptr (SQL NULL) for an empty string.
inline const char* NullIfEmpty(const std::string& value) {
  return value.empty() ? nullptr : value.c_str();
}

}  // namespace usulan::storage
