#include "storage/database.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
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
  return std::unique_ptr<Database>(new Database(std::move(*pool), config));
}

Database::Database(std::unique_ptr<ConnectionPool> pool, const DatabaseConfig& config)
    : pool_(std::move(pool)),
      nik_key_(config.nik_key),
      statement_timeout_(config.statement_timeout),
      transaction_timeout_(config.transaction_timeout) {}

Database::~Database() = default;

void Database::Interrupt() { pool_->Interrupt(); }

absl::Status Database::Explain(absl::Status failure, const base::CallLimits* call) const {
  // A database failure of a call that is no longer wanted: most likely our own
  // cut (the statement timeout set from its deadline, or the watchdog), and in
  // any case nothing was committed. The caller learns why in its own terms.
  const bool database_failure = absl::IsUnavailable(failure) || absl::IsInternal(failure) ||
                                absl::IsAborted(failure);
  if (call != nullptr && database_failure) {
    absl::Status wanted = call->Check(std::chrono::steady_clock::now() + kAnswerMargin);
    if (!wanted.ok()) return wanted;
  }
  return failure;
}

absl::Status Database::InTransaction(const std::function<absl::Status(Tx&)>& work) {
  const base::CallLimits* call = base::CurrentCall();
  if (call != nullptr) {
    if (absl::Status wanted = call->Check(); !wanted.ok()) return wanted;
  }
  // When this transaction's database work is given up: never later than the
  // transaction timeout, and for a call with a deadline early enough to answer it.
  const base::SteadyTime started = std::chrono::steady_clock::now();
  base::SteadyTime limit = started + transaction_timeout_;
  const bool call_deadline = call != nullptr && call->deadline &&
                             *call->deadline - kAnswerMargin < limit;
  if (call_deadline) limit = *call->deadline - kAnswerMargin;
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire(limit);
  if (!lease.ok()) return lease.status();
  lease->CutAt(limit);
  bool committing = false;
  try {
    pqxx::work transaction(lease->connection());
    if (call_deadline) {
      // No statement of this transaction may outlast the call's deadline.
      // Rounded up: a timeout that fired before `limit` would not be recognised
      // as the deadline's (Explain) and would answer UNAVAILABLE.
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(
          limit - std::chrono::steady_clock::now());
      if (statement_timeout_.count() == 0 || left < statement_timeout_) {
        transaction.exec_prepared(kSetLocalStatementTimeout,
                                  std::to_string(std::max<int64_t>(1, left.count())));
      }
    }
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
    // The last moment to give up a call nobody waits for: after COMMIT is sent
    // it may take effect whatever happens here.
    if (status.ok() && call != nullptr) status = call->Check();
    if (!status.ok()) {
      transaction.abort();
      return Explain(status, call);
    }
    committing = true;
    transaction.commit();
    return absl::OkStatus();
  } catch (const std::exception& e) {
    if (IsBrokenConnection(e)) lease->MarkBroken();
    absl::Status status = StatusFromException(e, committing ? "commit" : "transaction");
    if (committing && IsBrokenConnection(e)) {
      return absl::UnavailableError(kOutcomeUnknown);
    }
    return Explain(status, call);
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
