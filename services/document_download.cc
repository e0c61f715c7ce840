// DocumentService.DownloadDocument: whoever may read the proposal may read the
// documents its history cites; nobody else. Scope first (GetProposal's rule,
// workflow::CheckReadAccess), then the citation, then the store; every answer
// after the proposal was found is written to the personal-data access log
// before a byte is sent.
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/access_record.h"
#include "services/call_start.h"
#include "services/document_service.h"
#include "services/long_reads.h"
#include "storage/tx.h"
#include "workflow/queues.h"

namespace usulan::services {
namespace {

// What the access log records of one download.
storage::AccessOutcome OutcomeOf(const absl::Status& verdict) {
  if (verdict.ok()) return storage::AccessOutcome::kFound;
  if (verdict.code() == absl::StatusCode::kNotFound) return storage::AccessOutcome::kNotFound;
  return storage::AccessOutcome::kDenied;
}

// May `actor` read document `sha256` through `proposal_id`? NOT_FOUND for an
// unknown proposal (nothing is logged: no personal data was reached); otherwise
// the verdict (OK, PERMISSION_DENIED outside the scope or for a hash the
// history does not cite) and the proposal's desa, for the log.
struct Verdict {
  absl::Status status;
  std::string desa_code;
};

absl::StatusOr<Verdict> Judge(storage::Database& db, const workflow::Actor& actor,
                              const std::string& proposal_id, const std::string& sha256) {
  Verdict out;
  USULAN_RETURN_IF_ERROR(db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(storage::ProposalRecord proposal,
                            tx.proposals().GetProposal(proposal_id));
    out.desa_code = proposal.region.desa_code;
    out.status = workflow::CheckReadAccess(actor, proposal.region.desa_code,
                                           proposal.assigned_verifier);
    if (!out.status.ok()) return absl::OkStatus();
    USULAN_ASSIGN_OR_RETURN(const bool cited, tx.documents().CitedBy(proposal_id, sha256));
    if (!cited) {
      out.status = absl::PermissionDeniedError(base::Concat(
          "sha256: document ", sha256, " is not cited by the history of proposal ",
          proposal_id));
    }
    return absl::OkStatus();
  }));
  return out;
}

}  // namespace

grpc::Status DocumentServiceImpl::DownloadDocument(grpc::ServerContext* context,
                                                   const v1::DownloadDocumentRequest* request,
                                                   grpc::ServerWriter<v1::DocumentChunk>* writer) {
  RpcLog log("DownloadDocument");
  log.set_subject_id("proposal_id", request->proposal_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("proposal_id", request->proposal_id()));
    USULAN_RETURN_IF_ERROR(CheckSha256("sha256", request->sha256(), /*required=*/true));
    // Documents may hold personal data (a by-name list, a house photo): an
    // auditor reads trails, never households nor their evidence.
    if (!workflow::ReadsHouseholds(actor.role)) {
      return absl::PermissionDeniedError(base::Concat(
          "role ", workflow::Name(actor.role),
          " reads audit trails, not evidence documents (docs/personal-data-access.md)"));
    }
    USULAN_ASSIGN_OR_RETURN(Verdict verdict,
                            Judge(ctx_.db, actor, request->proposal_id(), request->sha256()));
    absl::StatusOr<storage::DocumentRecord> document =
        verdict.status.ok() ? options_.store->Info(request->sha256())
                            : absl::StatusOr<storage::DocumentRecord>(verdict.status);
    if (!document.ok() && document.status().code() == absl::StatusCode::kNotFound) {
      document = absl::NotFoundError(base::Concat(
          "sha256: document ", request->sha256(), " is cited by proposal ",
          request->proposal_id(), " but was never uploaded"));
    }

    storage::AccessRecord access = AccessBy(actor, "DownloadDocument", ctx_.clock.Now());
    access.scope = verdict.desa_code;
    access.proposal_id = request->proposal_id();
    access.document_sha256 = request->sha256();
    access.outcome = OutcomeOf(document.status());
    access.proposals = document.ok() ? 1 : 0;
    // A read that cannot be logged is not served (UU 27/2022 accountability).
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction(
        [&](storage::Tx& tx) { return tx.access_log().RecordDownload(access); }));
    if (!document.ok()) return document.status();

    USULAN_ASSIGN_OR_RETURN(auto slot, AcquireLongRead(ctx_.long_reads, "DownloadDocument"));
    log.set_count("bytes", document->size);
    for (int i = 0; i < document->chunks(); ++i) {
      v1::DocumentChunk chunk;
      if (i == 0) ToProto(*document, chunk.mutable_document());
      USULAN_ASSIGN_OR_RETURN(*chunk.mutable_data(),
                              options_.store->ReadChunk(document->sha256, i));
      if (!writer->Write(chunk)) {
        return absl::CancelledError("the client went away during the download");
      }
    }
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
