// Keys from a JWKS file (--jwks-file), reloaded when it changes: at most once a
// second a lookup compares the file's mtime, size and inode with the loaded
// version's, and re-reads it when they differ. A file that cannot be read or
// parsed keeps the previous keys and logs an error, so a half-written rotation
// never locks every caller out. Thread-safe.
#pragma once

#include <sys/stat.h>

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/base/thread_annotations.h"
#include "auth/key_source.h"
#include "base/clock.h"

namespace usulan::auth {

class JwksFileSource final : public KeySource {
 public:
  // Reads the file now: NOT_FOUND if it cannot be read, INVALID_ARGUMENT (from
  // KeySet::Parse) if it is not a valid JWKS; both name the path.
  static absl::StatusOr<std::unique_ptr<JwksFileSource>> Open(const std::string& path,
                                                              const base::Clock& clock);

  std::optional<PublicKey> Find(const std::string& kid) override;

 private:
  struct Version {
    int64_t mtime_ns = 0;
    int64_t size = -1;
    uint64_t inode = 0;
    bool operator==(const Version&) const = default;
  };
  JwksFileSource(std::string path, const base::Clock& clock)
      : path_(std::move(path)), clock_(clock) {}
  // Re-reads the file if it changed since the last load. Caller holds mu_.
  void ReloadIfChanged() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  static absl::StatusOr<Version> Stat(const std::string& path);
  absl::StatusOr<KeySet> Load(const std::string& path);

  const std::string path_;
  const base::Clock& clock_;
  // std::mutex, not absl::Mutex: ThreadSanitizer sees only the former (Debian's
  // Abseil is not instrumented; docs/sanitizers.md).
  std::mutex mu_;
  std::shared_ptr<const KeySet> keys_ ABSL_GUARDED_BY(mu_);
  Version loaded_ ABSL_GUARDED_BY(mu_);
  base::TimePoint last_check_ ABSL_GUARDED_BY(mu_);
};

}  // namespace usulan::auth
