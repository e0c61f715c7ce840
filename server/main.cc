// usulan-server: wiring. Reads the configuration, opens the database, migrates,
// and serves until SIGTERM or SIGINT, then drains running calls.
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "base/string_view_compat.h"
#include "absl/synchronization/mutex.h"
#include "audit/signing.h"
#include "jobs/checkpointer.h"
#include "server/config.h"
#include "server/open_files.h"
#include "jobs/cycle_job.h"
#include "registry/grpc_population_registry.h"
#include "server/central_sources.h"
#include "jobs/personal_data_jobs.h"
#include "registry/registry_csv.h"
#include "base/key_file.h"
#include "base/log.h"
#include "server/server.h"
#include "server/token_setup.h"
#include "server/shutdown_guard.h"
#include "storage/database.h"
#include "storage/table_population_registry.h"
#include "storage/tx.h"

namespace {

using namespace usulan;

int Fail(std::string_view what, const absl::Status& status) {
  base::LogEvent("error", what, status.ToString());
  std::cerr << "usulan-server: " << what << ": " << status.message() << "\n";
  return 1;
}

int LoadRegistry(storage::Database& db, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Fail("load-registry", absl::NotFoundError(base::Concat("cannot read ", path)));
  auto people = registry::ReadRegistryCsv(in);
  if (!people.ok()) return Fail("load-registry", people.status());
  absl::Status loaded =
      db.InTransaction([&](storage::Tx& tx) { return tx.registry().UpsertRegistryPeople(*people); });
  if (!loaded.ok()) return Fail("load-registry", loaded);
  std::cout << "loaded " << people->size() << " registry people\n";
  return 0;
}

// One pass of the cycle job now (for cron, or after changing the cut-off day).
int RunCycle(const server::Config& config, storage::Database& db) {
  base::SystemClock clock;
  auto run = jobs::RunCycleJob(db, clock, workflow::CyclePolicy{config.cutoff_day});
  if (!run.ok()) return Fail("run-cycle", run.status());
  std::cout << "opened for review " << run->opened_for_review << ", deferred " << run->deferred
            << ", lapsed objections " << run->lapsed << ", skipped " << run->skipped << "\n";
  return 0;
}

// The audit key (signs checkpoints) and further trusted public keys, from files.
absl::StatusOr<services::AuditOptions> LoadAuditOptions(const server::Config& config) {
  services::AuditOptions options;
  if (!config.audit_key_file.empty()) {
    auto pem = base::ReadPrivateFile("--audit-key-file", config.audit_key_file);
    if (!pem.ok()) return pem.status();
    auto key = audit::SigningKey::FromPem(*pem);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          base::Concat("--audit-key-file ", config.audit_key_file, ": ", key.status().message()));
    }
    options.key = std::move(*key);
  }
  for (const std::string& file : config.audit_trusted_keys) {
    auto pem = base::ReadPublicFile("--audit-trusted-keys", file);
    if (!pem.ok()) return pem.status();
    auto key = audit::VerifyingKey::FromPem(*pem);
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          base::Concat("--audit-trusted-keys ", file, ": ", key.status().message()));
    }
    options.trusted.push_back(std::move(*key));
  }
  return options;
}

// `usulan-server checkpoint`: one checkpoint now (e.g. from cron), printed as JSON.
int MakeCheckpoint(const server::Config& config, storage::Database& db) {
  auto options = LoadAuditOptions(config);
  if (!options.ok()) return Fail("audit key", options.status());
  base::SystemClock clock;
  jobs::Checkpointer checkpointer(*options->key, clock);
  auto made = checkpointer.Create(db);
  if (!made.ok()) return Fail("checkpoint", made.status());
  if (!*made) {
    std::cout << "{\"created\":false}\n";
    return 0;
  }
  const audit::CheckpointFields& f = (*made)->checkpoint.fields;
  std::cout << "{\"created\":true,\"sequence\":" << f.sequence
            << ",\"transition_count\":" << f.transition_count << ",\"merkle_root\":\""
            << f.merkle_root << "\",\"hash\":\"" << (*made)->checkpoint.hash << "\"}\n";
  return 0;
}

