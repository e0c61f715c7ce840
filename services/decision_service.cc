#include "services/decision_service.h"

#include <algorithm>
#include <optional>
#include <set>

#include "app/batch_moves.h"
#include "app/decisions.h"
#include "app/double_listing.h"
#include "services/batch_reads.h"
#include "app/change_order.h"
#include "services/convert.h"
#include "services/digest.h"
#include "app/idempotent.h"
#include "base/ids.h"
#include "services/proposal_change.h"
#include "app/proposal_transitions.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "workflow/cycle.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using workflow::ExceptionAction;

absl::StatusOr<std::vector<workflow::DecisionException>> ReadExceptions(
    const v1::DecideBatchRequest& request) {
  std::vector<workflow::DecisionException> out;
  for (int i = 0; i < request.exceptions_size(); ++i) {
    const v1::DecisionException& e = request.exceptions(i);
    const std::string field = base::Concat("exceptions[", i, "]");
    USULAN_RETURN_IF_ERROR(CheckId(base::Concat(field, ".proposal_id"), e.proposal_id()));
    ExceptionAction action;
    switch (e.action()) {
      case v1::EXCEPTION_ACTION_REJECT:
        action = ExceptionAction::kReject;
        break;
      case v1::EXCEPTION_ACTION_RETURN_TO_DISTRICT:
        action = ExceptionAction::kReturnToDistrict;
        break;
      default:
        return absl::InvalidArgumentError(
            base::Concat(field, ".action is required (REJECT or RETURN_TO_DISTRICT)"));
    }
    USULAN_RETURN_IF_ERROR(CheckRequired(base::Concat(field, ".reason"), e.reason()));
    out.push_back({e.proposal_id(), action, e.reason_code(), e.reason()});
  }
  return out;
}

v1::ExceptionAction ToProto(ExceptionAction action) {
  return action == ExceptionAction::kReject ? v1::EXCEPTION_ACTION_REJECT
                                            : v1::EXCEPTION_ACTION_RETURN_TO_DISTRICT;
}

void ToProto(const storage::DecisionRecord& d, v1::BatchDecision* out) {
  out->Clear();
  out->set_decision_id(d.decision_id);
  out->set_batch_id(d.batch_id);
  out->set_manifest_sha256(d.manifest_sha256);
  out->set_decree_number(d.decree_number);
  out->set_decree_sha256(d.decree_sha256);
  for (const auto& e : d.exceptions) {
    v1::DecisionException* x = out->add_exceptions();
    x->set_proposal_id(e.proposal_id);
    x->set_action(ToProto(e.action));
    x->set_reason_code(e.reason_code);
    x->set_reason(e.reason);
  }
  out->set_accepted_count(d.accepted_count);
  out->set_rejected_count(d.rejected_count);
  out->set_returned_count(d.returned_count);
  out->set_decided_by(d.decided_by);
  services::ToProto(d.decided_at, out->mutable_decided_at());
  out->set_decision_sha256(d.decision_sha256);
}

// Applies the decision to every open member (locked in id order) at the time read
// after their locks, which becomes the decision's decided_at, and fills the counts
// of `decision`. Each accepted member changes the register in the same
// transaction (app/decisions.h).
absl::Status DecideMembers(storage::Tx& tx, storage::BatchRecord& batch,
                           const workflow::Actor& actor, storage::DecisionRecord& decision,
                           const base::Clock& clock) {
  const std::vector<std::string> open = app::OpenMemberIds(batch);
  // Read once, after the members' locks (the first member's turn): a member
  // listed meanwhile, or twice in this batch, is excepted, not accepted.
  std::optional<app::DecisionListing> listing;
  const app::MemberDecisionFn decide =
      [&](storage::ProposalRecord& proposal,
          storage::TimePoint now) -> absl::StatusOr<storage::PlannedTransition> {
    if (!listing) {
      USULAN_RETURN_IF_ERROR(listing.emplace().Load(tx, open));
    }
    const bool excepted =
        std::any_of(decision.exceptions.begin(), decision.exceptions.end(),
                    [&](const workflow::DecisionException& e) { return e.proposal_id == proposal.id; });
    if (!excepted) {
      if (auto refused = listing->Accept(proposal)) decision.exceptions.push_back(*refused);
    }
    workflow::MemberDecision member = workflow::DecisionFor(
        proposal.id, batch.id, decision.decree_number, decision.exceptions);
    member.payload.attributes["decision_id"] = decision.decision_id;
    auto planned =
        app::DecideEvent(proposal, member.event, actor, member.payload, decision.request_id, now);
    if (!planned.ok()) return planned;
    if (member.event == workflow::Event::kReturn) {
      ++decision.returned_count;
    } else if (proposal.state == workflow::State::kAccepted) {
      ++decision.accepted_count;
    } else {
      ++decision.rejected_count;
    }
    return planned;
  };
  const app::MemberWriteFn write =
      [&](storage::Tx& tx, const std::vector<storage::PlannedTransition>& planned,
          const std::vector<storage::ProposalRecord>& moved) {
        return app::ApplyAcceptedDecision(tx, decision.decree_number, planned, moved);
      };
  USULAN_ASSIGN_OR_RETURN(decision.decided_at, app::MoveMembers(tx, open, clock, decide, write));
  USULAN_RETURN_IF_ERROR(tx.batches().CloseBatchMembers(batch.id, open));
  return absl::OkStatus();
}

