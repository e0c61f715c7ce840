#include "tools/usulanctl/erase_command.h"

#include <nlohmann/json.hpp>

namespace usulan::tools {

std::optional<std::string> EraseRequestJson(const std::string& proposal_id,
                                            const std::map<std::string, std::string>& flags,
                                            std::ostream& err) {
  auto flag = [&](const std::string& name) {
    auto found = flags.find(name);
    return found == flags.end() ? std::string() : found->second;
  };
  if (flag("--reason").empty()) {
    err << "usulanctl: erase-personal-data needs --reason (recorded in the audit trail)\n";
    return std::nullopt;
  }
  nlohmann::json request = {
      {"request_id", flag("--request-id").empty() ? "erase-personal-data:" + proposal_id
                                                  : flag("--request-id")},
      {"proposal_id", proposal_id},
      {"reason", flag("--reason")},
  };
  if (!flag("--expected-version").empty()) {
    try {
      request["expected_version"] = std::stoll(flag("--expected-version"));
    } catch (const std::exception&) {
      err << "usulanctl: --expected-version must be a number\n";
      return std::nullopt;
    }
  }
  return request.dump();
}

}  // namespace usulan::tools
