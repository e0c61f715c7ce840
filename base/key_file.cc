#include "base/key_file.h"

#include <fstream>
#include <sstream>


namespace usulan::base {

absl::StatusOr<std::string> ReadSecretKeyFile(std::string_view what, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + std::string(what) + " " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string key = buffer.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
  if (key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(std::string(what) + " " + path + " must hold at least " +
                                      std::to_string(kMinKeyBytes) + " bytes");
  }
  return key;
}

}  // namespace usulan::base
