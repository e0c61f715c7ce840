#include "services/citizen_service.h"

#include "app/idempotent.h"
#include "app/rate_limiter.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/citizen_filing.h"
#include "services/citizen_photos.h"
#include "services/proposal_creation.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"

namespace usulan::services {
namespace {

// The largest page of ListMyFilings (docs/citizens.md).
constexpr int kMaxFilingsPage = 50;

// The usul mandiri as a creation request: kind NEW in the citizen's own desa, the
// household's KK the token's when it is their own. INVALID_ARGUMENT naming the
// field (never echoing a number) for a KK that contradicts own_household.
absl::StatusOr<v1::CreateProposalRequest> CreationOf(const v1::FileProposalRequest& request,
                                                     const auth::Identity& citizen) {
  v1::CreateProposalRequest create;
  create.set_request_id(request.request_id());
  create.set_kind(v1::PROPOSAL_KIND_NEW);
  *create.mutable_region() = RegionOfDesa(citizen.actor.region);
  *create.mutable_household() = request.household();
  create.set_reason(request.reason());
  if (request.own_household()) {
    const std::string& given = request.household().kk_number();
    if (!given.empty() && given != citizen.kk) {
      return absl::InvalidArgumentError(
          "household.kk_number is not the KK of your account: leave it empty for your own "
          "household, or clear own_household for another household of your desa");
    }
    create.mutable_household()->set_kk_number(citizen.kk);
  }
  return create;
}

}  // namespace

absl::Status CitizenServiceImpl::TakeFilingToken(const workflow::Actor& citizen) const {
  if (filings_ == nullptr || filings_->TryAcquire(citizen.subject)) return absl::OkStatus();
  return absl::ResourceExhaustedError(base::Concat(
      "a citizen may file at most ", filings_->per_minute(),
      " proposals and objections per minute (--citizen-filing-rate-per-minute); try again "
      "later"));
}

grpc::Status CitizenServiceImpl::FileProposal(grpc::ServerContext* context,
                                              const v1::FileProposalRequest* request,
                                              v1::Filing* response) {
  RpcLog log("FileProposal");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(auth::Identity citizen,
                            AuthenticateCitizenCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(AcceptRequestId(request->request_id(), log));
    USULAN_RETURN_IF_ERROR(CheckPhotoHashes(request->document_hashes()));
    USULAN_ASSIGN_OR_RETURN(v1::CreateProposalRequest create, CreationOf(*request, citizen));
    workflow::Payload evidence;
    evidence.document_hashes.assign(request->document_hashes().begin(),
                                    request->document_hashes().end());
    const storage::TimePoint now = ctx_.clock.Now();
    USULAN_ASSIGN_OR_RETURN(
        NewProposal proposal,
        PrepareCreation(citizen.actor, create, now, ctx_.household_key,
                        workflow::Route::kCitizenProposal, evidence));
    USULAN_RETURN_IF_ERROR(TakeFilingToken(citizen.actor));
    // The key holds the subject and a hash of the request, never the token's KK.
    auto key = MakeRequestKey("FileProposal", citizen.actor, request->request_id(), *request);
    USULAN_RETURN_IF_ERROR(app::RunIdempotent(
        ctx_.db, key, now,
        [&](storage::Tx& tx) -> absl::Status {
          // The stored answer carries no names: the citizen has just sent them.
          return InsertFiling(tx, proposal, request->document_hashes(), request->request_id(),
                              citizen.kk, response);
        },
        *response));
    log.set_subject_id("proposal_id", response->proposal_id());
    log.set_transition("", workflow::Name(workflow::State::kCitizenProposed));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status CitizenServiceImpl::ListMyFilings(grpc::ServerContext* context,
                                               const v1::ListMyFilingsRequest* request,
                                               v1::ListMyFilingsResponse* response) {
  RpcLog log("ListMyFilings");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(auth::Identity citizen,
                            AuthenticateCitizenCall(ctx_.authenticator, *context, *request, log));
    // Each row is read with its trail: a citizen's page is a tenth of an office's.
    USULAN_ASSIGN_OR_RETURN(int page, CheckPageSize(request->page_size(), kMaxFilingsPage));
    USULAN_ASSIGN_OR_RETURN(auto cursor, DecodePageToken(request->page_token()));
    std::optional<storage::ProposalCursor> before;
    if (cursor) before = storage::ProposalCursor{cursor->first, cursor->second};
    std::vector<storage::ProposalSummaryRecord> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      response->Clear();
      // One row more than the page tells whether another page follows.
      USULAN_ASSIGN_OR_RETURN(rows, tx.queues().ListFiledBy(citizen.actor.subject, before, page + 1));
      const bool more = static_cast<int>(rows.size()) > page;
      if (more) rows.resize(page);
      for (const storage::ProposalSummaryRecord& row : rows) {
        USULAN_RETURN_IF_ERROR(ReadFiling(tx, row.id, citizen.actor.subject, citizen.kk,
                                          response->add_filings()));
      }
      if (more) response->set_next_page_token(EncodePageToken(rows.back().created_at, rows.back().id));
      return absl::OkStatus();
    }));
    log.set_count("rows", static_cast<int64_t>(rows.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status CitizenServiceImpl::GetMyFiling(grpc::ServerContext* context,
                                             const v1::GetMyFilingRequest* request,
                                             v1::Filing* response) {
  RpcLog log("GetMyFiling");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(auth::Identity citizen,
                            AuthenticateCitizenCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    return ctx_.db.InTransaction([&](storage::Tx& tx) {
      return ReadFiling(tx, request->proposal_id(), citizen.actor.subject, citizen.kk, response);
    });
  };
  return log.Finish(run());
}

}  // namespace usulan::services
