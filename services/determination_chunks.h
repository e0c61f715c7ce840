// The determination's files on the wire (RegisterService.ExportDetermination, a
// server stream of DeterminationFileChunk): the server cuts each file into pieces
// of at most 256 KiB (gRPC's default message limit is 4 MiB; smaller pieces keep
// both ends' memory flat); the receiver checks that the stream is well formed
// before it trusts a byte of it. Pure; thread-safe except where noted.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <grpcpp/support/sync_stream.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "usulan/v1/determination.pb.h"

namespace usulan::services {

inline constexpr size_t kDeterminationChunkBytes = 256 * 1024;

// `bytes` as pieces of at most `max_bytes` (> 0), in order; the last has
// last_of_file set. An empty file is one empty piece.
std::vector<v1::DeterminationFileChunk> ChunkFile(std::string_view name, std::string_view bytes,
                                                  size_t max_bytes = kDeterminationChunkBytes);

// The server's side of RegisterService.ExportDetermination: every (name, bytes)
// file as its pieces, in order. CANCELLED once a write fails (the client went
// away or the deadline passed); the rest is not sent.
absl::Status WriteFiles(const std::vector<std::pair<std::string_view, std::string_view>>& files,
                        grpc::ServerWriterInterface<v1::DeterminationFileChunk>* writer,
                        size_t max_bytes = kDeterminationChunkBytes);

// True for a name a receiver may create in its output directory: 1..100 of
// [A-Za-z0-9._-], not starting with '.' (no path, no hidden or partial file).
bool IsPlainFileName(std::string_view name);

// The receiver's check of the stream's shape, piece by piece: plain names, pieces
// within the size bound, each file's pieces together and ending once (a file never
// reopened, none interleaved). DATA_LOSS naming the file otherwise: the server or
// the link broke the stream, and nothing of it may be used. Not thread-safe.
class DeterminationStreamCheck {
 public:
  explicit DeterminationStreamCheck(size_t max_bytes = kDeterminationChunkBytes)
      : max_bytes_(max_bytes) {}

  absl::Status Next(const v1::DeterminationFileChunk& chunk);
  // After the last piece: DATA_LOSS if a file is unfinished or none came at all.
  absl::Status End() const;

 private:
  size_t max_bytes_;
  std::string open_;  // the file whose pieces are coming, "" between files
  std::set<std::string, std::less<>> finished_;
};

// The files of a whole stream held in memory, in the order they came: the
// check above, then the pieces joined.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> AssembleFiles(
    const std::vector<v1::DeterminationFileChunk>& chunks,
    size_t max_bytes = kDeterminationChunkBytes);

}  // namespace usulan::services
