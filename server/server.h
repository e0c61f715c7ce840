// The assembled gRPC server: every usulan.v1 service, health checking and (unless
// switched off) server reflection, on one listening address, over TLS unless it
// is loopback or plaintext is allowed. Used by usulan-server's main and by the
// end-to-end tests (which listen on port 0 and read the chosen port back).
#pragma once

#include <memory>
#include <string>

#include <grpcpp/server.h>

#include "absl/status/statusor.h"
#include "server/limits.h"
#include "base/tls.h"
#include "services/audit_service.h"
#include "services/citizen_service.h"
#include "services/decision_service.h"
#include "jobs/checkpointer.h"
#include "services/deliberation_service.h"
#include "services/document_service.h"
#include "services/long_reads.h"
#include "app/group_commit.h"
#include "app/rate_limiter.h"
#include "services/personal_data_service.h"
#include "services/register_service.h"
#include "services/proposal_service.h"
#include "services/public_status_service.h"
#include "services/review_service.h"
#include "services/verification_service.h"
#include "storage/pg_document_store.h"

namespace usulan::server {

struct ServerOptions {
  std::string listen_address = "127.0.0.1:50051";  // host:port; port 0 picks a free one
  // Verifies bearer tokens (server/token_setup.h builds it from the flags).
  std::shared_ptr<const auth::TokenVerifier> token_verifier;
  // TLS of the listening port (base/tls.h): certificate files re-read when they
  // change, client certificates required with a client CA; plaintext only on
  // loopback unless tls.allow_plaintext.
  base::ServerTls tls;
  // The audit trail's checkpoint keys (services::AuditOptions) and schedule: a checkpoint
  // every checkpoint_interval (0 = only on demand), when audit.key is set.
  services::AuditOptions audit;
  std::chrono::seconds checkpoint_interval{0};
  app::GroupCommitOptions group_commit;
  // Retention of settled households before erasure (PersonalDataService).
  services::PersonalDataOptions personal_data;
  // The secret of the household digest (services/digest.h; --household-key-file):
  // at least audit::kMinHouseholdKeyBytes, and the key the database's digests were
  // made with (household_key_check).
  std::string household_key;
  // Threads, streams, connection lifetimes and long reads (limits.h).
  ServerLimits limits;
  // LookupNik calls per caller (token subject) per minute, as a token bucket
  // (app/rate_limiter.h; --lookup-rate-per-minute).
  int lookup_rate_per_minute = 30;
  // FileProposal and FileObjection per citizen (token subject) per minute, as a
  // token bucket (--citizen-filing-rate-per-minute).
  int citizen_filing_rate_per_minute = 10;
  // CheckStatus's limits per client address and in total (--public-status-rate,
  // --public-status-burst, --public-status-global-rate).
  services::PublicStatusOptions public_status;
  // The largest evidence document accepted (DocumentService; --max-document-bytes).
  int64_t max_document_bytes = int64_t{20} << 20;
  // What one citizen may hold in uploaded documents no filing of theirs cites
  // (docs/documents.md, "Citizens' uploads"); not a flag: tests lower it.
  workflow::UploadQuota citizen_upload_quota;
  // Server reflection (--reflection); health checking is always on.
  bool reflection = true;
  // The death list and the welfare ranking Pusdatin changes the register from
  // (central_sources.h), outliving the server; null: none configured.
  services::RegisterSources central_sources;
};

class UsulanServer {
 public:
  // Starts serving. The context's members must outlive the server.
  // INVALID_ARGUMENT without a token verifier, for a short household key or a bad
  // TLS file, FAILED_PRECONDITION for a household key other than the database's or
  // plaintext on a non-loopback address, UNAVAILABLE if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<UsulanServer>> Start(const ServerOptions& options,
                                                             storage::Database& db,
                                                             const base::Clock& clock,
                                                             workflow::PopulationRegistry& registry);
  ~UsulanServer();

  int port() const { return port_; }
  // Stops accepting calls and waits up to `grace` for running ones.
  void Shutdown(std::chrono::milliseconds grace);
  void Wait();

 private:
  UsulanServer(const ServerOptions& options, storage::Database& db, const base::Clock& clock,
               workflow::PopulationRegistry& registry);

  auth::Authenticator authenticator_;
  // Before the services: it must outlive their calls.
  std::unique_ptr<app::GroupCommitter> group_commit_;
  const std::string household_key_;  // before context_, which views it
  services::LongReads long_reads_;    // before context_, which points to it
  app::RateLimiter lookup_limiter_;   // before context_, which points to it
  app::RateLimiter citizen_filings_;  // before citizens_, which points to it
  services::ServiceContext context_;
  services::ProposalServiceImpl proposals_;
  services::DeliberationServiceImpl deliberations_;
  services::AuditServiceImpl audit_;
  services::VerificationServiceImpl verification_;
  services::ReviewServiceImpl review_;
  services::DecisionServiceImpl decisions_;
  services::PersonalDataServiceImpl personal_data_;
  services::RegisterServiceImpl register_;
  storage::PgDocumentStore document_store_;  // before documents_, which points to it
  services::DocumentServiceImpl documents_;
  services::CitizenServiceImpl citizens_;
  services::PublicStatusServiceImpl public_status_;
  std::unique_ptr<jobs::PeriodicTask> checkpoints_;  // stopped after the gRPC server
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace usulan::server
