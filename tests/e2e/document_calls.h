// Evidence documents for the end-to-end tests: small valid PDF, PNG and JPEG
// files, and DocumentService's two streams driven to their end, answering what
// the client saw.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "usulan/v1/document_service.grpc.pb.h"

namespace usulan::testing {

// A PDF of at least `size` bytes (the "%PDF-1.7" header, a comment body, and
// "%%EOF" last), distinct per `seed`.
std::string PdfDocument(size_t size, int seed);
// A 1x1 PNG (signature, IHDR, IEND), distinct per `seed` (a text chunk).
std::string PngDocument(int seed);

// The messages of one upload: the metadata, then `bytes` in chunks of
// `chunk_bytes`. `total_size` < 0 declares the real size.
std::vector<v1::UploadDocumentRequest> UploadMessages(const std::string& request_id,
                                                      const std::string& media_type,
                                                      const std::string& bytes,
                                                      size_t chunk_bytes = 64 * 1024,
                                                      int64_t total_size = -1);

struct Uploaded {
  grpc::Status status;
  v1::Document document;
};
// Sends `messages` (stopping when the server has answered) and finishes.
Uploaded Upload(v1::DocumentService::Stub& stub, grpc::ClientContext& context,
                const std::vector<v1::UploadDocumentRequest>& messages);

// Uploads PngDocument(seed) (a house photo) as the caller of `context`, expecting
// success (a gtest failure otherwise); its SHA-256.
std::string UploadPhoto(v1::DocumentService::Stub& stub, grpc::ClientContext& context,
                        const std::string& request_id, int seed);

struct Downloaded {
  grpc::Status status;
  v1::Document document;  // of the first chunk
  std::string bytes;      // every chunk's data, in order
  int chunks = 0;
  int described = 0;      // chunks that carried a document description
};
Downloaded Download(v1::DocumentService::Stub& stub, grpc::ClientContext& context,
                    const std::string& proposal_id, const std::string& sha256);

// Lower-case hex SHA-256 of `bytes`.
std::string Sha256Hex(const std::string& bytes);

}  // namespace usulan::testing
