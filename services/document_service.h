// usulan.v1.DocumentService: the evidence documents the audit trail cites by
// SHA-256, stored once by their content and served to whoever may read a
// proposal whose history cites them (docs/documents.md). Uploads and downloads
// both count as long reads (long_reads.h): an upload holds at most one document
// (--max-document-bytes) in memory and a download one piece of it, so the
// server's memory for documents is bounded by --max-long-reads of them.
// Logs identifiers, sizes and hashes only, never a file name. Thread-safe.
#pragma once

#include <cstdint>

#include "services/service_context.h"
#include "storage/document_store.h"
#include "usulan/v1/document_service.grpc.pb.h"
#include "workflow/evidence_document.h"

namespace usulan::services {

struct DocumentOptions {
  // Where the bytes are kept; owned by the server, outlives the service.
  storage::DocumentStore* store = nullptr;
  // The largest document accepted (--max-document-bytes).
  int64_t max_document_bytes = int64_t{20} << 20;
  // What one citizen may hold in documents no filing of theirs cites.
  workflow::UploadQuota citizen_quota;
};

// The answer's description of a stored document.
void ToProto(const storage::DocumentRecord& record, v1::Document* out);

class DocumentServiceImpl final : public v1::DocumentService::Service {
 public:
  DocumentServiceImpl(ServiceContext context, DocumentOptions options)
      : ctx_(context), options_(options) {}

  grpc::Status UploadDocument(grpc::ServerContext* context,
                              grpc::ServerReader<v1::UploadDocumentRequest>* reader,
                              v1::Document* response) override;
  grpc::Status DownloadDocument(grpc::ServerContext* context,
                                const v1::DownloadDocumentRequest* request,
                                grpc::ServerWriter<v1::DocumentChunk>* writer) override;

 private:
  ServiceContext ctx_;
  DocumentOptions options_;
};

}  // namespace usulan::services