// The flags of server/limits.h.
server::ServerLimits LimitsOf(const server::Config& config) {
  using std::chrono::seconds;
  server::ServerLimits limits;
  limits.max_threads = config.max_threads;
  limits.max_streams_per_connection = config.max_streams_per_connection;
  limits.max_connection_idle = seconds(config.max_connection_idle_seconds);
  limits.max_connection_age = seconds(config.max_connection_age_seconds);
  limits.max_connection_age_grace = seconds(config.max_connection_age_grace_seconds);
  limits.keepalive_time = seconds(config.keepalive_time_seconds);
  limits.keepalive_timeout = seconds(config.keepalive_timeout_seconds);
  limits.min_client_ping_interval = seconds(config.min_client_ping_interval_seconds);
  limits.handshake_timeout = seconds(config.handshake_timeout_seconds);
  limits.max_long_reads = config.max_long_reads;
  return limits;
}

// Every connection is a file descriptor (open_files.h): the soft limit goes up
// to the hard one, and a hard limit too low for a server is worth a warning.
void RaiseOpenFiles() {
  constexpr uint64_t kFewFiles = 8192;
  auto files = server::RaiseOpenFileLimit();
  if (!files.ok()) {
    base::LogEvent("warn", "open files", files.status().ToString());
    return;
  }
  base::LogEvent(files->hard < kFewFiles ? "warn" : "info", "open files",
                 base::Concat("soft limit was ", files->soft_before, ", now ", files->soft,
                              " (hard limit ", files->hard, ")",
                              files->hard < kFewFiles
                                  ? "; set a higher hard limit (systemd LimitNOFILE=65536)"
                                  : ""));
}

