#include "tools/usulanctl/document_commands.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <grpcpp/client_context.h>

#include "audit/digest.h"
#include "usulan/v1/document_service.grpc.pb.h"

namespace usulan::tools {
namespace {

// Below gRPC's 4 MiB message limit with room to spare; small enough that a slow
// link shows progress.
constexpr size_t kChunkBytes = 64 * 1024;

std::string Flag(const DocumentCommand& command, const std::string& name) {
  auto found = command.flags.find(name);
  return found == command.flags.end() ? std::string() : found->second;
}

std::string MediaTypeOf(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".png") return "image/png";
  return "";
}

std::unique_ptr<grpc::ClientContext> ContextFor(const DocumentCommand& command) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
  if (!command.token.empty()) context->AddMetadata("authorization", "Bearer " + command.token);
  return context;
}

// "document:" and the first 40 hex digits of the file's SHA-256 in groups of 8:
// the same file, the same id; and never 16 digits in a row, which the server
// refuses in audited fields (a NIK could hide there).
std::string DefaultRequestId(const std::string& sha256) {
  std::string out = "document:";
  for (size_t at = 0; at < 40; at += 8) {
    if (at > 0) out += '.';
    out += sha256.substr(at, 8);
  }
  return out;
}

int Upload(const DocumentCommand& command, const std::string& path, std::ostream& out,
           std::ostream& err) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "usulanctl: cannot read " << path << "\n";
    return 2;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string media_type =
      Flag(command, "--media-type").empty() ? MediaTypeOf(path) : Flag(command, "--media-type");
  if (media_type.empty()) {
    err << "usulanctl: give --media-type (application/pdf, image/jpeg or image/png) for "
        << path << "\n";
    return 2;
  }
  const std::string sha256 = audit::ToHex(audit::Sha256(bytes));
  v1::UploadDocumentRequest first;
  v1::DocumentMetadata* metadata = first.mutable_metadata();
  metadata->set_request_id(Flag(command, "--request-id").empty() ? DefaultRequestId(sha256)
                                                                 : Flag(command, "--request-id"));
  metadata->set_media_type(media_type);
  metadata->set_file_name(Flag(command, "--file-name"));
  metadata->set_total_size(static_cast<int64_t>(bytes.size()));

  auto stub = v1::DocumentService::NewStub(command.channel);
  auto context = ContextFor(command);
  v1::Document answer;
  auto writer = stub->UploadDocument(context.get(), &answer);
  bool open = writer->Write(first);
  for (size_t at = 0; open && at < bytes.size(); at += kChunkBytes) {
    v1::UploadDocumentRequest chunk;
    chunk.set_chunk(bytes.substr(at, kChunkBytes));
    open = writer->Write(chunk);
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return command.report(status);
  if (answer.sha256() != sha256) {
    err << "usulanctl: the server answered SHA-256 " << answer.sha256() << ", the file's is "
        << sha256 << "\n";
    return 1;
  }
  out << answer.sha256() << "\n";
  return 0;
}

int Download(const DocumentCommand& command, std::ostream& out, std::ostream& err) {
  const std::string proposal = Flag(command, "--proposal");
  const std::string sha256 = Flag(command, "--sha256");
  const std::string path = Flag(command, "--out");
  if (proposal.empty() || sha256.empty() || path.empty()) {
    err << "usulanctl: document download needs --proposal ID --sha256 HEX --out FILE\n";
    return 2;
  }
  v1::DownloadDocumentRequest request;
  request.set_proposal_id(proposal);
  request.set_sha256(sha256);
  auto stub = v1::DocumentService::NewStub(command.channel);
  auto context = ContextFor(command);
  auto reader = stub->DownloadDocument(context.get(), request);
  std::string bytes;
  std::string media_type;
  v1::DocumentChunk chunk;
  while (reader->Read(&chunk)) {
    if (chunk.has_document()) media_type = chunk.document().media_type();
    bytes += chunk.data();
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return command.report(status);
  if (audit::ToHex(audit::Sha256(bytes)) != sha256) {
    err << "usulanctl: the bytes received do not hash to " << sha256 << "; nothing written\n";
    return 1;
  }
  const std::string part = path + ".part";
  {
    std::ofstream file(part, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!file.good()) {
      err << "usulanctl: cannot write " << part << "\n";
      return 1;
    }
  }
  if (std::rename(part.c_str(), path.c_str()) != 0) {
    err << "usulanctl: cannot rename " << part << " to " << path << "\n";
    return 1;
  }
  out << path << ": " << bytes.size() << " bytes, " << media_type << ", sha256 " << sha256
      << "\n";
  return 0;
}

}  // namespace

int RunDocumentCommand(const DocumentCommand& command, std::ostream& out, std::ostream& err) {
  const auto& p = command.positional;
  if (p.size() == 2 && p[0] == "upload") return Upload(command, p[1], out, err);
  if (p.size() == 1 && p[0] == "download") return Download(command, out, err);
  err << "usulanctl: document upload FILE | document download --proposal ID --sha256 HEX "
         "--out FILE\n";
  return 2;
}

}  // namespace usulan::tools
