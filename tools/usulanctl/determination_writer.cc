#include "tools/usulanctl/determination_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include <nlohmann/json.hpp>

#include "app/determination_files.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace usulan::tools {
namespace {

constexpr size_t kMaxFiles = 16;
constexpr size_t kMaxManifestBytes = 1 << 20;

std::string PartialName(const std::string& name) { return "." + name + ".partial"; }

absl::Status IoError(std::string_view what, const std::filesystem::path& path) {
  return absl::UnavailableError(
      base::Concat("cannot ", what, " ", path.string(), ": ", std::strerror(errno)));
}

absl::Status Mismatch(std::string_view what) {
  return absl::DataLossError(base::Concat("the determination does not hold together: ", what));
}

}  // namespace

DeterminationWriter::DeterminationWriter(DeterminationWriterOptions options)
    : options_(std::move(options)) {}

DeterminationWriter::~DeterminationWriter() { RemovePartials(); }

absl::Status DeterminationWriter::Begin() {
  const mode_t mode = options_.with_personal_data ? 0700 : 0755;
  if (::mkdir(options_.dir.c_str(), mode) != 0 && errno != EEXIST) {
    return IoError("create the directory", options_.dir);
  }
  for (const std::string& name :
       {app::DeterminationCsvName(options_.cycle), app::DeterminationJsonlName(options_.cycle),
        std::string(app::kManifestName), std::string(app::kManifestSignatureName)}) {
    if (std::filesystem::symlink_status(options_.dir / name).type() !=
        std::filesystem::file_type::not_found) {
      return absl::AlreadyExistsError(
          base::Concat((options_.dir / name).string(), " exists; nothing is overwritten"));
    }
  }
  return absl::OkStatus();
}

absl::Status DeterminationWriter::OpenPartial(const std::string& name) {
  if (received_.size() == kMaxFiles) return Mismatch("more than 16 files");
  const auto path = options_.dir / PartialName(name);
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd_ < 0) return IoError("create", path);
  received_.push_back({name});
  hash_ = std::make_unique<audit::Sha256Stream>();
  return absl::OkStatus();
}

