#include "storage/database.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "audit/keyed_hash.h"
#include "storage/connection_pool.h"
#include "storage/errors.h"
#include "storage/tx.h"

namespace usulan::storage {

absl::StatusOr<std::unique_ptr<Database>> Database::Open(const DatabaseConfig& config) {
  if (!config.nik_key.empty() && config.nik_key.size() < audit::kMinNikKeyBytes) {
    return absl::InvalidArgumentError(absl::StrCat("the NIK key must hold at least ",
                                                   audit::kMinNikKeyBytes, " bytes"));
  }
  absl::StatusOr<std::unique_ptr<ConnectionPool>> pool = ConnectionPool::Open(config);
  if (!pool.ok()) return pool.status();
  return std::unique_ptr<Database>(new Database(std::move(*pool), config.nik_key));
}

Database::Database(std::unique_ptr<ConnectionPool> pool, std::string nik_key)
    : pool_(std::move(pool)), nik_key_(std::move(nik_key)) {}

Database::~Database() = default;

absl::Status Database::InTransaction(const std::function<absl::Status(Tx&)>& work) {
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  try {
    pqxx::work transaction(lease->connection());
    Tx tx(transaction);
    tx.nik_key_ = &nik_key_;
    absl::Status status;
    try {
      status = work(tx);
    } catch (const std::exception& e) {
      // The unit of work is not ours to throw through; treat it like a failed one.
      status = StatusFromException(e, "unit of work");
    } catch (...) {
      spdlog::error("storage: unit of work threw a non-standard exception");
      status = absl::InternalError("internal error");
    }
    if (status.ok() && !tx.failure_.ok()) {
      // The unit ignored a database failure; PostgreSQL has aborted the
      // transaction (or part of a change is written), so it must not commit.
      status = tx.failure_;
    }
    if (!status.ok()) {
      transaction.abort();
      return status;
    }
    transaction.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    if (IsBrokenConnection(e)) lease->MarkBroken();
    return StatusFromException(e, "transaction");
  }
}

absl::Status Tx::Fail(const std::exception& e, const char* operation) {
  return Fail(StatusFromException(e, operation));
}

absl::Status Tx::Fail(absl::Status status) {
  if (failure_.ok()) failure_ = status;
  return status;
}

}  // namespace usulan::storage
