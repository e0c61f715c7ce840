// usulan.v1.AuditService: read access to the audit trail for anyone whose region
// covers the proposal, and its tamper evidence: chain verification, export,
// signed checkpoints and inclusion proofs. Thread-safe.
#pragma once

#include <optional>
#include <vector>

#include "audit/signing.h"
#include "jobs/checkpointer.h"
#include "services/service_context.h"
#include "usulan/v1/audit_service.grpc.pb.h"

namespace usulan::services {

struct AuditOptions {
  // Signs checkpoints. Without it no checkpoint is made (CreateCheckpoint answers
  // FAILED_PRECONDITION) and only `trusted` keys verify existing ones.
  std::optional<audit::SigningKey> key;
  // Further public keys whose checkpoints verify (e.g. a rotated-out key); the
  // signing key's own public key is always trusted. Never read from the database.
  std::vector<audit::VerifyingKey> trusted;
};

class AuditServiceImpl final : public v1::AuditService::Service {
 public:
  AuditServiceImpl(ServiceContext context, AuditOptions options);

  grpc::Status GetHistory(grpc::ServerContext* context, const v1::GetHistoryRequest* request,
                          v1::GetHistoryResponse* response) override;
  grpc::Status VerifyChain(grpc::ServerContext* context, const v1::VerifyChainRequest* request,
                           v1::VerifyChainResponse* response) override;
  grpc::Status ExportTransitions(grpc::ServerContext* context,
                                 const v1::ExportTransitionsRequest* request,
                                 grpc::ServerWriter<v1::AuditedTransition>* writer) override;
  grpc::Status GetCheckpoint(grpc::ServerContext* context, const v1::GetCheckpointRequest* request,
                             v1::Checkpoint* response) override;
  grpc::Status ListCheckpoints(grpc::ServerContext* context,
                               const v1::ListCheckpointsRequest* request,
                               v1::ListCheckpointsResponse* response) override;
  grpc::Status CreateCheckpoint(grpc::ServerContext* context,
                                const v1::CreateCheckpointRequest* request,
                                v1::CreateCheckpointResponse* response) override;
  grpc::Status GetInclusionProof(grpc::ServerContext* context,
                                 const v1::GetInclusionProofRequest* request,
                                 v1::InclusionProof* response) override;
  grpc::Status GetAuditKey(grpc::ServerContext* context, const v1::GetAuditKeyRequest* request,
                           v1::AuditKey* response) override;
  // access_log_reads.cc
  grpc::Status ListPersonalDataAccess(grpc::ServerContext* context,
                                      const v1::ListPersonalDataAccessRequest* request,
                                      v1::ListPersonalDataAccessResponse* response) override;

  // Makes checkpoints with the signing key; nullptr without one.
  const jobs::Checkpointer* checkpointer() const { return checkpointer_ ? &*checkpointer_ : nullptr; }

 private:
  ServiceContext ctx_;
  const std::optional<audit::SigningKey> key_;
  std::vector<audit::VerifyingKey> trusted_;
  std::optional<jobs::Checkpointer> checkpointer_;
};

}  // namespace usulan::services
