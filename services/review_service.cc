#include "services/review_service.h"

#include <algorithm>
#include <map>

#include "app/batch_moves.h"
#include "services/batch_convert.h"
#include "services/batch_reads.h"
#include "app/change_order.h"
#include "services/digest.h"
#include "app/idempotent.h"
#include "base/ids.h"
#include "services/proposal_change.h"
#include "app/proposal_transitions.h"
#include "app/proposal_locks.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "workflow/cycle.h"
#include "workflow/region.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using workflow::BatchAction;
using workflow::Event;

constexpr int kMaxListedProposals = 500;
// A kabupaten's batch of a cycle; the largest kabupaten send a few thousand.
constexpr int kMaxBatchMembers = 10000;

// One step of a batch as one idempotent transaction: lock the batch, check the
// actor, the status and the expected version (change_order.h), let `prepare`
// fill batch fields and the members' payload, move every open member, answer
// with the batch.
absl::Status StepBatch(
    const ServiceContext& ctx, std::string_view rpc, BatchAction action, const Change& change,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::string& batch_id, RpcLog& log,
    const std::function<void(storage::BatchRecord&, workflow::Payload&)>& prepare,
    v1::Batch* response) {
  USULAN_RETURN_IF_ERROR(CheckId("batch_id", batch_id));
  log.set_subject_id("batch_id", batch_id);
  auto key = MakeRequestKey(rpc, change.actor, request_id, request);
  return app::RunIdempotent(
      ctx.db, key, ctx.clock.Now(),
      [&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(storage::BatchRecord batch, tx.batches().LockBatch(batch_id));
        auto decided =
            workflow::DecideBatchStep(change.actor, action, batch.status, batch.kabupaten_code);
        USULAN_RETURN_IF_ERROR(
            app::CheckBatchChange(decided.status(), batch, change.expected_version));
        const workflow::BatchStep& step = *decided;
        workflow::Payload payload;
        prepare(batch, payload);
        log.set_transition(workflow::Name(batch.status), workflow::Name(step.to));
        log.set_count("members", static_cast<int64_t>(batch.members.size()));
        USULAN_RETURN_IF_ERROR(
            app::MoveBatch(tx, batch, step, change.actor, payload, request_id, ctx.clock));
        ToProto(batch, /*with_members=*/true, response);
        return absl::OkStatus();
      },
      *response);
}

}  // namespace

