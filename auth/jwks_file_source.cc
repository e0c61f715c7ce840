#include "auth/jwks_file_source.h"

#include "base/key_file.h"
#include "base/log.h"
#include "base/string_view_compat.h"

namespace usulan::auth {
absl::StatusOr<JwksFileSource::Version> JwksFileSource::Stat(const std::string& path) {
  struct stat info {};
  if (stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError(base::Concat("cannot stat --jwks-file ", path));
  }
  return Version{int64_t{info.st_mtim.tv_sec} * 1000000000 + info.st_mtim.tv_nsec,
                 int64_t{info.st_size}, uint64_t{info.st_ino}};
}

absl::StatusOr<KeySet> JwksFileSource::Load(const std::string& path) {
  absl::StatusOr<std::string> text = base::ReadPublicFile("--jwks-file", path);
  if (!text.ok()) return text.status();
  absl::StatusOr<KeySet> keys = KeySet::Parse(*text);
  if (!keys.ok()) {
    return absl::InvalidArgumentError(
        base::Concat("--jwks-file ", path, ": ", keys.status().message()));
  }
  return keys;
}

absl::StatusOr<std::unique_ptr<JwksFileSource>> JwksFileSource::Open(const std::string& path,
                                                                     const base::Clock& clock) {
  std::unique_ptr<JwksFileSource> source(new JwksFileSource(path, clock));
  absl::StatusOr<Version> version = Stat(path);
  if (!version.ok()) return version.status();
  absl::StatusOr<KeySet> keys = source->Load(path);
  if (!keys.ok()) return keys.status();
  std::lock_guard lock(source->mu_);
  source->keys_ = std::make_shared<const KeySet>(std::move(*keys));
  source->loaded_ = *version;
  source->last_check_ = clock.Now();
  return source;
}

void JwksFileSource::ReloadIfChanged() {
  const base::TimePoint now = clock_.Now();
  if (now - last_check_ < std::chrono::seconds(1)) return;
  last_check_ = now;
  absl::StatusOr<Version> version = Stat(path_);
  if (!version.ok()) {
    base::LogEvent("error", "jwks reload", base::Concat(version.status().message(),
                                                        "; keeping the loaded keys"));
    return;
  }
  if (*version == loaded_) return;
  // Recorded even when the new content fails, so that one bad file logs once
  // rather than once a second; the next change is read again.
  loaded_ = *version;
  absl::StatusOr<KeySet> keys = Load(path_);
  if (!keys.ok()) {
    base::LogEvent("error", "jwks reload",
                   base::Concat(keys.status().message(), "; keeping the loaded keys"));
    return;
  }
  base::LogEvent("info", "jwks reload", base::Concat(path_, ": ", keys->size(), " keys"));
  keys_ = std::make_shared<const KeySet>(std::move(*keys));
}

std::optional<PublicKey> JwksFileSource::Find(const std::string& kid) {
  std::lock_guard lock(mu_);
  ReloadIfChanged();
  const PublicKey* key = keys_->Find(kid);
  return key ? std::optional<PublicKey>(*key) : std::nullopt;
}

}  // namespace usulan::auth
