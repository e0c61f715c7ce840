#include "services/deliberation_service.h"

#include <functional>
#include <set>

#include "base/string_view_compat.h"
#include "app/change_order.h"
#include "services/convert.h"
#include "app/idempotent.h"
#include "base/ids.h"
#include "services/proposal_change.h"
#include "app/proposal_transitions.h"
#include "app/proposal_locks.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "base/status_macros.h"
#include "workflow/deliberation.h"
#include "services/call_start.h"

namespace usulan::services {
namespace {

using workflow::Actor;

constexpr int kMaxAgendaBatch = 500;

// Locks the deliberation for a change by `actor`: exists, then in the order of
// change_order.h the village head of its desa, still open, expected version.
absl::StatusOr<storage::DeliberationRecord> LockOpenDeliberation(
    storage::Tx& tx, const Actor& actor, const std::string& id, std::optional<int64_t> expected) {
  USULAN_ASSIGN_OR_RETURN(storage::DeliberationRecord deliberation, tx.deliberations().LockDeliberation(id));
  USULAN_RETURN_IF_ERROR(app::CheckDeliberationChange(actor, deliberation, expected));
  return deliberation;
}

// Bumps the version of a changed open deliberation and answers with its new state.
absl::Status SaveAndAnswer(storage::Tx& tx, storage::DeliberationRecord& deliberation,
                           v1::Deliberation* response) {
  USULAN_RETURN_IF_ERROR(tx.deliberations().UpdateDeliberation(deliberation, deliberation.version));
  USULAN_ASSIGN_OR_RETURN(deliberation, tx.deliberations().GetDeliberation(deliberation.id));
  ToProto(deliberation, response);
  return absl::OkStatus();
}

// One change to an open deliberation by its village head, as one idempotent
// transaction: lock it, let `change` edit it, save it (version bump) and answer
// with its new state.
absl::Status ChangeOpenDeliberation(
    const ServiceContext& ctx, std::string_view rpc, const Actor& actor,
    const google::protobuf::Message& request, const std::string& request_id,
    const std::string& deliberation_id, std::optional<int64_t> expected_version,
    const std::function<absl::Status(storage::Tx&, storage::DeliberationRecord&)>& change,
    v1::Deliberation* response) {
  auto key = MakeRequestKey(rpc, actor, request_id, request);
  return app::RunIdempotent(
      ctx.db, key, ctx.clock.Now(),
      [&](storage::Tx& tx) -> absl::Status {
        USULAN_ASSIGN_OR_RETURN(auto deliberation,
                                LockOpenDeliberation(tx, actor, deliberation_id, expected_version));
        USULAN_RETURN_IF_ERROR(change(tx, deliberation));
        return SaveAndAnswer(tx, deliberation, response);
      },
      *response);
}

}  // namespace

grpc::Status DeliberationServiceImpl::OpenDeliberation(grpc::ServerContext* context,
                                                       const v1::OpenDeliberationRequest* request,
                                                       v1::Deliberation* response) {
  RpcLog log("OpenDeliberation");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    const workflow::Actor& actor = change.actor;
    auto kind = FromProto(request->kind());
    if (!kind) return absl::InvalidArgumentError("kind is required (MUSDES or MUSKEL)");
    USULAN_RETURN_IF_ERROR(
        workflow::CheckOpen(actor, *kind, request->desa_code(), request->meeting_date()));
    USULAN_RETURN_IF_ERROR(workflow::CheckMeetingDate(request->meeting_date(), ctx_.clock.Now()));

    storage::TimePoint now = ctx_.clock.Now();
    storage::DeliberationRecord deliberation{.id = base::NewUuid(),
                                             .kind = *kind,
                                             .desa_code = request->desa_code(),
                                             .meeting_date = request->meeting_date(),
                                             .status = workflow::DeliberationStatus::kOpen,
                                             .version = 1,
                                             .agenda = {},
                                             .opened_by = actor.subject,
                                             .opened_at = now};
    auto key = MakeRequestKey("OpenDeliberation", actor, request->request_id(), *request);
    USULAN_RETURN_IF_ERROR(app::RunIdempotent(
        ctx_.db, key, now,
        [&](storage::Tx& tx) -> absl::Status {
          USULAN_RETURN_IF_ERROR(tx.deliberations().InsertDeliberation(deliberation));
          ToProto(deliberation, response);
          return absl::OkStatus();
        },
        *response));
    log.set_subject_id("deliberation_id", response->deliberation_id());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status DeliberationServiceImpl::AddToAgenda(grpc::ServerContext* context,
                                                  const v1::AddToAgendaRequest* request,
                                                  v1::Deliberation* response) {
  RpcLog log("AddToAgenda");
  log.set_subject_id("deliberation_id", request->deliberation_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // Not a structured binding: clang 14 (the ASan tree) cannot capture one.
    const workflow::Actor& actor = change.actor;
    const std::optional<int64_t>& expected = change.expected_version;
    USULAN_RETURN_IF_ERROR(CheckId("deliberation_id", request->deliberation_id()));
    USULAN_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                            CheckIdList("proposal_ids", request->proposal_ids(), kMaxAgendaBatch));
    log.set_count("items", request->proposal_ids_size());

    return ChangeOpenDeliberation(
        ctx_, "AddToAgenda", actor, *request, request->request_id(), request->deliberation_id(),
        expected,
        [&](storage::Tx& tx, storage::DeliberationRecord& deliberation) -> absl::Status {
          const auto field_of = [](size_t i) { return base::Concat("proposal_ids[", i, "]"); };
          // Locked, so a concurrent withdrawal either lands first or sees the agenda.
          USULAN_ASSIGN_OR_RETURN(
              std::vector<storage::ProposalRecord> proposals,
              app::LockProposalsInOrder(tx, ids, /*with_members=*/false, field_of));
          // Every item's scope before any item's state (change_order.h): the
          // village head acts for the deliberation's desa alone, so a proposal of
          // another desa is out of scope, refused without saying where it is.
          for (size_t i = 0; i < proposals.size(); ++i) {
            if (proposals[i].region.desa_code != deliberation.desa_code) {
              return app::WithField(field_of(i),
                               workflow::RefusalStatus(
                                   workflow::Refusal::kOutOfRegion,
                                   base::Concat("region \"", actor.region,
                                                    "\" does not cover this proposal")));
            }
          }
          for (size_t i = 0; i < proposals.size(); ++i) {
            if (proposals[i].state != workflow::State::kPrelist) {
              return absl::FailedPreconditionError(
                  base::Concat(field_of(i), " is in state ",
                                   workflow::Name(proposals[i].state),
                                   "; only PRELIST proposals can go on the agenda"));
            }
          }
          return tx.deliberations().AddAgendaItems(deliberation.id, ids);
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status DeliberationServiceImpl::RecordOutcome(grpc::ServerContext* context,
                                                    const v1::RecordOutcomeRequest* request,
                                                    v1::Deliberation* response) {
  RpcLog log("RecordOutcome");
  log.set_subject_id("deliberation_id", request->deliberation_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // Not a structured binding: clang 14 (the ASan tree) cannot capture one.
    const workflow::Actor& actor = change.actor;
    const std::optional<int64_t>& expected = change.expected_version;
    USULAN_RETURN_IF_ERROR(CheckId("deliberation_id", request->deliberation_id()));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    auto outcome = FromProto(request->outcome());
    if (!outcome) return absl::InvalidArgumentError("outcome is required (AGREED or REJECTED)");
    USULAN_RETURN_IF_ERROR(workflow::CheckOutcome(*outcome, request->reason()));

    return ChangeOpenDeliberation(
        ctx_, "RecordOutcome", actor, *request, request->request_id(), request->deliberation_id(),
        expected,
        [&](storage::Tx& tx, storage::DeliberationRecord& deliberation) {
          return tx.deliberations().SetAgendaOutcome(deliberation.id, request->proposal_id(), *outcome,
                                     request->reason());
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status DeliberationServiceImpl::CloseDeliberation(
    grpc::ServerContext* context, const v1::CloseDeliberationRequest* request,
    v1::Deliberation* response) {
  RpcLog log("CloseDeliberation");
  log.set_subject_id("deliberation_id", request->deliberation_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change, BeginChange(ctx_.authenticator, *context, *request, log));
    // Not a structured binding: clang 14 (the ASan tree) cannot capture one.
    const workflow::Actor& actor = change.actor;
    const std::optional<int64_t>& expected = change.expected_version;
    USULAN_RETURN_IF_ERROR(CheckId("deliberation_id", request->deliberation_id()));

    return ChangeOpenDeliberation(
        ctx_, "CloseDeliberation", actor, *request, request->request_id(),
        request->deliberation_id(), expected,
        [&](storage::Tx& tx, storage::DeliberationRecord& deliberation) -> absl::Status {
          USULAN_RETURN_IF_ERROR(workflow::CheckClose(deliberation.agenda, request->attendance(),
                                                      request->quorum(),
                                                      request->minutes_sha256()));
          // All outcomes or none: any refusal below rolls the whole meeting back.
          std::vector<std::string> ids;
          for (const workflow::AgendaItem& item : deliberation.agenda) {
            ids.push_back(item.proposal_id);
          }
          const auto field_of = [&](size_t i) {
            return base::Concat("agenda item ", ids[i]);
          };
          USULAN_ASSIGN_OR_RETURN(
              std::vector<storage::ProposalRecord> proposals,
              app::LockProposalsInOrder(tx, ids, /*with_members=*/false, field_of));
          const storage::TimePoint now = ctx_.clock.Now();  // under the locks
          for (size_t i = 0; i < proposals.size(); ++i) {
            workflow::Payload payload = workflow::DeliberatePayload(
                deliberation.agenda[i], deliberation.id, request->minutes_sha256(),
                request->attendance(), request->quorum());
            USULAN_RETURN_IF_ERROR(app::WithField(
                field_of(i), app::ApplyEvent(tx, proposals[i], workflow::Event::kDeliberate, actor,
                                        payload, request->request_id(), now)));
          }
          deliberation.status = workflow::DeliberationStatus::kClosed;
          deliberation.attendance = request->attendance();
          deliberation.quorum = request->quorum();
          deliberation.minutes_sha256 = request->minutes_sha256();
          deliberation.closed_by = actor.subject;
          deliberation.closed_at = now;
          log.set_count("items", static_cast<int64_t>(deliberation.agenda.size()));
          return absl::OkStatus();
        },
        response);
  };
  return log.Finish(run());
}

grpc::Status DeliberationServiceImpl::GetDeliberation(grpc::ServerContext* context,
                                                      const v1::GetDeliberationRequest* request,
                                                      v1::Deliberation* response) {
  RpcLog log("GetDeliberation");
  log.set_subject_id("deliberation_id", request->deliberation_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Actor actor, AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("deliberation_id", request->deliberation_id()));
    storage::DeliberationRecord deliberation;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(deliberation, tx.deliberations().GetDeliberation(request->deliberation_id()));
      return absl::OkStatus();
    }));
    USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, deliberation.desa_code));
    ToProto(deliberation, response);
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status DeliberationServiceImpl::ListDeliberations(
    grpc::ServerContext* context, const v1::ListDeliberationsRequest* request,
    v1::ListDeliberationsResponse* response) {
  RpcLog log("ListDeliberations");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Actor actor, AuthenticateCall(ctx_.authenticator, *context, *request, log));
    storage::DeliberationFilter filter;
    USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    if (request->status() != v1::DELIBERATION_STATUS_UNSPECIFIED) {
      filter.status = FromProto(request->status());
      if (!filter.status) return absl::InvalidArgumentError("status is not a known value");
    }
    USULAN_ASSIGN_OR_RETURN(int page, CheckPageSize(request->page_size()));
    USULAN_ASSIGN_OR_RETURN(auto cursor, DecodePageToken(request->page_token()));
    if (cursor) filter.after = storage::DeliberationCursor{cursor->first, cursor->second};
    filter.limit = page + 1;
    std::vector<storage::DeliberationRecord> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.deliberations().ListDeliberations(filter));
      return absl::OkStatus();
    }));
    bool more = static_cast<int>(rows.size()) > page;
    if (more) rows.resize(page);
    for (const auto& row : rows) ToProto(row, response->add_deliberations());
    if (more) response->set_next_page_token(EncodePageToken(rows.back().opened_at, rows.back().id));
    log.set_count("rows", static_cast<int64_t>(rows.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
