#include "services/determination_chunks.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::services {

std::vector<v1::DeterminationFileChunk> ChunkFile(std::string_view name, std::string_view bytes,
                                                  size_t max_bytes) {
  std::vector<v1::DeterminationFileChunk> chunks;
  size_t at = 0;
  do {
    v1::DeterminationFileChunk& chunk = chunks.emplace_back();
    chunk.set_file_name(std::string(name));
    const std::string_view piece = bytes.substr(at, max_bytes);
    chunk.set_data(std::string(piece));
    at += piece.size();
    chunk.set_last_of_file(at == bytes.size());
  } while (at < bytes.size());
  return chunks;
}

absl::Status WriteFiles(const std::vector<std::pair<std::string_view, std::string_view>>& files,
                        grpc::ServerWriterInterface<v1::DeterminationFileChunk>* writer,
                        size_t max_bytes) {
  for (const auto& [name, bytes] : files) {
    for (const auto& chunk : ChunkFile(name, bytes, max_bytes)) {
      if (!writer->Write(chunk)) {
        return absl::CancelledError(base::Concat("the stream ended while sending ", name));
      }
    }
  }
  return absl::OkStatus();
}

bool IsPlainFileName(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  for (char ch : name) {
    const bool plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                       (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-';
    if (!plain) return false;
  }
  return true;
}

absl::Status DeterminationStreamCheck::Next(const v1::DeterminationFileChunk& chunk) {
  const std::string& name = chunk.file_name();
  // The name is checked before it is quoted, so that no control character or
  // path from a broken stream reaches a terminal or a log.
  if (!IsPlainFileName(name)) return absl::DataLossError("a piece names no plain file name");
  if (chunk.data().size() > max_bytes_) {
    return absl::DataLossError(base::Concat("a piece of ", name, " exceeds ", max_bytes_, " bytes"));
  }
  if (open_.empty()) {
    if (finished_.count(name) > 0) {
      return absl::DataLossError(base::Concat(name, " came twice"));
    }
    open_ = name;
  } else if (open_ != name) {
    return absl::DataLossError(base::Concat(name, " began before ", open_, " ended"));
  }
  if (chunk.last_of_file()) {
    finished_.insert(open_);
    open_.clear();
  }
  return absl::OkStatus();
}

absl::Status DeterminationStreamCheck::End() const {
  if (!open_.empty()) return absl::DataLossError(base::Concat(open_, " ended unfinished"));
  if (finished_.empty()) return absl::DataLossError("the stream held no file");
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AssembleFiles(
    const std::vector<v1::DeterminationFileChunk>& chunks, size_t max_bytes) {
  DeterminationStreamCheck check(max_bytes);
  std::vector<std::pair<std::string, std::string>> files;
  bool starts_file = true;
  for (const auto& chunk : chunks) {
    USULAN_RETURN_IF_ERROR(check.Next(chunk));
    if (starts_file) files.emplace_back(chunk.file_name(), "");
    files.back().second += chunk.data();
    starts_file = chunk.last_of_file();
  }
  USULAN_RETURN_IF_ERROR(check.End());
  return files;
}

}  // namespace usulan::services
