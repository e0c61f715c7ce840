#include "server/database_url.h"

#include <regex>
#include <string>

#include "base/string_view_compat.h"

namespace usulan::server {
namespace {

bool IsUri(std::string_view url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

}  // namespace

bool CarriesPassword(std::string_view url) {
  if (IsUri(url)) {
    const std::string_view rest = url.substr(url.find("://") + 3);
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?"));
    const size_t at = authority.rfind('@');
    if (at != std::string_view::npos &&
        authority.substr(0, at).find(':') != std::string_view::npos) {
      return true;  // user:password@
    }
    const size_t query = rest.find('?');
    if (query == std::string_view::npos) return false;
    static const std::regex kQueryPassword(R"((^|&)password=)");
    return std::regex_search(std::string(rest.substr(query + 1)), kQueryPassword);
  }
  // Keyword/value: `password = x`, anywhere a keyword may start.
  static const std::regex kKeywordPassword(R"((^|\s)password\s*=)");
  return std::regex_search(std::string(url), kKeywordPassword);
}

absl::Status CheckNoPassword(std::string_view flag, std::string_view url) {
  if (!CarriesPassword(url)) return absl::OkStatus();
  return absl::InvalidArgumentError(base::Concat(
      flag,
      " must not carry the database password (command lines and environments are "
      "readable by others): put it in a password file (PGPASSFILE, default ~/.pgpass, "
      "mode 0600) or use a libpq service file (service=NAME; PGSERVICEFILE); see "
      "docs/personal-data-access.md, \"Secrets\""));
}

}  // namespace usulan::server
