#include "tools/usulanctl/register_command.h"

#include <chrono>
#include <cstdio>

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
  // Pusdatin's changes from central data (docs/central-sources.md). The default
  // request ids make a retry of a cut-short run continue it (nothing is stored
  // until a run completes) and a repeat of a finished one answer its summary.
  if (what == "file-deceased" && positional.size() == 1) {
    const std::string since = flag("--since");
    if (since.empty()) {
      err << "usulanctl: register file-deceased needs --since YYYY-MM-DD\n";
      return std::nullopt;
    }
    // One filing per day and question by default: a later day's run files the
    // deaths recorded meanwhile.
    const std::chrono::year_month_day date{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    char today[16];
    std::snprintf(today, sizeof(today), "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    std::string id = flag("--request-id");
    if (id.empty()) id = "file-deceased:" + since + ":" + flag("--region") + ":" + today;
    return RegisterCall{"RegisterService.FileDeceasedChanges",
                        nlohmann::json{{"request_id", id},
                                       {"since_date", since},
                                       {"region_prefix", flag("--region")}}
                            .dump()};
  }
  if (what == "apply-ranking" && positional.size() == 1) {
    const std::string ranking = flag("--ranking-id");
    if (ranking.empty()) {
      err << "usulanctl: register apply-ranking needs --ranking-id ID (e.g. 2026-Q4)\n";
      return std::nullopt;
    }
    const std::string id =
        flag("--request-id").empty() ? "apply-ranking:" + ranking : flag("--request-id");
    return RegisterCall{"RegisterService.ApplyWelfareRanking",
                        nlohmann::json{{"request_id", id}, {"ranking_id", ranking}}.dump()};
  }
  err << "usulanctl: register get ENTRY_ID | list [--region CODE] [--status ACTIVE|INACTIVE] "
         "[--page-size N] [--page-token T] | count [--region CODE]\n"
         "  | file-deceased --since YYYY-MM-DD [--region CODE] [--request-id ID]\n"
         "  | apply-ranking --ranking-id ID [--request-id ID]\n";
  return std::nullopt;
}

}  // namespace usulan::tools
