#include "tools/usulanctl/import_command.h"

#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <grpcpp/client_context.h>

#include "tools/usulanctl/import_csv.h"
#include "usulan/v1/proposal_service.grpc.pb.h"

namespace usulan::tools {
namespace {

// The server's limit per stream (services/proposal_import.cc).
constexpr size_t kMaxRows = 100'000;

std::string CodeName(int code) {
  static constexpr const char* kCodes[] = {
      "OK",        "CANCELLED",         "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  return code >= 0 && code <= 16 ? kCodes[code] : "UNKNOWN";
}

// Rows sent / results received, on stderr. On a terminal one line redrawn in
// place (at most ten times a second); otherwise a plain line every 1000 results
// and at the end, so logs of scripted imports stay short.
class Progress {
 public:
  Progress(std::ostream& err, bool terminal, size_t total)
      : err_(err), terminal_(terminal), total_(total) {}

  void Sent() { Update(++sent_, answered_, false); }
  void Answered() { Update(sent_, ++answered_, false); }
  void Done() {
    Update(sent_, answered_, true);
    if (terminal_) err_ << "\n";
  }

 private:
  void Update(size_t sent, size_t answered, bool last) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (terminal_) {
      if (!last && now - drawn_ < std::chrono::milliseconds(100)) return;
      constexpr size_t kWidth = 30;
      const size_t filled = total_ == 0 ? kWidth : answered * kWidth / total_;
      err_ << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
           << sent << "/" << total_ << " sent, " << answered << " answered" << std::flush;
      drawn_ = now;
    } else if (last || (answered > 0 && answered % 1000 == 0 && answered != reported_)) {
      err_ << "import: " << sent << "/" << total_ << " sent, " << answered << " answered\n";
      reported_ = answered;
    }
  }

  std::ostream& err_;
  const bool terminal_;
  const size_t total_;
  std::mutex mutex_;
  size_t sent_ = 0, answered_ = 0, reported_ = 0;
  std::chrono::steady_clock::time_point drawn_{};
};

std::string Where(const CsvHousehold& household) {
  return "line " + std::to_string(household.line) + ", household " + household.key;
}

}  // namespace

std::string DefaultImportId(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  for (char& c : name) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                         c == ':' || c == '-';
    if (!allowed) c = '-';
  }
  if (name.size() > 128) name.resize(128);
  return name.empty() ? "import" : name;
}

int RunImport(const std::shared_ptr<grpc::Channel>& channel, const ImportOptions& options,
              std::ostream& out, std::ostream& err, bool progress_is_terminal) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in) {
    err << "usulanctl: cannot read " << options.path << "\n";
    return 2;
  }
  auto households = ReadHouseholdsCsv(in);
  if (!households.ok()) {
    err << "usulanctl: " << options.path << ": " << households.status().message() << "\n";
    return 2;
  }
  if (households->size() > kMaxRows) {
    err << "usulanctl: " << options.path << " has " << households->size()
        << " households; an import takes at most " << kMaxRows << ": split the file\n";
    return 2;
  }
  const std::string import_id =
      options.import_id.empty() ? DefaultImportId(options.path) : options.import_id;
  std::vector<const CsvHousehold*> to_send;
  for (const CsvHousehold& household : *households) {
    if (household.local_error.empty()) to_send.push_back(&household);
  }

  std::map<int64_t, v1::ImportRowResult> results;  // by row number (= line)
  grpc::Status status = grpc::Status::OK;
  if (!to_send.empty()) {
    Progress progress(err, progress_is_terminal, to_send.size());
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::hours(1));
    if (!options.token.empty()) context.AddMetadata("authorization", "Bearer " + options.token);
    auto stub = v1::ProposalService::NewStub(channel);
    auto stream = stub->ImportProposals(&context);
    // Rows go out while results come back: the server answers each chunk as soon
    // as it is stored.
    std::thread writer([&] {
      for (const CsvHousehold* household : to_send) {
        v1::ImportProposalsRequest row;
        row.set_request_id(import_id);
        row.set_row_number(household->line);
        *row.mutable_proposal() = household->proposal;
        if (!stream->Write(row)) break;
        progress.Sent();
      }
      stream->WritesDone();
    });
    v1::ImportRowResult result;
    while (stream->Read(&result)) {
      results[result.row_number()] = result;
      progress.Answered();
    }
    writer.join();
    status = stream->Finish();
    progress.Done();
  }

  size_t accepted = 0, earlier = 0, unanswered = 0;
  std::map<std::string, size_t> refused_by_code;
  std::vector<std::string> refused_lines, accepted_lines;
  for (const CsvHousehold& household : *households) {
    if (!household.local_error.empty()) {
      ++refused_by_code["INVALID_ARGUMENT"];
      refused_lines.push_back(Where(household) + ": INVALID_ARGUMENT: " + household.local_error +
                              " (not sent)");
      continue;
    }
    auto found = results.find(household.line);
    if (found == results.end()) {
      ++unanswered;
      continue;
    }
    const v1::ImportRowResult& result = found->second;
    if (result.code() == 0) {
      ++accepted;
      if (result.replayed()) ++earlier;
      accepted_lines.push_back(Where(household) + ": proposal " + result.proposal_id() +
                               (result.replayed() ? " (imported by an earlier run)" : ""));
    } else {
      ++refused_by_code[CodeName(result.code())];
      refused_lines.push_back(Where(household) + ": " + CodeName(result.code()) + ": " +
                              result.message());
    }
  }
  size_t refused = 0;
  for (const auto& [code, count] : refused_by_code) refused += count;

  out << "import " << options.path << " (request_id " << import_id << "): "
      << households->size() << " households\n";
  out << "  accepted  " << accepted;
  if (earlier > 0) out << " (" << earlier << " by an earlier run)";
  out << "\n  refused   " << refused << "\n";
  for (const auto& [code, count] : refused_by_code) out << "    " << code << "  " << count << "\n";
  if (unanswered > 0) out << "  not answered  " << unanswered << "\n";
  if (!status.ok()) {
    out << "the import stopped: " << CodeName(status.error_code()) << ": "
        << status.error_message() << "\n";
    if (unanswered > 0) {
      out << "run the same command again (same request_id) to resume: accepted rows are "
             "not imported twice\n";
    }
  }
  if (!refused_lines.empty()) {
    out << "refused:\n";
    for (const std::string& line : refused_lines) out << "  " << line << "\n";
  }
  if (!accepted_lines.empty()) {
    out << "accepted (DRAFT):\n";
    for (const std::string& line : accepted_lines) out << "  " << line << "\n";
  }
  return refused == 0 && unanswered == 0 && status.ok() ? 0 : 1;
}

}  // namespace usulan::tools
