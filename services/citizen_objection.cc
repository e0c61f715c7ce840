// CitizenService.FileObjection: usul sanggah (docs/citizens.md, "Objections").
#include "app/idempotent.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/citizen_filing.h"
#include "services/citizen_photos.h"
#include "services/citizen_service.h"
#include "services/convert.h"
#include "services/proposal_creation.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "workflow/objection.h"
#include "workflow/register_change.h"

namespace usulan::services {
namespace {

// The fields an objection must carry, checked before any read: INVALID_ARGUMENT
// naming the field.
absl::Status CheckObjectionRequest(const v1::FileObjectionRequest& request) {
  USULAN_RETURN_IF_ERROR(CheckId("register_entry_id", request.register_entry_id()));
  if (request.reason().find_first_not_of(" \t\r\n") == std::string::npos) {
    return absl::InvalidArgumentError(
        "reason is required: why the household should leave the register");
  }
  USULAN_RETURN_IF_ERROR(CheckPhotoHashes(request.document_hashes()));
  return workflow::CheckObjectionPoint({request.latitude(), request.longitude()});
}

// The entry objected to, in the order the error contract asks: NOT_FOUND for an
// unknown entry, PERMISSION_DENIED for another desa's (before anything about it
// is told), FAILED_PRECONDITION for an inactive one or one this citizen already
// objects to.
absl::StatusOr<storage::RegisterEntryRecord> ObjectableEntry(storage::Tx& tx,
                                                             const workflow::Actor& citizen,
                                                             const std::string& entry_id) {
  USULAN_ASSIGN_OR_RETURN(storage::RegisterEntryRecord entry,
                          tx.register_entries().GetEntry(entry_id));
  USULAN_RETURN_IF_ERROR(workflow::CheckScope(citizen, entry.region.desa_code));
  USULAN_RETURN_IF_ERROR(workflow::CheckEntryStatusFor(workflow::Kind::kObjection, entry.status));
  USULAN_ASSIGN_OR_RETURN(std::string open,
                          tx.register_entries().OpenObjectionBy(entry.id, citizen.subject));
  if (!open.empty()) {
    return absl::FailedPreconditionError(base::Concat(
        "register_entry_id: you already have an open objection to this entry (proposal ", open,
        ")"));
  }
  return entry;
}

// The objection as a creation request: kind OBJECTION in the entry's desa, about
// the household the entry lists now (its data is what the district verifies).
// FAILED_PRECONDITION when that household's personal data was erased after its
// retention period: there is nobody left to name, visit or compare, and the
// request itself is not at fault (the entry stays listed without its data until
// the desa enters the household again with a CORRECTION).
absl::StatusOr<v1::CreateProposalRequest> CreationOf(storage::Tx& tx,
                                                     const v1::FileObjectionRequest& request,
                                                     const storage::RegisterEntryRecord& entry) {
  USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord listed,
                          tx.proposals().GetProposal(entry.household_proposal));
  if (listed.personal_data_erased_at) {
    return absl::FailedPreconditionError(base::Concat(
        "register_entry_id: the household data of register entry ", entry.id,
        " has been erased after its retention period (proposal ", listed.id,
        "); an objection needs it, so none can be filed until the desa enters the "
        "household again"));
  }
  v1::CreateProposalRequest create;
  create.set_request_id(request.request_id());
  create.set_kind(v1::PROPOSAL_KIND_OBJECTION);
  *create.mutable_region() = RegionOfDesa(entry.region.desa_code);
  ToProto(listed.household, create.mutable_household());
  create.set_reason(request.reason());
  create.set_register_entry_id(entry.id);
  return create;
}

}  // namespace

grpc::Status CitizenServiceImpl::FileObjection(grpc::ServerContext* context,
                                               const v1::FileObjectionRequest* request,
                                               v1::Filing* response) {
  RpcLog log("FileObjection");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(auth::Identity citizen,
                            AuthenticateCitizenCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(AcceptRequestId(request->request_id(), log));
    USULAN_RETURN_IF_ERROR(CheckObjectionRequest(*request));
    const workflow::GeoPoint point{request->latitude(), request->longitude()};
    const workflow::Payload evidence = workflow::ObjectionEvidence(
        {request->document_hashes().begin(), request->document_hashes().end()}, point);
    const storage::TimePoint now = ctx_.clock.Now();
    USULAN_RETURN_IF_ERROR(TakeFilingToken(citizen.actor));
    // The key holds the subject and a hash of the request, never the token's KK.
    auto key = MakeRequestKey("FileObjection", citizen.actor, request->request_id(), *request);
    USULAN_RETURN_IF_ERROR(app::RunIdempotent(
        ctx_.db, key, now,
        [&](storage::Tx& tx) -> absl::Status {
          USULAN_ASSIGN_OR_RETURN(
              storage::RegisterEntryRecord entry,
              ObjectableEntry(tx, citizen.actor, request->register_entry_id()));
          USULAN_ASSIGN_OR_RETURN(v1::CreateProposalRequest create,
                                  CreationOf(tx, *request, entry));
          USULAN_ASSIGN_OR_RETURN(
              NewProposal proposal,
              PrepareCreation(citizen.actor, create, now, ctx_.household_key,
                              workflow::Route::kCitizenObjection, evidence));
          // Stored with the household in this same insert, for Dinsos and the
          // verifier to find the house; the creation record leaves it out
          // (PrepareCreation keeps evidence attributes out of the trail).
          proposal.record.objection_point = point;
          // The household objected to is never the filer's to read back.
          return InsertFiling(tx, proposal, request->document_hashes(), request->request_id(),
                              citizen.kk, response);
        },
        *response));
    log.set_subject_id("proposal_id", response->proposal_id());
    log.set_transition("", workflow::Name(workflow::State::kObjectionFiled));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
