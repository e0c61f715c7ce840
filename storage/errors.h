// Translation of database exceptions into absl::Status (the mapping documented in
// storage/database.h). Internal to storage/. Within "broken connection" (->
// UNAVAILABLE) this also counts: SQLSTATE classes 08 and 53, server shutdowns
// (57P01-57P03), statement timeouts (57014), and a connection lost during commit
// (outcome unknown; a retry with the same request_id is safe). Other 40xxx
// rollbacks, and lock_timeout (55P03), count with serialization failures
// (-> ABORTED).
//
// Privacy: PostgreSQL messages can quote values (a DETAIL line "Key (nik)=(...)",
// "invalid input syntax for type date: \"...\""). What is logged is the SQLSTATE,
// the statement name and the server's primary message with quoted values cut off;
// what is returned to callers never contains SQL or server text.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace usulan::storage {

// Thrown by storage code when a row read back does not fit the domain (an unknown
// state name, a malformed array). Maps to INTERNAL like any other database error.
class CorruptRow : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The status for an exception thrown while running `operation` (a statement name
// or a short description such as "commit"). Logs it with spdlog: warn for
// expected contention (serialization failures, deadlocks, unique violations),
// error otherwise. Never throws.
absl::Status StatusFromException(const std::exception& e, std::string_view operation) noexcept;

// True when the exception means the connection is unusable (the pool then
// replaces it).
bool IsBrokenConnection(const std::exception& e) noexcept;

// The server message of `what` reduced to its first line, with quoted values
// removed, for logging. Exposed for tests.
std::string RedactServerMessage(std::string_view what, std::string_view sqlstate);

}  // namespace usulan::storage