int Serve(const server::Config& config, storage::Database& db) {
  RaiseOpenFiles();
  base::SystemClock clock;
  auto token_verifier = server::MakeTokenVerifier(config, clock);
  if (!token_verifier.ok()) return Fail("tokens", token_verifier.status());

  // Signals are taken synchronously by this thread only; every thread gRPC starts
  // inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto audit_options = LoadAuditOptions(config);
  if (!audit_options.ok()) return Fail("audit key", audit_options.status());
  if (!audit_options->key) {
    base::LogEvent("warn", "audit",
                       "no --audit-key-file: the audit trail is hash-chained but no checkpoint "
                       "will be signed");
  }

  // The civil registry: Dukcapil (or usulan-registry-sim) over gRPC when an
  // address is configured, else the development table.
  storage::TablePopulationRegistry table_registry(db);
  std::unique_ptr<registry::GrpcPopulationRegistry> remote_registry;
  workflow::PopulationRegistry* registry = &table_registry;
  if (!config.registry_address.empty()) {
    base::ClientTls registry_tls{config.registry_ca_file, config.registry_cert_file,
                                 config.registry_key_file, "--registry-"};
    auto connected = registry::GrpcPopulationRegistry::Connect(
        config.registry_address, registry_tls,
        std::chrono::milliseconds(config.registry_timeout_ms));
    if (!connected.ok()) return Fail("civil registry", connected.status());
    remote_registry = std::move(*connected);
    registry = remote_registry.get();
    base::LogEvent("info", "civil registry",
                       base::Concat("gRPC at ", config.registry_address, ", deadline ",
                                    config.registry_timeout_ms, " ms, ",
                                    server::TransportName(config.registry_ca_file,
                                                          config.registry_cert_file)));
  } else {
    base::LogEvent("info", "civil registry", "development table registry_people");
  }
  // The death list and the welfare ranking Pusdatin files from; kept for the
  // process's life (docs/central-sources.md).
  auto central_sources = server::ConnectCentralSources(config, remote_registry.get());
  if (!central_sources.ok()) return Fail("central sources", central_sources.status());
  // The NIK key must be the database's, and old rows hashed, before anyone can
  // look a NIK up or claim one.
  auto hashed = jobs::PrepareNikHashes(db);
  if (!hashed.ok()) return Fail("nik key", hashed.status());
  if (*hashed > 0) {
    base::LogEvent("info", "nik hashes",
                       base::Concat("hashed the NIKs of ", *hashed, " members"));
  }
  auto household_key = base::ReadSecretKeyFile("--household-key-file", config.household_key_file);
  if (!household_key.ok()) return Fail("household key", household_key.status());
  server::ServerOptions options{config.listen, *token_verifier};
  options.tls = {config.tls_cert_file, config.tls_key_file, config.tls_client_ca_file,
                 config.allow_plaintext};
  options.household_key = std::move(*household_key);
  options.lookup_rate_per_minute = config.lookup_rate_per_minute;
  options.citizen_filing_rate_per_minute = config.citizen_filing_rate_per_minute;
  options.public_status = {config.public_status_rate, config.public_status_burst,
                           config.public_status_global_rate};
  options.public_status.trusted_proxies = config.trusted_proxies;
  options.max_document_bytes = config.max_document_bytes;
  options.reflection = config.reflection;
  options.central_sources = {central_sources->deaths.get(), central_sources->ranking.get()};
  options.audit = std::move(*audit_options);
  options.personal_data.retention_days = config.retention_days;
  options.checkpoint_interval = std::chrono::seconds(config.checkpoint_interval_seconds);
  options.group_commit.window = std::chrono::microseconds(config.group_commit_window_us);
  options.group_commit.writers = config.group_commit_writers;
  options.limits = LimitsOf(config);
  options.group_commit.max_queue = config.group_commit_max_queue;
  options.group_commit.max_wait = std::chrono::milliseconds(config.group_commit_max_wait_ms);
  auto server = server::UsulanServer::Start(options, db, clock, *registry);
  if (!server.ok()) return Fail("start", server.status());
  // Deadlines are enforced by the server itself; with several replicas each runs
  // the job, and the row locks make every move happen once.
  std::unique_ptr<jobs::PeriodicTask> cycle_job;
  if (config.cycle_interval_seconds > 0) {
    cycle_job = jobs::StartCycleJob(db, clock, workflow::CyclePolicy{config.cutoff_day},
                                        std::chrono::seconds(config.cycle_interval_seconds));
  }
  // Stored answers may hold a household: they go after the replay window.
  base::SystemClock purge_clock;
  auto request_purge = jobs::StartRequestPurge(
      db, purge_clock, std::chrono::hours(config.replay_window_hours), std::chrono::minutes(10));
  base::LogEvent("info", "listening",
                     base::Concat(config.listen, " (port ", (*server)->port(), ")"));

  int received = 0;
  sigwait(&signals, &received);
  base::LogEvent("info", "shutdown", base::Concat("signal ", received, "; draining calls"));
  // Within the grace whatever the database does (shutdown_guard.h). Never
  // destroyed: it also covers closing the database and the exit after Serve.
  auto* guard = new server::ShutdownGuard(
      db, std::chrono::steady_clock::now() + std::chrono::milliseconds(config.shutdown_grace_ms));
  (*server)->Shutdown(guard->Remaining());
  cycle_job.reset();
  request_purge.reset();
  server->reset();  // the group committer, after every call has returned
  base::LogEvent("info", "stopped", "");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian's Abseil is built without NDEBUG, so every absl::Mutex (gRPC's too)
  // would keep a lock-order graph for deadlock detection on every acquisition.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << server::ConfigUsage();
    return 0;
  }
  auto config = server::ParseConfig(args, [](const char* name) { return std::getenv(name); });
  if (!config.ok()) {
    std::cerr << "usulan-server: " << config.status().message() << "\n"
              << server::ConfigUsage();
    return 2;
  }
  base::ConfigureLogging(config->log_level);

  auto applied = storage::Migrate(config->migrate_database_url);
  if (!applied.ok()) return Fail("migrate", applied.status());
  base::LogEvent("info", "migrated", base::Concat(*applied, " migration(s) applied"));
  if (config->command == "migrate") return 0;

  storage::DatabaseConfig db_config{config->database_url, config->pool_size};
  db_config.acquire_timeout = std::chrono::milliseconds(config->db_pool_wait_ms);
  db_config.statement_timeout = std::chrono::milliseconds(config->db_statement_timeout_ms);
  db_config.lock_timeout = std::chrono::milliseconds(config->db_lock_timeout_ms);
  db_config.idle_in_transaction_timeout =
      std::chrono::milliseconds(config->db_idle_in_transaction_timeout_ms);
  db_config.connect_timeout_seconds = config->db_connect_timeout_seconds;
  db_config.transaction_timeout = std::chrono::milliseconds(config->db_transaction_timeout_ms);
  if (!config->nik_key_file.empty()) {
    auto nik_key = base::ReadSecretKeyFile("--nik-key-file", config->nik_key_file);
    if (!nik_key.ok()) return Fail("nik key", nik_key.status());
    db_config.nik_key = std::move(*nik_key);
  }
  auto db = storage::Database::Open(db_config);
  if (!db.ok()) return Fail("database", db.status());
  if (config->command == "backfill-nik") {
    auto hashed = jobs::PrepareNikHashes(**db);
    if (!hashed.ok()) return Fail("backfill-nik", hashed.status());
    std::cout << "hashed the NIKs of " << *hashed << " members\n";
    return 0;
  }
  if (config->command == "load-registry") return LoadRegistry(**db, config->arguments[0]);
  if (config->command == "run-cycle") return RunCycle(*config, **db);
  if (config->command == "checkpoint") return MakeCheckpoint(*config, **db);
  return Serve(*config, **db);
}
