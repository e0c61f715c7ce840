// `usulanctl import FILE.csv`: streams a pre-list to ProposalService.ImportProposals,
// shows progress on stderr (a bar on a terminal, plain lines otherwise) and prints
// a summary on stdout: accepted rows with their proposal ids, refused rows with
// their gRPC code and reason, and counts per code.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include <grpcpp/channel.h>

namespace usulan::tools {

struct ImportOptions {
  std::string path;       // the CSV file (see import_csv.h)
  std::string import_id;  // the import's request_id; empty: derived from the file name
  std::string token;
};

// The import id used when none is given: the file's base name with characters a
// request id may not hold replaced by '-' (e.g. "prelist-maret.csv"), so running
// the same file again resumes it.
std::string DefaultImportId(const std::string& path);

// Exit status: 0 when every household was accepted, 1 when any was refused (here
// or by the server) or the stream failed, 2 when the file cannot be used.
int RunImport(const std::shared_ptr<grpc::Channel>& channel, const ImportOptions& options,
              std::ostream& out, std::ostream& err, bool progress_is_terminal);

}  // namespace usulan::tools