absl::Status DeterminationWriter::Add(const v1::DeterminationFileChunk& chunk) {
  USULAN_RETURN_IF_ERROR(check_.Next(chunk));
  if (fd_ < 0) USULAN_RETURN_IF_ERROR(OpenPartial(chunk.file_name()));
  Received& file = received_.back();
  const std::string& data = chunk.data();
  for (size_t written = 0; written < data.size();) {
    const ssize_t n = ::write(fd_, data.data() + written, data.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError("write", options_.dir / PartialName(file.name));
    written += static_cast<size_t>(n);
  }
  hash_->Update(data);
  file.bytes += static_cast<int64_t>(data.size());
  // The manifest and its signature are read back in Finish(): kept, bounded.
  if (file.name == app::kManifestName || file.name == app::kManifestSignatureName) {
    std::string& kept = file.name == app::kManifestName ? manifest_ : signature_;
    kept += data;
    if (kept.size() > kMaxManifestBytes) return Mismatch(base::Concat(file.name, " over 1 MiB"));
  }
  if (chunk.last_of_file()) {
    file.sha256 = audit::ToHex(hash_->Finish());
    const bool failed = ::fsync(fd_) != 0;
    ::close(fd_);
    fd_ = -1;
    if (failed) return IoError("write", options_.dir / PartialName(file.name));
  }
  return absl::OkStatus();
}

absl::Status DeterminationWriter::CheckAgainstManifest(WrittenDetermination& written) const {
  const auto manifest = nlohmann::json::parse(manifest_, nullptr, /*allow_exceptions=*/false);
  if (!manifest.is_object()) return Mismatch("manifest.json is missing or not a JSON object");
  auto text = [&](const nlohmann::json& object, const char* key) {
    const auto found = object.find(key);
    return found != object.end() && found->is_string() ? found->get<std::string>() : "";
  };
  if (text(manifest, "format") != app::kDeterminationFormat) {
    return Mismatch("manifest.json is not usulan-determination-v1");
  }
  if (text(manifest, "cycle") != options_.cycle) return Mismatch("the manifest's cycle");
  const auto variant = manifest.find("with_personal_data");
  if (variant == manifest.end() || !variant->is_boolean() ||
      variant->get<bool>() != options_.with_personal_data) {
    return Mismatch("the manifest's with_personal_data is not the variant asked for");
  }
  std::map<std::string, const Received*, std::less<>> received;
  for (const Received& file : received_) received[file.name] = &file;
  const auto files = manifest.find("files");
  if (files == manifest.end() || !files->is_array() || files->empty()) {
    return Mismatch("the manifest lists no file");
  }
  for (const auto& entry : *files) {
    if (!entry.is_object()) return Mismatch("a file entry of the manifest");
    const std::string name = text(entry, "name");
    const auto found = received.find(name);
    if (!services::IsPlainFileName(name) || found == received.end() ||
        name == app::kManifestName || name == app::kManifestSignatureName) {
      return Mismatch("a file the manifest lists did not come");
    }
    const auto bytes = entry.find("bytes");
    if (bytes == entry.end() || !bytes->is_number_integer() ||
        bytes->get<int64_t>() != found->second->bytes) {
      return Mismatch(base::Concat(name, ": size differs from the manifest"));
    }
    if (text(entry, "sha256") != found->second->sha256) {
      return Mismatch(base::Concat(name, ": SHA-256 differs from the manifest"));
    }
    received.erase(found);
  }
  received.erase(std::string(app::kManifestName));
  if (!received.erase(std::string(app::kManifestSignatureName)) || signature_.size() != 64) {
    return Mismatch("manifest.sig is missing or not 64 bytes");
  }
  if (!received.empty()) return Mismatch(base::Concat(received.begin()->first, " is not listed"));
  if (options_.public_key != nullptr) {
    const auto signature = manifest.find("signature");
    if (signature == manifest.end() || !signature->is_object() ||
        text(*signature, "key_id") != options_.public_key->key_id()) {
      return Mismatch("the manifest names another signing key than the one given");
    }
    if (!options_.public_key->Verify(manifest_, signature_)) {
      return Mismatch("manifest.sig does not verify with the key given");
    }
  }
  const auto count = manifest.find("change_count");
  if (count != manifest.end() && count->is_number_integer()) {
    written.change_count = count->get<int64_t>();
  }
  for (const Received& file : received_) written.files.push_back(file.name);
  return absl::OkStatus();
}

absl::Status DeterminationWriter::Install() {
  const mode_t mode = options_.with_personal_data ? 0600 : 0644;
  std::vector<std::filesystem::path> installed;
  absl::Status status;
  for (const Received& file : received_) {
    const auto partial = options_.dir / PartialName(file.name);
    const auto final_path = options_.dir / file.name;
    // chmod, not the umask, decides: a receiver's umask must not widen or
    // narrow who reads personal data.
    if (::chmod(partial.c_str(), mode) != 0) {
      status = IoError("set the mode of", partial);
      break;
    }
    // link() never replaces an existing file, unlike rename().
    if (::link(partial.c_str(), final_path.c_str()) != 0) {
      status = errno == EEXIST ? absl::AlreadyExistsError(base::Concat(
                                     final_path.string(), " exists; nothing is overwritten"))
                               : IoError("create", final_path);
      break;
    }
    installed.push_back(final_path);
  }
  if (!status.ok()) {
    for (const auto& path : installed) ::unlink(path.c_str());
  }
  return status;
}

absl::StatusOr<WrittenDetermination> DeterminationWriter::Finish() {
  USULAN_RETURN_IF_ERROR(check_.End());
  WrittenDetermination written;
  USULAN_RETURN_IF_ERROR(CheckAgainstManifest(written));
  USULAN_RETURN_IF_ERROR(Install());
  RemovePartials();
  return written;
}

void DeterminationWriter::RemovePartials() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  for (const Received& file : received_) {
    ::unlink((options_.dir / PartialName(file.name)).c_str());
  }
  received_.clear();
}

}  // namespace usulan::tools
