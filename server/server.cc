#include "server/server.h"

#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/server_builder.h>

#include "audit/digest.h"
#include "audit/keyed_hash.h"
#include "base/log.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "server/reflection_option.h"
#include "services/malformed_request_interceptor.h"

namespace usulan::server {
namespace {

// The household key must be long enough and the one this database's household
// digests were made with, or digests written from now on would not be
// comparable with the earlier ones.
absl::Status CheckHouseholdKey(storage::Database& db, const std::string& key) {
  if (key.size() < audit::kMinHouseholdKeyBytes) {
    return absl::InvalidArgumentError(base::Concat(
        "household key must be at least ", audit::kMinHouseholdKeyBytes, " bytes"));
  }
  const std::string fingerprint = audit::ToHex(audit::HouseholdKeyFingerprint(key));
  return db.InTransaction(
      [&](storage::Tx& tx) { return tx.personal_data().CheckHouseholdKey(fingerprint); });
}
}  // namespace

UsulanServer::UsulanServer(const ServerOptions& options, storage::Database& db,
                           const base::Clock& clock, workflow::PopulationRegistry& registry)
    : authenticator_(options.token_verifier, clock),
      group_commit_(std::make_unique<app::GroupCommitter>(db, clock, options.group_commit)),
      household_key_(options.household_key),
      long_reads_(options.limits.max_long_reads),
      lookup_limiter_(options.lookup_rate_per_minute, clock),
      citizen_filings_(options.citizen_filing_rate_per_minute, clock),
      context_{db, authenticator_, clock, registry, group_commit_.get(), household_key_,
               &long_reads_, &lookup_limiter_},
      proposals_(context_),
      deliberations_(context_),
      audit_(context_, options.audit),
      verification_(context_),
      review_(context_),
      decisions_(context_),
      personal_data_(context_, options.personal_data),
      register_(context_, options.audit.key, options.central_sources),
      document_store_(db),
      documents_(context_,
                 {&document_store_, options.max_document_bytes, options.citizen_upload_quota}),
      citizens_(context_, &citizen_filings_),
      public_status_(context_, options.public_status) {}

UsulanServer::~UsulanServer() { Shutdown(std::chrono::milliseconds(0)); }

absl::StatusOr<std::unique_ptr<UsulanServer>> UsulanServer::Start(
    const ServerOptions& options, storage::Database& db, const base::Clock& clock,
    workflow::PopulationRegistry& registry) {
  if (!options.token_verifier) return absl::InvalidArgumentError("no token verifier");
  auto credentials = base::MakeServerCredentials(options.listen_address, options.tls);
  if (!credentials.ok()) return credentials.status();
  if (credentials->plaintext) {
    base::LogEvent("warn", "plaintext",
                   base::Concat("serving ", options.listen_address,
                                " without TLS (loopback or --allow-plaintext): tokens and "
                                "households cross this link in clear"));
  }
  USULAN_RETURN_IF_ERROR(CheckHouseholdKey(db, options.household_key));
  std::unique_ptr<UsulanServer> server(new UsulanServer(options, db, clock, registry));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.SetOption(ReflectionOption(options.reflection));
  builder.AddListeningPort(options.listen_address, credentials->credentials, &server->port_);
  ApplyLimits(options.limits, builder);
  // Malformed request bytes answer INVALID_ARGUMENT (the header says why this
  // takes an interceptor).
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(services::MakeMalformedRequestInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.RegisterService(&server->proposals_);
  builder.RegisterService(&server->deliberations_);
  builder.RegisterService(&server->audit_);
  builder.RegisterService(&server->verification_);
  builder.RegisterService(&server->review_);
  builder.RegisterService(&server->decisions_);
  builder.RegisterService(&server->personal_data_);
  builder.RegisterService(&server->register_);
  builder.RegisterService(&server->documents_);
  builder.RegisterService(&server->citizens_);
  // The one service without a bearer token (services/public_status_service.h).
  builder.RegisterService(&server->public_status_);
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    return absl::UnavailableError(
        base::Concat("cannot listen on ", options.listen_address));
  }
  if (options.checkpoint_interval.count() > 0 && server->audit_.checkpointer() != nullptr) {
    server->checkpoints_ =
        jobs::StartCheckpoints(*server->audit_.checkpointer(), db, options.checkpoint_interval);
  }
  return server;
}

void UsulanServer::Shutdown(std::chrono::milliseconds grace) {
  if (server_) {
    server_->Shutdown(std::chrono::system_clock::now() + grace);
    server_->Wait();
    server_.reset();
  }
  // After the calls, so that a checkpoint stuck on a stalled database does not
  // eat their grace (server/shutdown_guard.h interrupts it).
  checkpoints_.reset();  // waits for a checkpoint in progress
}

void UsulanServer::Wait() {
  if (server_) server_->Wait();
}

}  // namespace usulan::server
