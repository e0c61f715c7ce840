#include "storage/errors.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <typeinfo>

#include "storage/database.h"

namespace usulan::storage {
namespace {

constexpr size_t kMaxLoggedMessage = 300;

// The partial unique index of 0013_register.sql that allows one open proposal of
// each changing kind per register entry; its name is in the violation's message.
constexpr std::string_view kOneOpenChangePerEntry = "proposals_one_open_change_per_entry";
// The partial unique index of 0015_citizen_reads.sql: one open objection per
// citizen and register entry.
constexpr std::string_view kOneOpenObjectionPerCitizen =
    "proposals_one_open_objection_per_citizen";

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// SQLSTATEs that mean "try again later" rather than a bug: lost or refused
// connections (class 08, 57P01-57P03 shutdowns), the server out of resources
// (class 53) and statement timeouts (57014).
bool IsTransientState(std::string_view sqlstate) {
  return StartsWith(sqlstate, "08") || StartsWith(sqlstate, "53") ||
         sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" ||
         sqlstate == "57014";
}

}  // namespace

std::string RedactServerMessage(std::string_view what, std::string_view sqlstate) {
  // pqxx's what() is libpq's full error text: "ERROR:  primary\nDETAIL: ...".
  // DETAIL and CONTEXT lines quote row values, so only the primary line is kept.
  std::string_view line = what.substr(0, what.find('\n'));
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  ", "PANIC:  "}) {
    if (StartsWith(line, prefix)) line.remove_prefix(prefix.size());
  }
  std::string out(line);
  // Data errors put the offending input after ': "' (invalid input syntax for
  // type date: "..."); constraint and relation names are quoted without a colon.
  if (size_t cut = out.find(": \""); cut != std::string::npos) {
    out.resize(cut);
    out += ": <value redacted>";
  }
  if (out.size() > kMaxLoggedMessage) out.resize(kMaxLoggedMessage);
  if (!sqlstate.empty()) out = std::string(sqlstate) + " " + out;
  return out;
}

bool IsBrokenConnection(const std::exception& e) noexcept {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) return true;
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    return StartsWith(state, "08") || state == "57P01" || state == "57P02";
  }
  return false;
}

absl::Status StatusFromException(const std::exception& e, std::string_view operation) noexcept {
  try {
    // Order matters: the more specific pqxx types derive from the general ones.
    if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
      spdlog::error("storage: {}: database connection broken", operation);
      return absl::UnavailableError(kDatabaseUnavailable);
    }
    if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr ||
        dynamic_cast<const pqxx::statement_completion_unknown*>(&e) != nullptr) {
      spdlog::error("storage: {}: connection lost, outcome unknown", operation);
      return absl::UnavailableError(kOutcomeUnknown);
    }
    if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
        dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr ||
        dynamic_cast<const pqxx::transaction_rollback*>(&e) != nullptr) {
      spdlog::warn("storage: {}: transaction rolled back by the server", operation);
      return absl::AbortedError("the change conflicted with a concurrent one; retry");
    }
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
      const std::string& state = sql->sqlstate();
      const std::string message = RedactServerMessage(sql->what(), state);
      // 55P03: a row lock not granted within lock_timeout (a long transaction
      // holds it); like a lost race, the caller may retry.
      if (state == "40001" || state == "40P01" || state == "55P03") {
        spdlog::warn("storage: {}: {}", operation, message);
        return absl::AbortedError("the change conflicted with a concurrent one; retry");
      }
      if (state == "23505") {
        spdlog::warn("storage: {}: {}", operation, message);
        // A second open deactivation (correction, reactivation) of one register
        // entry that passed the service's check in a race with the first
        // (0013_register.sql): the entry's state refuses it, as the check would.
        if (message.find(kOneOpenChangePerEntry) != std::string::npos) {
          return absl::FailedPreconditionError(
              "register_entry_id: the entry already has an open proposal of this kind");
        }
        // A citizen's second objection to one entry racing the first.
        if (message.find(kOneOpenObjectionPerCitizen) != std::string::npos) {
          return absl::FailedPreconditionError(
              "register_entry_id: you already have an open objection to this entry");
        }
        return absl::AlreadyExistsError("the record already exists");
      }
      if (StartsWith(state, "UA")) {
        // Raised by the audit chain's invariants (0008_chain_invariants.sql): the
        // service wrote a version without its audit rows or the reverse. A server
        // fault whatever the request was, so INTERNAL, and nothing of it is told.
        spdlog::error("storage: {}: audit chain invariant refused the change: {}", operation,
                      message);
        return absl::InternalError("database error");
      }
      if (IsTransientState(state)) {
        spdlog::error("storage: {}: {}", operation, message);
        return absl::UnavailableError(kDatabaseUnavailable);
      }
      spdlog::error("storage: {}: {}", operation, message);
      return absl::InternalError("database error");
    }
    if (dynamic_cast<const pqxx::conversion_error*>(&e) != nullptr) {
      // The message quotes the value that failed to convert.
      spdlog::error("storage: {}: value conversion failed", operation);
      return absl::InternalError("database error");
    }
    if (dynamic_cast<const CorruptRow*>(&e) != nullptr) {
      spdlog::error("storage: {}: unexpected row: {}", operation, e.what());
      return absl::InternalError("database error");
    }
    std::string what = e.what();
    if (what.size() > kMaxLoggedMessage) what.resize(kMaxLoggedMessage);
    spdlog::error("storage: {}: {}: {}", operation, typeid(e).name(), what);
    return absl::InternalError("database error");
  } catch (...) {
    // Logging itself failed (e.g. out of memory); the status is still right.
    return absl::InternalError("database error");
  }
}

}  // namespace usulan::storage
