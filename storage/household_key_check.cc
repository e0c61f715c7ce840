// The fingerprint of the household digest's key (0009_household_key.sql): the
// database remembers which key its digests were made with.
#include <pqxx/pqxx>

#include "storage/sql_util.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

constexpr const char* kInsert = "household_key_check_insert";
constexpr const char* kSelect = "household_key_check_select";

}  // namespace

const std::vector<Statement>& HouseholdKeyStatements() {
  static const std::vector<Statement> statements = {
      {kInsert,
       "INSERT INTO household_key_check (id, fingerprint) VALUES (1, decode($1, 'hex')) "
       "ON CONFLICT (id) DO NOTHING"},
      {kSelect, "SELECT encode(fingerprint, 'hex') FROM household_key_check WHERE id = 1"},
  };
  return statements;
}

absl::Status PersonalDataRepository::CheckHouseholdKey(const std::string& fingerprint_hex) {
  try {
    tx_.work_.exec_prepared(kInsert, fingerprint_hex);
    const pqxx::result stored = tx_.work_.exec_prepared(kSelect);
    if (stored.empty() || stored[0][0].as<std::string>() != fingerprint_hex) {
      return absl::FailedPreconditionError(
          "the household key (--household-key-file) is not the key this database's "
          "household digests were made with; start with that key (README, \"Household "
          "evidence\")");
    }
    return absl::OkStatus();
  } catch (const std::exception& e) {
    return tx_.Fail(e, kInsert);
  }
}

}  // namespace usulan::storage
