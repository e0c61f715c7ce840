#include "storage/connection_pool.h"

#include <poll.h>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <utility>

#include "storage/errors.h"
#include "storage/sql_util.h"

namespace usulan::storage {

std::unique_ptr<pqxx::connection> OpenConnection(const std::string& url) {
  auto connection = std::make_unique<pqxx::connection>(url);
  {
    pqxx::nontransaction session(*connection);
    // The listing statements pick their plan from the parameters (which region
    // column, whether a state filter or cursor is present); a generic plan would
    // have to serve every combination and could not use the queue indexes.
    session.exec0("SET plan_cache_mode = force_custom_plan");
    session.exec0("SET application_name = 'usulan'");
  }
  for (const auto* topic : {&IdempotencyStatements(), &ProposalStatements(),
                            &DeliberationStatements(), &RegistryStatements(),
                            &BatchStatements(), &QueueStatements(), &AuditStatements(),
                            &TransitionStatements(),
                            &PersonalDataStatements(), &HouseholdKeyStatements(),
                            &AccessLogStatements()}) {
    for (const Statement& statement : *topic) {
      connection->prepare(statement.name, statement.sql);
      // Prepared now rather than on first use, so that a statement that does not
      // fit the schema fails at startup, not in the middle of a request.
      connection->prepare_now(statement.name);
    }
  }
  return connection;
}

namespace {

// Whether an idle connection can be handed out, judged without a round trip. An
// idle connection (we LISTEN to nothing) has nothing to read: a readable or hung
// up socket means the server ended the session (restart, administrator, idle
// timeout; it leaves a FATAL message and EOF), so it is replaced before the
// caller's first statement fails. A rare asynchronous notice costs a reconnect.
bool IsIdleAndHealthy(const pqxx::connection& connection) {
  if (!connection.is_open()) return false;
  pollfd descriptor{.fd = connection.sock(), .events = POLLIN, .revents = 0};
  if (descriptor.fd < 0) return false;
  const int ready = ::poll(&descriptor, 1, /*timeout=*/0);
  return ready == 0;
}

}  // namespace

ConnectionPool::ConnectionPool(std::string url, std::chrono::milliseconds acquire_timeout,
                               size_t size)
    : url_(std::move(url)), acquire_timeout_(acquire_timeout), connections_(size) {
  for (size_t slot = 0; slot < size; ++slot) free_.push_back(slot);
}

ConnectionPool::~ConnectionPool() = default;

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(
    const DatabaseConfig& config) {
  if (config.pool_size < 1) return absl::InvalidArgumentError("pool_size must be at least 1");
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(
      config.url, config.acquire_timeout, static_cast<size_t>(config.pool_size)));
  for (auto& connection : pool->connections_) {
    try {
      connection = OpenConnection(config.url);
    } catch (const pqxx::sql_error& e) {
      // Preparing failed, not connecting: the schema does not match this binary.
      absl::Status status = StatusFromException(e, "prepare statements");
      if (absl::IsUnavailable(status)) return status;
      return absl::FailedPreconditionError(
          "cannot prepare the database statements; is the schema migrated?");
    } catch (const std::exception& e) {
      absl::Status status = StatusFromException(e, "connect");
      if (IsBrokenConnection(e)) return absl::UnavailableError("database unavailable");
      return status;
    }
  }
  return pool;
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire() {
  size_t slot;
  {
    std::unique_lock lock(mutex_);
    if (!available_.wait_for(lock, acquire_timeout_, [this] { return !free_.empty(); })) {
      spdlog::warn("storage: no free database connection within {} ms",
                   acquire_timeout_.count());
      return absl::UnavailableError("database busy: no free connection");
    }
    slot = free_.back();
    free_.pop_back();
  }
  std::unique_ptr<pqxx::connection>& connection = connections_[slot];
  if (connection != nullptr && !IsIdleAndHealthy(*connection)) connection.reset();
  if (connection == nullptr) {
    // Reconnecting outside the lock: it takes a network round trip or more, and
    // other threads may meanwhile use the other connections.
    connection.reset();
    try {
      connection = OpenConnection(url_);
      spdlog::info("storage: database connection {} re-opened", slot);
    } catch (const std::exception& e) {
      static_cast<void>(StatusFromException(e, "reconnect"));  // logs the cause
      Release(slot, /*broken=*/true);
      return absl::UnavailableError("database unavailable");
    }
  }
  return Lease(this, slot, connection.get());
}

void ConnectionPool::Release(size_t slot, bool broken) {
  if (broken) {
    // Closed now so that the server frees its backend; re-opened on next Acquire.
    connections_[slot].reset();
  }
  {
    std::lock_guard lock(mutex_);
    free_.push_back(slot);
  }
  available_.notify_one();
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(other.slot_),
      connection_(other.connection_),
      broken_(other.broken_) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->Release(slot_, broken_);
}

}  // namespace usulan::storage
