#include "storage/connection_pool.h"

#include <poll.h>
#include <sys/socket.h>

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "storage/database.h"
#include "storage/errors.h"
#include "storage/sql_util.h"

namespace usulan::storage {
namespace {

bool IsUri(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

}  // namespace

std::string WithConnectionDefaults(const std::string& url, int connect_timeout_seconds) {
  // Keepalives notice a dead host or a cut network (not a stopped server, whose
  // kernel still answers them: the pool's watchdog covers that): probes after
  // 30 s idle, every 10 s, 3 lost ones end the connection.
  std::vector<std::pair<std::string, std::string>> defaults = {
      {"connect_timeout", std::to_string(connect_timeout_seconds)},
      {"keepalives", "1"},
      {"keepalives_idle", "30"},
      {"keepalives_interval", "10"},
      {"keepalives_count", "3"}};
  std::string out = url;
  const bool uri = IsUri(url);
  for (const auto& [key, value] : defaults) {
    if (url.find(key + "=") != std::string::npos) continue;  // the URL's own wins
    if (key == "connect_timeout" && connect_timeout_seconds <= 0) continue;
    if (uri) {
      out += out.find('?') == std::string::npos ? "?" : "&";
    } else if (!out.empty()) {
      out += " ";
    }
    absl::StrAppend(&out, key, "=", value);
  }
  return out;
}

std::unique_ptr<pqxx::connection> OpenConnection(const DatabaseConfig& config) {
  auto connection = std::make_unique<pqxx::connection>(
      WithConnectionDefaults(config.url, config.connect_timeout_seconds));
  {
    pqxx::nontransaction session(*connection);
    // The listing statements pick their plan from the parameters (which region
    // column, whether a state filter or cursor is present); a generic plan would
    // have to serve every combination and could not use the queue indexes.
    session.exec0("SET plan_cache_mode = force_custom_plan");
    session.exec0("SET application_name = 'usulan'");
    // The server-side limits: no statement, lock wait or abandoned transaction
    // holds a backend (and its locks) longer than configured.
    session.exec0(absl::StrCat("SET statement_timeout = ", config.statement_timeout.count()));
    session.exec0(absl::StrCat("SET lock_timeout = ", config.lock_timeout.count()));
    session.exec0(absl::StrCat("SET idle_in_transaction_session_timeout = ",
                               config.idle_in_transaction_timeout.count()));
  }
  connection->prepare(kSetLocalStatementTimeout,
                      "SELECT set_config('statement_timeout', $1, true)");
  for (const auto* topic : {&IdempotencyStatements(), &ProposalStatements(),
                            &DeliberationStatements(), &RegistryStatements(),
                            &BatchStatements(), &QueueStatements(), &AuditStatements(),
                            &TransitionStatements(),
                            &PersonalDataStatements(), &HouseholdKeyStatements(),
                            &AccessLogStatements(), &DocumentStatements(), &RegisterStatements(),
                            &PublicStatusStatements()}) {
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

ConnectionPool::ConnectionPool(const DatabaseConfig& config)
    : config_(config),
      connections_(static_cast<size_t>(config.pool_size)),
      watches_(static_cast<size_t>(config.pool_size)) {
  for (size_t slot = 0; slot < connections_.size(); ++slot) free_.push_back(slot);
  watchdog_ = std::thread([this] { Watchdog(); });
}

ConnectionPool::~ConnectionPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  watch_changed_.notify_all();
  watchdog_.join();
}

absl::StatusOr<std::unique_ptr<ConnectionPool>> ConnectionPool::Open(
    const DatabaseConfig& config) {
  if (config.pool_size < 1) return absl::InvalidArgumentError("pool_size must be at least 1");
  std::unique_ptr<ConnectionPool> pool(new ConnectionPool(config));
  for (auto& connection : pool->connections_) {
    try {
      connection = OpenConnection(config);
    } catch (const pqxx::sql_error& e) {
      // Preparing failed, not connecting: the schema does not match this binary.
      absl::Status status = StatusFromException(e, "prepare statements");
      if (absl::IsUnavailable(status)) return status;
      return absl::FailedPreconditionError(
          "cannot prepare the database statements; is the schema migrated?");
    } catch (const std::exception& e) {
      absl::Status status = StatusFromException(e, "connect");
      if (IsBrokenConnection(e)) return absl::UnavailableError(kDatabaseUnavailable);
      return status;
    }
  }
  return pool;
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(
    std::optional<base::SteadyTime> give_up) {
  size_t slot;
  {
    std::unique_lock lock(mutex_);
    const base::SteadyTime waited = std::chrono::steady_clock::now() + config_.acquire_timeout;
    const base::SteadyTime until = give_up ? std::min(*give_up, waited) : waited;
    if (!available_.wait_until(lock, until,
                               [this] { return interrupted_ || !free_.empty(); })) {
      if (give_up && *give_up < waited) {
        return absl::DeadlineExceededError(
            "the call's deadline passed while waiting for a database connection; nothing "
            "was changed");
      }
      spdlog::warn("storage: no free database connection within {} ms",
                   config_.acquire_timeout.count());
      return absl::ResourceExhaustedError(
          "server overloaded: no free database connection; nothing was changed; retry later "
          "with backoff");
    }
    if (interrupted_) return absl::UnavailableError(kShuttingDown);
    slot = free_.back();
    free_.pop_back();
  }
  std::unique_ptr<pqxx::connection>& connection = connections_[slot];
  if (connection != nullptr && !IsIdleAndHealthy(*connection)) connection.reset();
  if (connection == nullptr) {
    // Reconnecting outside the lock: it takes a network round trip or more, and
    // other threads may meanwhile use the other connections.
    try {
      connection = OpenConnection(config_);
      spdlog::info("storage: database connection {} re-opened", slot);
    } catch (const std::exception& e) {
      static_cast<void>(StatusFromException(e, "reconnect"));  // logs the cause
      Release(slot, /*broken=*/true);
      return absl::UnavailableError(kDatabaseUnavailable);
    }
  }
  {
    std::lock_guard lock(mutex_);
    if (interrupted_) {
      // Interrupt() came while this thread connected; it would not see this one.
      free_.push_back(slot);
      return absl::UnavailableError(kShuttingDown);
    }
    watches_[slot] = Watch{connection->sock(), std::nullopt};
  }
  return Lease(this, slot, connection.get());
}

void ConnectionPool::Release(size_t slot, bool broken) {
  {
    // Unwatched before it may be closed: the watchdog must never shut down a
    // descriptor number that has been reused by something else.
    std::lock_guard lock(mutex_);
    watches_[slot] = Watch{};
  }
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

void ConnectionPool::Interrupt() {
  {
    std::lock_guard lock(mutex_);
    interrupted_ = true;
    for (Watch& watch : watches_) {
      if (watch.socket >= 0) ::shutdown(watch.socket, SHUT_RDWR);
    }
  }
  available_.notify_all();
}

void ConnectionPool::Lease::CutAt(base::SteadyTime limit) {
  bool sooner;
  {
    std::lock_guard lock(pool_->mutex_);
    pool_->watches_[slot_].cut_at = limit;
    // The watchdog is woken only when this cut-off comes before the one it
    // sleeps until: not on every transaction.
    sooner = !pool_->watchdog_wakes_ || limit < *pool_->watchdog_wakes_;
  }
  if (sooner) pool_->watch_changed_.notify_all();
}

void ConnectionPool::Watchdog() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    const base::SteadyTime now = std::chrono::steady_clock::now();
    std::optional<base::SteadyTime> next;
    for (size_t slot = 0; slot < watches_.size(); ++slot) {
      Watch& watch = watches_[slot];
      if (watch.socket < 0 || !watch.cut_at) continue;
      if (*watch.cut_at <= now) {
        spdlog::warn("storage: database connection {} cut: its transaction outlived its limit",
                     slot);
        ::shutdown(watch.socket, SHUT_RDWR);
        watch.cut_at.reset();
      } else if (!next || *watch.cut_at < *next) {
        next = watch.cut_at;
      }
    }
    watchdog_wakes_ = next;
    if (next) {
      watch_changed_.wait_until(lock, *next);
    } else {
      watch_changed_.wait(lock);
    }
  }
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