// The fields of a single decision, checked at the edge: accept names the decree;
// reject names a reason code of the batch exceptions' list and a reason.
absl::Status CheckSingleDecision(const v1::DecideProposalRequest& request) {
  USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request.proposal_id()));
  if (request.accept()) {
    USULAN_RETURN_IF_ERROR(CheckRequired("decree_number", request.decree_number()));
    if (!request.reason_code().empty()) {
      return absl::InvalidArgumentError("reason_code is only for a rejection (accept false)");
    }
    return absl::OkStatus();
  }
  const auto& codes = workflow::RejectionReasonCodes();
  if (std::find(codes.begin(), codes.end(), request.reason_code()) == codes.end()) {
    return absl::InvalidArgumentError(base::Concat(
        "reason_code must be one of ", workflow::RejectionReasonCodeList(), " when rejecting"));
  }
  if (!request.decree_number().empty()) {
    return absl::InvalidArgumentError("decree_number is only for an acceptance (accept true)");
  }
  return CheckRequired("reason", request.reason());
}

// Only the routes whose proposals reach CENTRAL_REVIEW without a batch are decided
// one by one; every other route's proposal is decided with its batch, whose
// decision record and manifest a single decision would bypass.
absl::Status CheckDecidedAlone(storage::Tx& tx, const storage::ProposalRecord& proposal) {
  if (proposal.route != workflow::Route::kCentral && proposal.route != workflow::Route::kPbiJk) {
    return absl::FailedPreconditionError(base::Concat(
        "proposal ", proposal.id, " is of route ", workflow::Name(proposal.route),
        ": Pusdatin decides it with its batch (DecideBatch); only routes CENTRAL and PBI_JK "
        "are decided one by one"));
  }
  USULAN_ASSIGN_OR_RETURN(auto batch_id, tx.batches().OpenBatchOf(proposal.id));
  if (batch_id) {
    return absl::FailedPreconditionError(base::Concat(
        "proposal ", proposal.id, " is a member of batch ", *batch_id, "; decide the batch"));
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status DecisionServiceImpl::ListIncomingBatches(
    grpc::ServerContext* context, const v1::ListIncomingBatchesRequest* request,
    v1::ListBatchesResponse* response) {
  RpcLog log("ListIncomingBatches");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    if (actor.role != workflow::Role::kCentralReviewer && actor.role != workflow::Role::kAuditor) {
      return absl::PermissionDeniedError(
          base::Concat("role ", workflow::Name(actor.role),
                           " has no incoming batches; Pusdatin (central_reviewer) decides them"));
    }
    storage::BatchFilter filter;
    filter.region_prefix = actor.region;
    filter.statuses = {workflow::BatchStatus::kForwarded};
    return ListBatchPage(ctx_, actor, filter, request->page_size(), request->page_token(), log,
                         response);
  };
  return log.Finish(run());
}

grpc::Status DecisionServiceImpl::DecideBatch(grpc::ServerContext* context,
                                              const v1::DecideBatchRequest* request,
                                              v1::BatchDecision* response) {
  RpcLog log("DecideBatch");
  log.set_subject_id("batch_id", request->batch_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("batch_id", request->batch_id()));
    USULAN_RETURN_IF_ERROR(CheckRequired("decree_number", request->decree_number()));
    USULAN_RETURN_IF_ERROR(CheckSha256("decree_sha256", request->decree_sha256(), false));
    USULAN_ASSIGN_OR_RETURN(auto exceptions, ReadExceptions(*request));

    auto key = MakeRequestKey("DecideBatch", change.actor, request->request_id(), *request);
    return app::RunIdempotent(
        ctx_.db, key, ctx_.clock.Now(),
        [&](storage::Tx& tx) -> absl::Status {
          USULAN_ASSIGN_OR_RETURN(storage::BatchRecord batch, tx.batches().LockBatch(request->batch_id()));
          auto step = workflow::DecideBatchStep(change.actor, workflow::BatchAction::kDecide,
                                                batch.status, batch.kabupaten_code);
          // Only Pusdatin learns that (and how) a batch was decided already.
          if (!step.ok() && batch.status == workflow::BatchStatus::kDecided &&
              workflow::RefusalOf(step.status()) == workflow::Refusal::kEventNotAllowedInState) {
            USULAN_ASSIGN_OR_RETURN(auto earlier, tx.batches().GetDecision(batch.id));
            return absl::FailedPreconditionError(base::Concat(
                "batch ", batch.id, " is already decided (decision ", earlier.decision_id,
                ", request_id ", earlier.request_id, ")"));
          }
          USULAN_RETURN_IF_ERROR(
              app::CheckBatchChange(step.status(), batch, change.expected_version));
          const std::vector<std::string> open_ids = app::OpenMemberIds(batch);
          const std::set<std::string> open(open_ids.begin(), open_ids.end());
          USULAN_RETURN_IF_ERROR(workflow::CheckExceptions(exceptions, open));

          storage::DecisionRecord decision;
          decision.batch_id = batch.id;
          decision.decision_id = base::NewUuid();
          decision.manifest_sha256 = batch.manifest_sha256;
          decision.decree_number = request->decree_number();
          decision.decree_sha256 = request->decree_sha256();
          decision.exceptions = exceptions;
          decision.decided_by = change.actor.subject;
          decision.request_id = request->request_id();
          USULAN_RETURN_IF_ERROR(DecideMembers(tx, batch, change.actor, decision, ctx_.clock));
          const storage::TimePoint now = decision.decided_at;
          decision.decision_sha256 = Sha256Hex(workflow::DecisionText(
              decision.batch_id, decision.manifest_sha256, decision.decree_number,
              decision.decree_sha256, decision.decided_by, workflow::FormatRfc3339(now),
              decision.exceptions));
          USULAN_RETURN_IF_ERROR(tx.batches().InsertDecision(decision));
          const int64_t current = batch.version;
          batch.status = step->to;
          batch.status_since = now;
          USULAN_RETURN_IF_ERROR(tx.batches().UpdateBatch(batch, current));
          log.set_transition(workflow::Name(workflow::BatchStatus::kForwarded),
                             workflow::Name(step->to));
          log.set_count("members", static_cast<int64_t>(open.size()));
          ToProto(decision, response);
          return absl::OkStatus();
        },
        *response);
  };
  return log.Finish(run());
}

