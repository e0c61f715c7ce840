#include "services/audit_service.h"

#include "audit/merkle.h"
#include "services/audit_convert.h"
#include "app/chain_verification.h"
#include "services/convert.h"
#include "app/idempotent.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "storage/tx.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/filer_privacy.h"
#include "services/long_reads.h"

namespace usulan::services {
namespace {

using workflow::Role;

// Rows per page of an export: the most one export holds in memory at a time.
constexpr int kExportBatch = 1000;

bool IsNationalOverseer(const workflow::Actor& actor) {
  return actor.region.empty() &&
         (actor.role == Role::kAuditor || actor.role == Role::kCentralReviewer ||
          actor.role == Role::kSystem);
}

// Auditors (read-only, any level), Pusdatin and the service itself may export.
absl::Status CheckExporter(const workflow::Actor& actor) {
  if (actor.role == Role::kAuditor || actor.role == Role::kCentralReviewer ||
      actor.role == Role::kSystem) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      base::Concat("role ", workflow::Name(actor.role), " may not export the audit trail"));
}

// The proposal, if the actor's region covers it (as for its history).
absl::StatusOr<storage::ProposalRecord> ReadableProposal(storage::Database& db,
                                                         const workflow::Actor& actor,
                                                         const std::string& id) {
  storage::ProposalRecord proposal;
  USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(proposal, tx.proposals().GetProposal(id));
    return absl::OkStatus();
  }));
  USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, proposal.region.desa_code));
  return proposal;
}

}  // namespace

AuditServiceImpl::AuditServiceImpl(ServiceContext context, AuditOptions options)
    : ctx_(context), key_(std::move(options.key)), trusted_(std::move(options.trusted)) {
  if (key_) {
    trusted_.push_back(key_->verifying_key());
    checkpointer_.emplace(*key_, ctx_.clock);
  }
}

