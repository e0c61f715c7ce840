// DocumentService.UploadDocument: metadata first, then the bytes; judged by their
// content, stored once under their SHA-256, answered idempotently by request id.
#include "audit/digest.h"
#include "app/idempotent.h"
#include "app/stored_answer.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/convert.h"
#include "services/document_service.h"
#include "services/long_reads.h"
#include "workflow/evidence_document.h"

namespace usulan::services {
namespace {

using workflow::MediaType;

// The metadata message that must open the stream, checked at the edge: fields
// (request_validation.h), request id, media type, size within the limit.
struct Opening {
  v1::DocumentMetadata metadata;
  MediaType declared = MediaType::kPdf;
};

absl::StatusOr<Opening> ReadOpening(grpc::ServerReader<v1::UploadDocumentRequest>& reader,
                                    int64_t max_bytes, RpcLog& log) {
  v1::UploadDocumentRequest first;
  if (!reader.Read(&first)) {
    return absl::InvalidArgumentError(
        "metadata is required: the stream ended before its first message");
  }
  if (!first.has_metadata()) {
    return absl::InvalidArgumentError(
        "metadata must be the first message of the stream, before any chunk");
  }
  USULAN_RETURN_IF_ERROR(ValidateRequest(first));
  Opening out{std::move(*first.mutable_metadata())};
  USULAN_RETURN_IF_ERROR(AcceptRequestId(out.metadata.request_id(), log));
  std::optional<MediaType> declared = workflow::ParseMimeName(out.metadata.media_type());
  if (!declared) {
    return absl::InvalidArgumentError(
        "metadata.media_type must be application/pdf, image/jpeg or image/png");
  }
  out.declared = *declared;
  const int64_t size = out.metadata.total_size();
  if (size < 1) {
    return absl::InvalidArgumentError(
        "metadata.total_size must be at least 1: an empty document is no evidence");
  }
  if (size > max_bytes) {
    // INVALID_ARGUMENT, not RESOURCE_EXHAUSTED: the latter tells this API's
    // callers to retry later, and this document will never fit
    // (docs/documents.md, "Size limit").
    return absl::InvalidArgumentError(base::Concat(
        "metadata.total_size must be at most ", max_bytes,
        " bytes (--max-document-bytes); this document has ", size));
  }
  return out;
}

// The bytes after the metadata, exactly total_size of them, refused as soon as
// the stream says more than declared (nothing beyond the declared size is ever
// held).
absl::StatusOr<std::string> ReadBytes(grpc::ServerContext& context,
                                      grpc::ServerReader<v1::UploadDocumentRequest>& reader,
                                      int64_t total_size) {
  std::string bytes;
  bytes.reserve(static_cast<size_t>(total_size));
  v1::UploadDocumentRequest message;
  int64_t index = 0;
  while (reader.Read(&message)) {
    ++index;
    if (message.has_metadata()) {
      return absl::InvalidArgumentError(base::Concat(
          "metadata may only be the first message; message ", index, " carries it again"));
    }
    if (message.chunk().empty()) {
      return absl::InvalidArgumentError(
          base::Concat("chunk must not be empty (message ", index, ")"));
    }
    if (static_cast<int64_t>(bytes.size() + message.chunk().size()) > total_size) {
      return absl::InvalidArgumentError(base::Concat(
          "chunk: the stream holds more bytes than metadata.total_size (", total_size, ")"));
    }
    bytes += message.chunk();
    message.Clear();
  }
  if (context.IsCancelled()) {
    return absl::CancelledError(
        "the client cancelled the upload; nothing was stored: send it again");
  }
  if (static_cast<int64_t>(bytes.size()) != total_size) {
    return absl::InvalidArgumentError(base::Concat("chunk: the stream held ", bytes.size(),
                                                   " bytes, metadata.total_size declared ",
                                                   total_size));
  }
  return bytes;
}

// A citizen's upload is reserved before its bytes are stored: under the
// citizen's lock, in one transaction, the quota is checked and the upload
// recorded as theirs, so two parallel uploads cannot both take the last place.
// A document they uploaded before takes no new place (a retry, the same photo
// twice). FAILED_PRECONDITION (workflow::CheckUploadQuota) when it does not fit.
absl::Status ReserveCitizenUpload(storage::Database& db, const workflow::UploadQuota& quota,
                                  const storage::DocumentRecord& record) {
  return db.InTransaction([&](storage::Tx& tx) -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(storage::DocumentRepository::HeldUploads held,
                            tx.documents().LockCitizenUploads(record.uploaded_by, record.sha256));
    if (held.has_this) return absl::OkStatus();
    USULAN_RETURN_IF_ERROR(
        workflow::CheckUploadQuota(quota, {held.documents, held.bytes}, record.size));
    return tx.documents().AddCitizenUpload(record.uploaded_by, record.sha256, record.size,
                                           record.stored_at);
  });
}

}  // namespace

