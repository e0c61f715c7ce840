#include "tools/usulanctl/register_command.h"

#include <nlohmann/json.hpp>

namespace usulan::tools {

std::optional<RegisterCall> RegisterRequest(const std::vector<std::string>& positional,
                                            const std::map<std::string, std::string>& flags,
                                            std::ostream& err) {
  auto flag = [&](const std::string& name) {
    auto found = flags.find(name);
    return found == flags.end() ? std::string() : found->second;
  };
  const std::string what = positional.empty() ? "" : positional[0];
  if (what == "get" && positional.size() == 2) {
    return RegisterCall{"RegisterService.GetEntry",
                        nlohmann::json{{"entry_id", positional[1]}}.dump()};
  }
  if (what == "count" && positional.size() == 1) {
    return RegisterCall{"RegisterService.CountEntries",
                        nlohmann::json{{"region_prefix", flag("--region")}}.dump()};
  }
  if (what == "list" && positional.size() == 1) {
    nlohmann::json request = {{"region_prefix", flag("--region")},
                              {"page_token", flag("--page-token")}};
    const std::string status = flag("--status");
    if (status == "ACTIVE" || status == "INACTIVE") {
      request["statuses"] = {"ENTRY_STATUS_" + status};
    } else if (!status.empty()) {
      err << "usulanctl: --status must be ACTIVE or INACTIVE\n";
      return std::nullopt;
    }
    if (!flag("--page-size").empty()) {
      try {
        request["page_size"] = std::stoi(flag("--page-size"));
      } catch (const std::exception&) {
        err << "usulanctl: --page-size must be a number\n";
        return std::nullopt;
      }
    }
    return RegisterCall{"RegisterService.ListEntries", request.dump()};
  }
  err << "usulanctl: register get ENTRY_ID | list [--region CODE] [--status ACTIVE|INACTIVE] "
         "[--page-size N] [--page-token T] | count [--region CODE]\n";
  return std::nullopt;
}

}  // namespace usulan::tools