grpc::Status AuditServiceImpl::GetHistory(grpc::ServerContext* context,
                                          const v1::GetHistoryRequest* request,
                                          v1::GetHistoryResponse* response) {
  RpcLog log("GetHistory");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    std::vector<storage::TransitionRecord> history;
    workflow::Route route = workflow::Route::kVillage;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                              tx.proposals().GetProposal(request->proposal_id()));
      USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, proposal.region.desa_code));
      route = proposal.route;
      USULAN_ASSIGN_OR_RETURN(history, tx.proposals().GetHistory(request->proposal_id()));
      return absl::OkStatus();
    }));
    for (const auto& transition : history) {
      v1::Transition* out = response->add_transitions();
      ToProto(transition, out);
      WithholdFiler(actor.role, route, out);
    }
    log.set_count("rows", static_cast<int64_t>(history.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::VerifyChain(grpc::ServerContext* context,
                                           const v1::VerifyChainRequest* request,
                                           v1::VerifyChainResponse* response) {
  RpcLog log("VerifyChain");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    app::VerificationScope scope;
    switch (request->scope_case()) {
      case v1::VerifyChainRequest::kProposalId: {
        USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
        log.set_subject_id("proposal_id", request->proposal_id());
        USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                                ReadableProposal(ctx_.db, actor, request->proposal_id()));
        scope.proposal_id = proposal.id;
        break;
      }
      case v1::VerifyChainRequest::kRegionPrefix: {
        if (request->region_prefix().empty()) {
          return absl::InvalidArgumentError(
              "region_prefix must be a region code (use everything for the whole trail)");
        }
        USULAN_ASSIGN_OR_RETURN(scope.region_prefix,
                                ResolveRegionPrefix(request->region_prefix(), actor.region));
        break;
      }
      case v1::VerifyChainRequest::kEverything:
        if (!request->everything()) {
          return absl::InvalidArgumentError("everything must be true when given");
        }
        if (!IsNationalOverseer(actor)) {
          return absl::PermissionDeniedError(
              "verifying everything needs a national auditor, central_reviewer or system "
              "token");
        }
        break;
      default:
        return absl::InvalidArgumentError(
            "scope is required: proposal_id, region_prefix or everything");
    }
    // Even one proposal's scope recomputes the Merkle root of its checkpoints,
    // whose size the caller does not choose: every scope is a long read.
    USULAN_ASSIGN_OR_RETURN(std::optional<LongReads::Slot> slot,
                            AcquireLongRead(ctx_.long_reads, "VerifyChain"));
    USULAN_ASSIGN_OR_RETURN(
        app::VerificationReport report,
        app::VerifyAuditTrail(ctx_.db, scope, trusted_, app::kMaxFindings,
                              [context] { return context->IsCancelled(); }));
    response->set_ok(report.findings.empty());
    response->set_proposals_checked(report.proposals_checked);
    response->set_transitions_checked(report.transitions_checked);
    response->set_checkpoints_checked(report.checkpoints_checked);
    response->set_checkpoint_roots_recomputed(report.checkpoint_roots_recomputed);
    response->set_transitions_not_checkpointed(report.transitions_not_checkpointed);
    for (const audit::Finding& finding : report.findings) {
      v1::AuditFinding* out = response->add_findings();
      out->set_kind(ToProto(finding.kind));
      out->set_proposal_id(finding.proposal_id);
      out->set_sequence(finding.sequence);
      out->set_checkpoint_sequence(finding.checkpoint);
      out->set_detail(finding.detail);
    }
    response->set_findings_truncated(report.findings_truncated);
    log.set_count("findings", response->findings_size());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::ExportTransitions(
    grpc::ServerContext* context, const v1::ExportTransitionsRequest* request,
    grpc::ServerWriter<v1::AuditedTransition>* writer) {
  RpcLog log("ExportTransitions");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckExporter(actor));
    storage::ExportFilter filter;
    USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    USULAN_ASSIGN_OR_RETURN(TimeRange range,
                            TimeRangeFromProto(request->has_from() ? &request->from() : nullptr,
                                               request->has_to() ? &request->to() : nullptr));
    filter.from = range.from;
    filter.to = range.to;
    USULAN_ASSIGN_OR_RETURN(std::optional<LongReads::Slot> slot,
                            AcquireLongRead(ctx_.long_reads, "ExportTransitions"));
    filter.limit = kExportBatch;
    int64_t sent = 0;
    for (;;) {
      // A caller that went away, or whose deadline passed, gets no further page.
      if (context->IsCancelled()) {
        return absl::CancelledError("the export was cancelled by the client");
      }
      // One page per short transaction, whose pool connection goes back before
      // the rows are written: a caller that reads slowly, or never, blocks its
      // Write and holds a thread and a long-read slot, never a connection.
      std::vector<storage::StoredTransition> batch;
      USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(batch, tx.audit_log().ExportTransitions(filter));
        return absl::OkStatus();
      }));
      for (const storage::StoredTransition& row : batch) {
        v1::AuditedTransition message;
        ToProto(row, &message);
        if (!writer->Write(message)) {
          return absl::CancelledError("the client stopped reading the export");
        }
        ++sent;
      }
      log.set_count("rows", sent);
      if (batch.size() < static_cast<size_t>(kExportBatch)) return absl::OkStatus();
      const audit::TransitionFields& last = batch.back().row.fields;
      filter.after =
          storage::ExportCursor{storage::TimePoint(std::chrono::microseconds(last.at_us)),
                                last.proposal_id, last.sequence};
    }
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::GetCheckpoint(grpc::ServerContext* context,
                                             const v1::GetCheckpointRequest* request,
                                             v1::Checkpoint* response) {
  RpcLog log("GetCheckpoint");
  auto run = [&]() -> absl::Status {
    USULAN_RETURN_IF_ERROR(AuthenticateCall(ctx_.authenticator, *context, *request, log).status());
    if (request->sequence() < 0) {
      return absl::InvalidArgumentError("sequence must be 0 (the latest) or positive");
    }
    std::optional<storage::CheckpointRecord> record;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(record, tx.audit_log().GetCheckpoint(request->sequence()));
      return absl::OkStatus();
    }));
    if (!record) {
      return absl::NotFoundError(
          request->sequence() == 0
              ? std::string("no checkpoint has been made yet")
              : base::Concat("checkpoint ", request->sequence(), " not found"));
    }
    ToProto(*record, response);
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::ListCheckpoints(grpc::ServerContext* context,
                                               const v1::ListCheckpointsRequest* request,
                                               v1::ListCheckpointsResponse* response) {
  RpcLog log("ListCheckpoints");
  auto run = [&]() -> absl::Status {
    USULAN_RETURN_IF_ERROR(AuthenticateCall(ctx_.authenticator, *context, *request, log).status());
    if (request->after_sequence() < 0) {
      return absl::InvalidArgumentError("after_sequence must not be negative");
    }
    USULAN_ASSIGN_OR_RETURN(int limit, CheckPageSize(request->page_size()));
    std::vector<storage::CheckpointRecord> page;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(page, tx.audit_log().ListCheckpoints(request->after_sequence(), limit));
      return absl::OkStatus();
    }));
    for (const auto& record : page) ToProto(record, response->add_checkpoints());
    log.set_count("rows", response->checkpoints_size());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::CreateCheckpoint(grpc::ServerContext* context,
                                                const v1::CreateCheckpointRequest* request,
                                                v1::CreateCheckpointResponse* response) {
  RpcLog log("CreateCheckpoint");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change,
                            BeginChange(ctx_.authenticator, *context, *request, log));
    const workflow::Actor& actor = change.actor;
    if (actor.role != Role::kAuditor && actor.role != Role::kSystem) {
      return absl::PermissionDeniedError(base::Concat(
          "role ", workflow::Name(actor.role), " may not create checkpoints (auditor or system)"));
    }
    if (!checkpointer_) {
      return absl::FailedPreconditionError(
          "this server has no audit key (--audit-key-file), so it cannot sign checkpoints");
    }
    // A checkpoint hashes every row since the previous one, and concurrent ones
    // wait for each other's advisory lock holding a pool connection each.
    USULAN_ASSIGN_OR_RETURN(std::optional<LongReads::Slot> slot,
                            AcquireLongRead(ctx_.long_reads, "CreateCheckpoint"));
    // Outside the idempotent transaction: the barrier must end at once (writers
    // wait while it is held), and a repeat merely passes it again.
    USULAN_ASSIGN_OR_RETURN(int64_t barrier, jobs::Checkpointer::Barrier(ctx_.db));
    auto key = MakeRequestKey("CreateCheckpoint", actor, request->request_id(), *request);
    return app::RunIdempotent(
        ctx_.db, key, ctx_.clock.Now(),
        [&](storage::Tx& tx) -> absl::Status {
          USULAN_ASSIGN_OR_RETURN(std::optional<storage::CheckpointRecord> made,
                                  checkpointer_->CreateIn(tx, barrier));
          response->set_created(made.has_value());
          if (!made) {
            USULAN_ASSIGN_OR_RETURN(made, tx.audit_log().GetCheckpoint(0));
          }
          if (made) ToProto(*made, response->mutable_checkpoint());
          return absl::OkStatus();
        },
        *response);
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::GetInclusionProof(grpc::ServerContext* context,
                                                 const v1::GetInclusionProofRequest* request,
                                                 v1::InclusionProof* response) {
  RpcLog log("GetInclusionProof");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    if (request->sequence() < 1) return absl::InvalidArgumentError("sequence must be at least 1");
    USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                            ReadableProposal(ctx_.db, actor, request->proposal_id()));
    // The proof is built from every leaf of the covering checkpoint, in memory.
    USULAN_ASSIGN_OR_RETURN(std::optional<LongReads::Slot> slot,
                            AcquireLongRead(ctx_.long_reads, "GetInclusionProof"));
    return ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(std::vector<storage::StoredTransition> rows,
                              tx.audit_log().GetStoredTransitions({proposal.id}));
      const storage::StoredTransition* row = nullptr;
      for (const auto& candidate : rows) {
        if (candidate.row.fields.sequence == request->sequence()) row = &candidate;
      }
      if (row == nullptr) {
        return absl::NotFoundError(
            base::Concat("proposal ", proposal.id, " has no transition ", request->sequence()));
      }
      if (row->checkpoint == 0) {
        return absl::FailedPreconditionError(
            base::Concat("transition ", request->sequence(), " of proposal ", proposal.id,
                             " is not covered by a checkpoint yet"));
      }
      USULAN_ASSIGN_OR_RETURN(std::optional<storage::CheckpointRecord> checkpoint,
                              tx.audit_log().GetCheckpoint(row->checkpoint));
      if (!checkpoint) return absl::InternalError("covering checkpoint vanished");
      USULAN_ASSIGN_OR_RETURN(std::vector<storage::AuditLogRepository::Leaf> leaves,
                              tx.audit_log().CheckpointLeaves(*checkpoint));
      std::vector<audit::Digest> hashes;
      std::optional<uint64_t> index;
      for (const auto& leaf : leaves) {
        if (leaf.proposal_id == proposal.id && leaf.sequence == request->sequence()) {
          index = hashes.size();
        }
        hashes.push_back(audit::LeafHash(leaf.hash));
      }
      if (!index) return absl::InternalError("transition missing from its checkpoint's range");
      audit::MerkleTree tree(std::move(hashes));
      response->set_proposal_id(proposal.id);
      response->set_sequence(request->sequence());
      response->set_transition_hash(row->row.hash);
      response->set_leaf_index(static_cast<int64_t>(*index));
      response->set_tree_size(static_cast<int64_t>(tree.size()));
      const std::vector<audit::Digest> path = tree.InclusionProof(*index).value();
      for (const audit::Digest& node : path) {
        response->add_audit_path(audit::ToHex(node));
      }
      ToProto(*checkpoint, response->mutable_checkpoint());
      return absl::OkStatus();
    });
  };
  return log.Finish(run());
}

grpc::Status AuditServiceImpl::GetAuditKey(grpc::ServerContext* context,
                                           const v1::GetAuditKeyRequest* request,
                                           v1::AuditKey* response) {
  RpcLog log("GetAuditKey");
  auto run = [&]() -> absl::Status {
    USULAN_RETURN_IF_ERROR(AuthenticateCall(ctx_.authenticator, *context, *request, log).status());
    if (!key_) return absl::FailedPreconditionError("this server has no audit key");
    response->set_key_id(key_->verifying_key().key_id());
    response->set_public_key_pem(key_->verifying_key().pem());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