grpc::Status DecisionServiceImpl::GetDecision(grpc::ServerContext* context,
                                              const v1::GetDecisionRequest* request,
                                              v1::BatchDecision* response) {
  RpcLog log("GetDecision");
  log.set_subject_id("batch_id", request->batch_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("batch_id", request->batch_id()));
    USULAN_ASSIGN_OR_RETURN(storage::BatchRecord batch,
                            ReadBatchFor(ctx_, actor, request->batch_id()));
    storage::DecisionRecord decision;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(decision, tx.batches().GetDecision(batch.id));
      return absl::OkStatus();
    }));
    ToProto(decision, response);
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status DecisionServiceImpl::DecideProposal(grpc::ServerContext* context,
                                                 const v1::DecideProposalRequest* request,
                                                 v1::Proposal* response) {
  RpcLog log("DecideProposal");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // The role before the fields: only Pusdatin decides.
    USULAN_RETURN_IF_ERROR(workflow::CheckRoleMay(change.actor.role, workflow::Event::kDecide));
    USULAN_RETURN_IF_ERROR(CheckSingleDecision(*request));
    return ChangeProposal(
        ctx_, "DecideProposal", change.actor, {workflow::Event::kDecide}, *request,
        request->request_id(), request->proposal_id(), change.expected_version, log,
        [&](storage::Tx& tx, storage::ProposalRecord& proposal,
            storage::TimePoint now) -> absl::Status {
          USULAN_RETURN_IF_ERROR(CheckDecidedAlone(tx, proposal));
          if (request->accept()) {
            app::DecisionListing listing;
            USULAN_RETURN_IF_ERROR(listing.Load(tx, {proposal.id}));
            if (auto refused = listing.Accept(proposal)) {
              return absl::FailedPreconditionError(refused->reason);
            }
          }
          workflow::Payload payload;
          payload.verdict = request->accept();
          payload.reason = request->reason();
          if (request->accept()) {
            payload.attributes["decree_number"] = request->decree_number();
          } else {
            payload.attributes["reason_code"] = request->reason_code();
          }
          USULAN_ASSIGN_OR_RETURN(
              storage::PlannedTransition planned,
              app::DecideEvent(proposal, workflow::Event::kDecide, change.actor,
                               std::move(payload), request->request_id(), now));
          return app::ApplyAcceptedDecision(tx, request->decree_number(), {std::move(planned)},
                                            {proposal});
        },
        response);
  };
  return log.Finish(run());
}

}  // namespace usulan::services
