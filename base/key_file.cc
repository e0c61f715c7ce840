#include "base/key_file.h"

#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace usulan::base {

absl::StatusOr<std::string> ReadPublicFile(std::string_view what, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + std::string(what) + " " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::string> ReadPrivateFile(std::string_view what, const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return absl::NotFoundError("cannot read " + std::string(what) + " " + path);
  }
  // Checked on the file itself (stat follows links): what matters is who can
  // read the key, not who can read a link to it.
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(info.st_mode & 0777));
    return absl::PermissionDeniedError(
        std::string(what) + " " + path + " is accessible by group or others (mode " + mode +
        "): a private key must be readable by its owner only; run `chmod 600 " + path + "`");
  }
  return ReadPublicFile(what, path);
}

absl::StatusOr<std::string> ReadSecretKeyFile(std::string_view what, const std::string& path) {
  absl::StatusOr<std::string> read = ReadPrivateFile(what, path);
  if (!read.ok()) return read.status();
  std::string key = std::move(*read);
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(std::string(what) + " " + path + " must hold at least " +
                                      std::to_string(kMinKeyBytes) + " bytes");
  }
  return key;
}

}  // namespace usulan::base