void ToProto(const storage::DocumentRecord& record, v1::Document* out) {
  out->set_sha256(record.sha256);
  out->set_size(record.size);
  out->set_media_type(record.media_type);
  out->set_file_name(record.file_name);
  services::ToProto(record.stored_at, out->mutable_stored_at());
}

grpc::Status DocumentServiceImpl::UploadDocument(
    grpc::ServerContext* context, grpc::ServerReader<v1::UploadDocumentRequest>* reader,
    v1::Document* response) {
  RpcLog log("UploadDocument");
  auto run = [&]() -> absl::Status {
    // A citizen uploads the house photo of their filing (docs/citizens.md).
    USULAN_ASSIGN_OR_RETURN(
        workflow::Actor actor,
        AuthenticateCall(ctx_.authenticator, *context, log, CitizenCaller::kAllowed));
    // Who may never upload is refused before sending a byte more.
    USULAN_RETURN_IF_ERROR(workflow::CheckDocumentUploader(actor.role));
    USULAN_ASSIGN_OR_RETURN(auto slot, AcquireLongRead(ctx_.long_reads, "UploadDocument"));
    USULAN_ASSIGN_OR_RETURN(Opening opening,
                            ReadOpening(*reader, options_.max_document_bytes, log));
    USULAN_ASSIGN_OR_RETURN(std::string bytes,
                            ReadBytes(*context, *reader, opening.metadata.total_size()));
    log.set_count("bytes", static_cast<int64_t>(bytes.size()));
    USULAN_ASSIGN_OR_RETURN(MediaType found, workflow::SniffDocument(bytes));
    if (found != opening.declared) {
      return absl::InvalidArgumentError(base::Concat(
          "metadata.media_type is ", workflow::MimeName(opening.declared),
          " but the bytes are ", workflow::MimeName(found)));
    }
    storage::DocumentRecord record;
    record.sha256 = audit::ToHex(audit::Sha256(bytes));
    record.media_type = std::string(workflow::MimeName(found));
    record.size = static_cast<int64_t>(bytes.size());
    record.file_name = opening.metadata.file_name();
    record.uploaded_by = actor.subject;
    record.stored_at = ctx_.clock.Now();
    log.set_subject_id("sha256", record.sha256);

    // The request as the idempotency key sees it: what was declared and the
    // hash of what was sent, so the id reused with other bytes is refused.
    v1::Document fingerprint;
    fingerprint.set_sha256(record.sha256);
    fingerprint.set_size(record.size);
    fingerprint.set_media_type(opening.metadata.media_type());
    fingerprint.set_file_name(opening.metadata.file_name());
    const storage::RequestKey key =
        MakeRequestKey("UploadDocument", actor, opening.metadata.request_id(), fingerprint);
    // A repeat is answered, and a reused id refused, before anything is stored.
    USULAN_ASSIGN_OR_RETURN(const bool replayed,
                            app::ReplayStoredAnswer(ctx_.db, key, *response));
    if (replayed) return absl::OkStatus();
    if (actor.role == workflow::Role::kCitizen) {
      USULAN_RETURN_IF_ERROR(ReserveCitizenUpload(ctx_.db, options_.citizen_quota, record));
    }
    // Stored before the request id is recorded (the store may be another system
    // than the database): a retry after a lost answer finds the bytes there,
    // stored once, and the id then records this answer.
    USULAN_ASSIGN_OR_RETURN(storage::DocumentRecord kept,
                            options_.store->Put(record, bytes));
    return app::RunIdempotent(
        ctx_.db, key, record.stored_at,
        [&](storage::Tx&) -> absl::Status {
          ToProto(kept, response);
          return absl::OkStatus();
        },
        *response);
  };
  return log.Finish(run());
}

}  // namespace usulan::services
