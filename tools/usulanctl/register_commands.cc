#include "tools/usulanctl/register_commands.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>

#include <nlohmann/json.hpp>

#include "audit/signing.h"
#include "tools/usulanctl/determination_writer.h"
#include "workflow/cycle.h"

namespace usulan::tools {
namespace {

// A national determination with personal data runs to hundreds of MiB.
constexpr auto kExportDeadline = std::chrono::minutes(30);

std::string Flag(const RegisterCommand& command, const std::string& name) {
  auto found = command.flags.find(name);
  return found == command.flags.end() ? "" : found->second;
}

int Usage(std::ostream& err, const std::string& problem) {
  err << "usulanctl: " << problem << "\n"
      << "usage: usulanctl register get ENTRY_ID\n"
         "       usulanctl register list [--region CODE] [--status ACTIVE|INACTIVE]\n"
         "                [--page-size N] [--page-token T]\n"
         "       usulanctl register count [--region CODE]\n"
         "       usulanctl register verify [--entry ENTRY_ID | --region CODE [--page-size N]\n"
         "                [--page-token T]]\n"
         "       usulanctl register export --cycle YYYY-MM --out DIR [--with-personal-data]\n"
         "                [--public-key AUDIT_PUBLIC_KEY.pem]\n"
         "       usulanctl register file-deceased --since YYYY-MM-DD [--region CODE]\n"
         "                [--request-id ID]\n"
         "       usulanctl register apply-ranking --ranking-id ID [--request-id ID]\n";
  return 2;
}

// --page-size into `request` when given; false (a usage error) when not a number.
bool PageSize(const RegisterCommand& command, nlohmann::json& request) {
  const std::string size = Flag(command, "--page-size");
  if (size.empty()) return true;
  try {
    request["page_size"] = std::stoi(size);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// One entry's chain, or a page of a region's entries (RegisterService.VerifyEntryChain).
int Verify(const RegisterCommand& command, std::ostream& err) {
  const std::string entry = Flag(command, "--entry");
  if (!entry.empty()) {
    if (!Flag(command, "--region").empty() || !Flag(command, "--page-size").empty() ||
        !Flag(command, "--page-token").empty()) {
      return Usage(err, "register verify takes --entry or --region, not both");
    }
    return command.call_json("RegisterService.VerifyEntryChain",
                             nlohmann::json{{"entry_id", entry}}.dump());
  }
  nlohmann::json request = {{"region_prefix", Flag(command, "--region")},
                            {"page_token", Flag(command, "--page-token")}};
  if (!PageSize(command, request)) return Usage(err, "--page-size must be a number");
  return command.call_json("RegisterService.VerifyEntryChain", request.dump());
}

// The unary reads: get, list, count, verify.
int Read(const RegisterCommand& command, std::ostream& err) {
  const std::vector<std::string>& p = command.positional;
  if (p[0] == "get" && p.size() == 2) {
    return command.call_json("RegisterService.GetEntry", nlohmann::json{{"entry_id", p[1]}}.dump());
  }
  if (p[0] == "count" && p.size() == 1) {
    return command.call_json("RegisterService.CountEntries",
                             nlohmann::json{{"region_prefix", Flag(command, "--region")}}.dump());
  }
  if (p[0] == "verify" && p.size() == 1) return Verify(command, err);
  if (p[0] != "list" || p.size() != 1) return Usage(err, "unknown register command");
  nlohmann::json request = {{"region_prefix", Flag(command, "--region")},
                            {"page_token", Flag(command, "--page-token")}};
  const std::string status = Flag(command, "--status");
  if (status == "ACTIVE" || status == "INACTIVE") {
    request["statuses"] = {"ENTRY_STATUS_" + status};
  } else if (!status.empty()) {
    return Usage(err, "--status must be ACTIVE or INACTIVE");
  }
  if (!PageSize(command, request)) return Usage(err, "--page-size must be a number");
  return command.call_json("RegisterService.ListEntries", request.dump());
}

// Files from the death list page by page, one request id for every page (the
// server keeps one answer per page), and prints the totals: pages, deaths read
// and unmatched, every filing and skip. A failed page ends the run with its
// status; running the same command again replays the pages done and goes on.
int FileDeceasedPages(const RegisterCommand& command, const nlohmann::json& first,
                      std::ostream& out, std::ostream& err) {
  nlohmann::json request = first;
  nlohmann::json totals = {{"pages", 0},         {"deaths_read", 0}, {"deaths_unmatched", 0},
                           {"filed", nlohmann::json::array()},
                           {"skipped", nlohmann::json::array()}};
  std::string token;
  do {
    request["page_token"] = token;
    std::string answer_json;
    const grpc::Status status =
        command.call_for_answer("RegisterService.FileDeceasedChanges", request.dump(), &answer_json);
    if (!status.ok()) {
      err << "usulanctl: file-deceased stopped after " << totals["pages"].get<int>()
          << " page(s); filings made stay, and the same command continues\n";
      return command.report(status);
    }
    const nlohmann::json answer = nlohmann::json::parse(answer_json, nullptr, false);
    if (!answer.is_object()) {
      err << "usulanctl: unreadable FileDeceasedChanges answer\n";
      return 1;
    }
    totals["pages"] = totals["pages"].get<int>() + 1;
    for (const char* count : {"deaths_read", "deaths_unmatched"}) {
      totals[count] = totals[count].get<int64_t>() + answer.value(count, int64_t{0});
    }
    for (const char* list : {"filed", "skipped"}) {
      for (const auto& item : answer.value(list, nlohmann::json::array())) {
        totals[list].push_back(item);
      }
    }
    token = answer.value("next_page_token", std::string());
  } while (!token.empty());
  out << totals.dump() << "\n";
  return 0;
}

// Pusdatin's changes from central data (docs/central-sources.md). The default
// request ids make a retry of a cut-short run continue it (nothing is stored
// until a run, or a page of the death list, completes) and a repeat of a
// finished one answer its summary.
int Central(const RegisterCommand& command, std::ostream& out, std::ostream& err) {
  const std::vector<std::string>& p = command.positional;
  if (p[0] == "file-deceased") {
    const std::string since = Flag(command, "--since");
    if (since.empty()) return Usage(err, "register file-deceased needs --since YYYY-MM-DD");
    // One filing per day and question by default: a later day's run files the
    // deaths recorded meanwhile.
    const std::chrono::year_month_day date{
        std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
    char today[16];
    std::snprintf(today, sizeof(today), "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    std::string id = Flag(command, "--request-id");
    if (id.empty()) id = "file-deceased:" + since + ":" + Flag(command, "--region") + ":" + today;
    return FileDeceasedPages(command,
                             nlohmann::json{{"request_id", id},
                                            {"since_date", since},
                                            {"region_prefix", Flag(command, "--region")}},
                             out, err);
  }
  const std::string ranking = Flag(command, "--ranking-id");
  if (ranking.empty()) return Usage(err, "register apply-ranking needs --ranking-id ID (e.g. 2026-Q4)");
  std::string id = Flag(command, "--request-id");
  if (id.empty()) id = "apply-ranking:" + ranking;
  return command.call_json("RegisterService.ApplyWelfareRanking",
                           nlohmann::json{{"request_id", id}, {"ranking_id", ranking}}.dump());
}

int Export(const RegisterCommand& command, std::ostream& out, std::ostream& err) {
  const std::string cycle = Flag(command, "--cycle");
  const std::string dir = Flag(command, "--out");
  const std::string personal = Flag(command, "--with-personal-data");
  if (auto valid = workflow::ValidateCycleId(cycle, "--cycle"); !valid.ok()) {
    return Usage(err, std::string(valid.message()));
  }
  if (dir.empty()) return Usage(err, "register export needs --out DIR");
  if (personal != "" && personal != "true") return Usage(err, "--with-personal-data takes no value");
  std::optional<audit::VerifyingKey> key;
  if (const std::string path = Flag(command, "--public-key"); !path.empty()) {
    std::ifstream in(path, std::ios::binary);
    auto parsed = audit::VerifyingKey::FromPem(
        std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
    if (!in.good() && !in.eof()) return Usage(err, "cannot read " + path);
    if (!parsed.ok()) return Usage(err, path + ": " + std::string(parsed.status().message()));
    key = *parsed;
  }

  v1::ExportDeterminationRequest request;
  request.set_cycle(cycle);
  request.set_include_personal_data(personal == "true");
  DeterminationWriter writer({dir, cycle, request.include_personal_data(), key ? &*key : nullptr});
  if (auto begun = writer.Begin(); !begun.ok()) {
    err << "usulanctl: " << begun.message() << "\n";
    return 1;
  }
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + kExportDeadline);
  if (!command.token.empty()) context.AddMetadata("authorization", "Bearer " + command.token);
  auto reader = command.open_export(&context, request);
  absl::Status received;
  v1::DeterminationFileChunk chunk;
  while (reader->Read(&chunk)) {
    received = writer.Add(chunk);
    if (!received.ok()) {
      context.TryCancel();  // the stream is no use any more
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (!received.ok()) {
    err << "usulanctl: " << received.message() << "; nothing written\n";
    return 1;
  }
  if (!status.ok()) return command.report(status);
  auto written = writer.Finish();
  if (!written.ok()) {
    err << "usulanctl: " << written.status().message() << "; nothing written\n";
    return 1;
  }
  out << dir << ": the determination of " << cycle << ", " << written->change_count
      << " changes, " << (request.include_personal_data() ? "with" : "without")
      << " personal data, every file matching manifest.json";
  out << (key ? ", signature verified\n"
              : "; verify manifest.sig with the audit public key (docs/determination.md)\n");
  for (const std::string& name : written->files) out << "  " << name << "\n";
  return 0;
}

}  // namespace

int RunRegisterCommand(const RegisterCommand& command, std::ostream& out, std::ostream& err) {
  if (command.positional.empty()) return Usage(err, "register needs a command");
  if (command.positional[0] == "export" && command.positional.size() == 1) {
    return Export(command, out, err);
  }
  if ((command.positional[0] == "file-deceased" || command.positional[0] == "apply-ranking") &&
      command.positional.size() == 1) {
    return Central(command, out, err);
  }
  return Read(command, err);
}

}  // namespace usulan::tools
