// Savepoints: a unit of work inside a transaction that can fail on its own.
//
// Plain SAVEPOINT / ROLLBACK TO / RELEASE on the transaction rather than
// pqxx::subtransaction: libpqxx 6 issues a subtransaction's SAVEPOINT lazily, on
// its first exec(), and prepared statements do not trigger it, so its abort()
// would silently roll back nothing (the storage tests showed it).
#include <pqxx/pqxx>

#include "storage/errors.h"
#include "storage/tx.h"

namespace usulan::storage {
namespace {

// Nested savepoints may share the name: ROLLBACK TO and RELEASE act on the most
// recent one of that name, which is always the innermost open unit.
constexpr const char* kSavepoint = "SAVEPOINT usulan_unit";
constexpr const char* kRollback = "ROLLBACK TO SAVEPOINT usulan_unit";
constexpr const char* kRelease = "RELEASE SAVEPOINT usulan_unit";

}  // namespace

absl::Status Tx::InSavepoint(const std::function<absl::Status(Tx&)>& work) {
  if (!failure_.ok()) return failure_;
  try {
    work_.exec0(kSavepoint);
  } catch (const std::exception& e) {
    return Fail(e, "savepoint");
  }
  Tx inner(work_);
  inner.nik_key_ = nik_key_;
  absl::Status status;
  try {
    status = work(inner);
  } catch (const std::exception& e) {
    status = StatusFromException(e, "unit of work in a savepoint");
  }
  if (status.ok() && !inner.failure_.ok()) status = inner.failure_;
  try {
    // Were the unit OK while PostgreSQL had aborted the transaction (an error
    // swallowed without Fail), RELEASE fails and poisons this transaction:
    // nothing half-done can commit.
    work_.exec0(status.ok() ? kRelease : kRollback);
  } catch (const std::exception& e) {
    return Fail(e, "savepoint end");
  }
  return status;
}

}  // namespace usulan::storage
