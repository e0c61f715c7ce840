// Pusdatin's changes to the register from central data (docs/central-sources.md):
// RegisterService.FileDeceasedChanges and ApplyWelfareRanking. Both do slow
// outside work in many transactions, so neither holds its request id's claim
// across it: a stored answer is looked for first, and the summary is stored last.
#include <functional>

#include "app/idempotent.h"
#include "app/stored_answer.h"
#include "app/welfare_ranking_apply.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/deceased_filing.h"
#include "services/digest.h"
#include "services/register_service.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "workflow/formats.h"

namespace usulan::services {
namespace {

// Only Pusdatin changes the register from central data; checked before any
// field, so another role learns nothing about what it would do.
absl::Status RequirePusdatin(const workflow::Actor& actor, std::string_view rpc) {
  if (actor.role == workflow::Role::kCentralReviewer) return absl::OkStatus();
  return workflow::RefusalStatus(workflow::Refusal::kRoleNotAllowed,
                                 base::Concat(rpc, " is Pusdatin's (central_reviewer), not ",
                                              workflow::Name(actor.role), "'s"));
}

// Runs `work` unless `key` has a stored answer, then stores its answer (or
// answers the one a concurrent twin stored first).
absl::Status RunOnce(const ServiceContext& ctx, const storage::RequestKey& key,
                     google::protobuf::Message& response,
                     const std::function<absl::Status()>& work) {
  USULAN_ASSIGN_OR_RETURN(bool replayed, app::ReplayStoredAnswer(ctx.db, key, response));
  if (replayed) return absl::OkStatus();
  USULAN_RETURN_IF_ERROR(work());
  return app::RunIdempotent(
      ctx.db, key, ctx.clock.Now(), [](storage::Tx&) { return absl::OkStatus(); }, response);
}

// The stored answer of one page of the death list. Idempotency records are
// keyed by caller and request id (0001_init.sql), and the caller keeps one
// request id across the pages of a run, so each page but the first gets a key
// of its own: the id and a digest of the page token (bounded, and the token is
// the source's, not the caller's to shape). The fingerprint still covers the
// whole request, page token included.
storage::RequestKey PageKey(const workflow::Actor& actor,
                            const v1::FileDeceasedChangesRequest& request) {
  storage::RequestKey key =
      MakeRequestKey("FileDeceasedChanges", actor, request.request_id(), request);
  if (!request.page_token().empty()) {
    key.request_id = base::Concat(request.request_id(), "#page:", Sha256Hex(request.page_token()));
  }
  return key;
}

}  // namespace

grpc::Status RegisterServiceImpl::FileDeceasedChanges(
    grpc::ServerContext* context, const v1::FileDeceasedChangesRequest* request,
    v1::FileDeceasedChangesResponse* response) {
  RpcLog log("FileDeceasedChanges");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change,
                            BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(RequirePusdatin(change.actor, "FileDeceasedChanges"));
    if (!workflow::IsIsoDate(request->since_date())) {
      return absl::InvalidArgumentError("since_date must be a date written YYYY-MM-DD");
    }
    USULAN_ASSIGN_OR_RETURN(std::string prefix,
                            ResolveRegionPrefix(request->region_prefix(), change.actor.region));
    USULAN_RETURN_IF_ERROR(RunOnce(ctx_, PageKey(change.actor, *request), *response, [&] {
      return FileDeceased(ctx_, deaths_, change.actor, request->request_id(),
                          request->since_date(), request->page_token(), prefix, response);
    }));
    log.set_count("deaths_read", response->deaths_read());
    log.set_count("filed", response->filed_size());
    log.set_count("skipped", response->skipped_size());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status RegisterServiceImpl::ApplyWelfareRanking(
    grpc::ServerContext* context, const v1::ApplyWelfareRankingRequest* request,
    v1::ApplyWelfareRankingResponse* response) {
  RpcLog log("ApplyWelfareRanking");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(Change change,
                            BeginChange(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(RequirePusdatin(change.actor, "ApplyWelfareRanking"));
    if (!workflow::IsRankingId(request->ranking_id())) {
      return absl::InvalidArgumentError(
          "ranking_id must be 1..32 letters, digits, '-', '_' or '.' (e.g. 2026-Q4)");
    }
    auto key = MakeRequestKey("ApplyWelfareRanking", change.actor, request->request_id(), *request);
    USULAN_RETURN_IF_ERROR(RunOnce(ctx_, key, *response, [&]() -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(
          app::RankingApplied applied,
          app::ApplyWelfareRanking(ctx_.db, ranking_, ctx_.clock, request->ranking_id()));
      response->set_ranking_id(request->ranking_id());
      response->set_households_ranked(applied.households_ranked);
      response->set_matched(applied.matched);
      response->set_changed(applied.changed);
      response->set_unchanged(applied.unchanged);
      response->set_unknown_kks(applied.unknown_kks);
      response->set_batches(applied.batches);
      return absl::OkStatus();
    }));
    log.set_count("changed", response->changed());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
