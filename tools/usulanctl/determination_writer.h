// The receiving end of `usulanctl register export`: writes the pieces of a cycle's
// determination (services/determination_chunks.h) into a directory and lets the
// files appear only once each one matches the signed manifest.
//
// Each file is written to ".<name>.partial" (mode 0600, created exclusively) while
// it arrives, its SHA-256 computed on the way. Finish() then checks the stream's
// shape, the manifest (format, the cycle and the variant asked for, every listed
// file present with its size and SHA-256, nothing unlisted, a 64-byte signature,
// and with a public key given, that the signature verifies and names that key),
// and only then links every file to its final name, refusing to overwrite any
// (mode 0600 for the variant with personal data, 0644 for the publication
// variant). On any failure nothing final remains and the partial files are
// removed. Not thread-safe: one writer per stream.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "audit/digest.h"
#include "audit/signing.h"
#include "services/determination_chunks.h"
#include "usulan/v1/determination.pb.h"

namespace usulan::tools {

struct DeterminationWriterOptions {
  std::filesystem::path dir;
  std::string cycle;  // YYYY-MM, as requested
  bool with_personal_data = false;
  // When set, manifest.sig must verify with this key (the published audit key).
  const audit::VerifyingKey* public_key = nullptr;
};

struct WrittenDetermination {
  std::vector<std::string> files;  // final names, in the order received
  int64_t change_count = 0;
};

class DeterminationWriter {
 public:
  explicit DeterminationWriter(DeterminationWriterOptions options);
  ~DeterminationWriter();  // removes whatever partial file remains
  DeterminationWriter(const DeterminationWriter&) = delete;
  DeterminationWriter& operator=(const DeterminationWriter&) = delete;

  // Before the call: creates the directory if missing (0700 with personal data,
  // else 0755); ALREADY_EXISTS naming the file when one of the cycle's four file
  // names is there already (nothing is overwritten, so better refuse before a
  // long download).
  absl::Status Begin();
  // One piece. DATA_LOSS for a malformed stream (DeterminationStreamCheck), more
  // than 16 files or a manifest over 1 MiB; an I/O failure names the file.
  absl::Status Add(const v1::DeterminationFileChunk& chunk);
  // After the stream ended well: the checks above, then the files in place.
  // DATA_LOSS naming what does not match; ALREADY_EXISTS naming a file that
  // appeared meanwhile.
  absl::StatusOr<WrittenDetermination> Finish();

 private:
  struct Received {
    std::string name;
    int64_t bytes = 0;
    std::string sha256;  // hex, once the file is complete
  };
  absl::Status OpenPartial(const std::string& name);
  absl::Status CheckAgainstManifest(WrittenDetermination& written) const;
  absl::Status Install();
  void RemovePartials();

  DeterminationWriterOptions options_;
  services::DeterminationStreamCheck check_;
  std::vector<Received> received_;
  int fd_ = -1;  // the partial file being written
  std::unique_ptr<audit::Sha256Stream> hash_;
  std::string manifest_, signature_;
};

}  // namespace usulan::tools