grpc::Status ReviewServiceImpl::OpenReview(grpc::ServerContext* context,
                                           const v1::OpenReviewRequest* request,
                                           v1::ProposalsChanged* response) {
  RpcLog log("OpenReview");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_ASSIGN_OR_RETURN(
        std::vector<std::string> ids,
        CheckIdList("proposal_ids", request->proposal_ids(), kMaxListedProposals));
    return ChangeProposals(
        ctx_, "OpenReview", change.actor, {Event::kOpenReview}, *request, request->request_id(), ids, "proposal_ids",
        log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          workflow::Payload payload;
          payload.attributes["cycle_id"] = workflow::CycleOf(now);
          return app::ApplyEvent(tx, proposal, Event::kOpenReview, change.actor, payload,
                            request->request_id(), now);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::ApproveProposals(grpc::ServerContext* context,
                                                 const v1::ApproveProposalsRequest* request,
                                                 v1::ProposalsChanged* response) {
  RpcLog log("ApproveProposals");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_ASSIGN_OR_RETURN(
        std::vector<std::string> ids,
        CheckIdList("proposal_ids", request->proposal_ids(), kMaxListedProposals));
    // One approval act: every audit record of this call names it.
    const std::string approval_id = base::NewUuid();
    return ChangeProposals(
        ctx_, "ApproveProposals", change.actor, {Event::kApprove}, *request, request->request_id(), ids,
        "proposal_ids", log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal, storage::TimePoint now) {
          workflow::Payload payload;
          payload.attributes["approval_id"] = approval_id;
          return app::ApplyEvent(tx, proposal, Event::kApprove, change.actor, payload,
                            request->request_id(), now);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::ReturnProposal(grpc::ServerContext* context,
                                               const v1::ReturnProposalRequest* request,
                                               v1::Proposal* response) {
  RpcLog log("ReturnProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    USULAN_RETURN_IF_ERROR(CheckRequired("reason", request->reason()));
    return ChangeProposal(
        ctx_, "ReturnProposal", change.actor, {Event::kReturn}, *request, request->request_id(),
        request->proposal_id(), change.expected_version, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal,
            storage::TimePoint now) -> absl::Status {
          workflow::Payload payload;
          payload.reason = request->reason();
          // A member returned on its own leaves its batch; the rest climbs on.
          USULAN_ASSIGN_OR_RETURN(auto batch_id, tx.batches().OpenBatchOf(proposal.id));
          if (batch_id) payload.attributes["batch_id"] = *batch_id;
          USULAN_RETURN_IF_ERROR(app::ApplyEvent(tx, proposal, Event::kReturn, change.actor, payload,
                                            request->request_id(), now));
          if (batch_id) return tx.batches().CloseBatchMembers(*batch_id, {proposal.id});
          return absl::OkStatus();
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::CreateBatch(grpc::ServerContext* context,
                                            const v1::CreateBatchRequest* request,
                                            v1::Batch* response) {
  RpcLog log("CreateBatch");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    if (workflow::LevelOf(request->kabupaten_code()) != workflow::RegionLevel::kDistrict) {
      return absl::InvalidArgumentError("kabupaten_code must be a 4-digit kabupaten/kota code");
    }
    USULAN_ASSIGN_OR_RETURN(
        std::vector<std::string> ids,
        CheckIdList("proposal_ids", request->proposal_ids(), kMaxBatchMembers));
    USULAN_RETURN_IF_ERROR(workflow::CheckCreateBatch(change.actor, request->kabupaten_code()));
    log.set_count("members", static_cast<int64_t>(ids.size()));
    auto key = MakeRequestKey("CreateBatch", change.actor, request->request_id(), *request);
    const auto field_of = [](size_t i) { return base::Concat("proposal_ids[", i, "]"); };
    return app::RunIdempotent(
        ctx_.db, key, ctx_.clock.Now(),
        [&](storage::Tx& tx) -> absl::Status {
          // Locked so members cannot move while the manifest is taken.
          USULAN_ASSIGN_OR_RETURN(
              std::vector<storage::ProposalRecord> members,
              app::LockProposalsInOrder(tx, ids, /*with_members=*/false, field_of));
          // Every member's scope before any member's state (change_order.h). A
          // member of another kabupaten is outside the caller's region (they act
          // for kabupaten_code alone): refused like any proposal out of scope,
          // without saying where it is.
          for (size_t i = 0; i < members.size(); ++i) {
            if (members[i].region.kabupaten_code != request->kabupaten_code()) {
              return app::WithField(field_of(i),
                               workflow::RefusalStatus(
                                   workflow::Refusal::kOutOfRegion,
                                   base::Concat("region \"", change.actor.region,
                                                    "\" does not cover this proposal")));
            }
          }
          for (size_t i = 0; i < members.size(); ++i) {
            if (members[i].state != workflow::State::kDistrictApproved) {
              return absl::FailedPreconditionError(base::Concat(
                  field_of(i), " is in state ", workflow::Name(members[i].state),
                  "; only DISTRICT_APPROVED proposals can be sealed in a batch"));
            }
          }
          const storage::TimePoint now = ctx_.clock.Now();  // under the locks
          storage::BatchRecord batch;
          batch.id = base::NewUuid();
          batch.kabupaten_code = request->kabupaten_code();
          batch.cycle_id = workflow::CycleOf(now);
          batch.created_by = change.actor.subject;
          batch.created_at = now;
          batch.status_since = now;
          std::vector<workflow::ManifestEntry> manifest;
          for (size_t i = 0; i < ids.size(); ++i) {
            const int64_t version = members[i].version;
            batch.members.push_back({ids[i], version, workflow::State::kDistrictApproved, true});
            manifest.push_back({ids[i], version});
          }
          batch.manifest_sha256 = Sha256Hex(
              workflow::ManifestText(batch.kabupaten_code, batch.cycle_id, std::move(manifest)));
          USULAN_RETURN_IF_ERROR(tx.batches().InsertBatch(batch));
          log.set_subject_id("batch_id", batch.id);
          USULAN_ASSIGN_OR_RETURN(batch, tx.batches().GetBatch(batch.id));
          ToProto(batch, /*with_members=*/true, response);
          return absl::OkStatus();
        },
        *response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::RatifyBatch(grpc::ServerContext* context,
                                            const v1::RatifyBatchRequest* request,
                                            v1::Batch* response) {
  RpcLog log("RatifyBatch");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckRequired("letter_number", request->letter_number()));
    USULAN_RETURN_IF_ERROR(CheckSha256("letter_sha256", request->letter_sha256(), true));
    return StepBatch(ctx_, "RatifyBatch", BatchAction::kRatify, change, *request,
                     request->request_id(), request->batch_id(), log,
                     [&](storage::BatchRecord& batch, workflow::Payload& payload) {
                       batch.letter_number = request->letter_number();
                       batch.letter_sha256 = request->letter_sha256();
                       batch.ratified_by = change.actor.subject;
                       payload.attributes["letter_number"] = request->letter_number();
                       payload.document_hashes = {request->letter_sha256()};
                     },
                     response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::SubmitBatch(grpc::ServerContext* context,
                                            const v1::SubmitBatchRequest* request,
                                            v1::Batch* response) {
  RpcLog log("SubmitBatch");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    return StepBatch(ctx_, "SubmitBatch", BatchAction::kSubmit, change, *request,
                     request->request_id(), request->batch_id(), log,
                     [](storage::BatchRecord&, workflow::Payload&) {}, response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::ForwardBatch(grpc::ServerContext* context,
                                             const v1::ForwardBatchRequest* request,
                                             v1::Batch* response) {
  RpcLog log("ForwardBatch");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    return StepBatch(ctx_, "ForwardBatch", BatchAction::kForward, change, *request,
                     request->request_id(), request->batch_id(), log,
                     [](storage::BatchRecord&, workflow::Payload&) {}, response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::ReturnBatch(grpc::ServerContext* context,
                                            const v1::ReturnBatchRequest* request,
                                            v1::Batch* response) {
  RpcLog log("ReturnBatch");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckRequired("reason", request->reason()));
    return StepBatch(ctx_, "ReturnBatch", BatchAction::kReturn, change, *request,
                     request->request_id(), request->batch_id(), log,
                     [&](storage::BatchRecord& batch, workflow::Payload& payload) {
                       batch.return_reason = request->reason();
                       payload.reason = request->reason();
                     },
                     response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::GetBatch(grpc::ServerContext* context,
                                         const v1::GetBatchRequest* request,
                                         v1::Batch* response) {
  RpcLog log("GetBatch");
  log.set_subject_id("batch_id", request->batch_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("batch_id", request->batch_id()));
    USULAN_ASSIGN_OR_RETURN(storage::BatchRecord batch,
                            ReadBatchFor(ctx_, actor, request->batch_id()));
    ToProto(batch, /*with_members=*/true, response);
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::ListBatches(grpc::ServerContext* context,
                                            const v1::ListBatchesRequest* request,
                                            v1::ListBatchesResponse* response) {
  RpcLog log("ListBatches");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    storage::BatchFilter filter;
    USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    for (int i = 0; i < request->statuses_size(); ++i) {
      auto status = FromProto(request->statuses(i));
      if (!status) {
        return absl::InvalidArgumentError(
            base::Concat("statuses[", i, "] is not a known batch status"));
      }
      filter.statuses.push_back(*status);
    }
    return ListBatchPage(ctx_, actor, filter, request->page_size(), request->page_token(), log,
                         response);
  };
  return log.Finish(run());
}

grpc::Status ReviewServiceImpl::ConfirmCentralChange(
    grpc::ServerContext* context, const v1::ConfirmCentralChangeRequest* request,
    v1::Proposal* response) {
  RpcLog log("ConfirmCentralChange");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // The role before the fields: only Dinsos confirms.
    USULAN_RETURN_IF_ERROR(workflow::CheckRoleMay(change.actor.role, Event::kConfirm));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    // Not confirming ends the proposal: the district says why, for Pusdatin's records.
    if (!request->confirmed()) USULAN_RETURN_IF_ERROR(CheckRequired("reason", request->reason()));
    workflow::Payload payload;
    payload.verdict = request->confirmed();
    payload.reason = request->reason();
    return ChangeProposalByEvents(
        ctx_, "ConfirmCentralChange", change.actor, {Event::kConfirm}, *request,
        request->request_id(), request->proposal_id(), change.expected_version, log,
        [&](const storage::ProposalRecord&) -> absl::StatusOr<std::vector<app::EventStep>> {
          return std::vector<app::EventStep>{{Event::kConfirm, change.actor, payload, {}}};
        },
        response);
  };
  return log.Finish(run());
}

}  // namespace usulan::services
