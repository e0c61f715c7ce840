#include "tests/e2e/document_calls.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "audit/digest.h"

namespace usulan::testing {

std::string PdfDocument(size_t size, int seed) {
  std::string out = "%PDF-1.7\n% evidence " + std::to_string(seed) + "\n";
  while (out.size() + 7 < size) out += "% body of the berita acara, line of filler text\n";
  return out + "%%EOF\n";
}

std::string PngDocument(int seed) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  out += std::string("\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0\x90\x77\x53\xde", 25);
  const std::string text = std::string("Comment\0photo ", 14) + std::to_string(seed);
  const uint32_t length = static_cast<uint32_t>(text.size());
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((length >> shift) & 0xFF);
  out += "tEXt" + text + std::string(4, '\0');  // CRC not checked by anyone here
  out += std::string("\0\0\0\0IEND\xae\x42\x60\x82", 12);
  return out;
}

std::vector<v1::UploadDocumentRequest> UploadMessages(const std::string& request_id,
                                                      const std::string& media_type,
                                                      const std::string& bytes,
                                                      size_t chunk_bytes, int64_t total_size) {
  std::vector<v1::UploadDocumentRequest> out(1);
  v1::DocumentMetadata* metadata = out[0].mutable_metadata();
  metadata->set_request_id(request_id);
  metadata->set_media_type(media_type);
  metadata->set_file_name("evidence.bin");
  metadata->set_total_size(total_size < 0 ? static_cast<int64_t>(bytes.size()) : total_size);
  for (size_t at = 0; at < bytes.size(); at += chunk_bytes) {
    out.emplace_back().set_chunk(bytes.substr(at, std::min(chunk_bytes, bytes.size() - at)));
  }
  return out;
}

Uploaded Upload(v1::DocumentService::Stub& stub, grpc::ClientContext& context,
                const std::vector<v1::UploadDocumentRequest>& messages) {
  Uploaded out;
  auto writer = stub.UploadDocument(&context, &out.document);
  for (const auto& message : messages) {
    if (!writer->Write(message)) break;  // the server has answered already
  }
  writer->WritesDone();
  out.status = writer->Finish();
  return out;
}

Downloaded Download(v1::DocumentService::Stub& stub, grpc::ClientContext& context,
                    const std::string& proposal_id, const std::string& sha256) {
  Downloaded out;
  v1::DownloadDocumentRequest request;
  request.set_proposal_id(proposal_id);
  request.set_sha256(sha256);
  auto reader = stub.DownloadDocument(&context, request);
  v1::DocumentChunk chunk;
  while (reader->Read(&chunk)) {
    if (chunk.has_document()) {
      if (out.chunks == 0) out.document = chunk.document();
      ++out.described;
    }
    out.bytes += chunk.data();
    ++out.chunks;
  }
  out.status = reader->Finish();
  return out;
}

std::string Sha256Hex(const std::string& bytes) { return audit::ToHex(audit::Sha256(bytes)); }

std::string UploadPhoto(v1::DocumentService::Stub& stub, grpc::ClientContext& context,
                        const std::string& request_id, int seed) {
  const std::string png = PngDocument(seed);
  const Uploaded up = Upload(stub, context, UploadMessages(request_id, "image/png", png));
  EXPECT_TRUE(up.status.ok()) << up.status.error_message();
  return Sha256Hex(png);
}

}  // namespace usulan::testing
