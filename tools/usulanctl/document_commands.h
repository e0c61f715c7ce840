// `usulanctl document upload FILE [--media-type TYPE] [--request-id ID]
// [--file-name NAME]`: DocumentService.UploadDocument, printing the document's
// SHA-256 (to cite in a transition) on stdout. The media type defaults from the
// file's extension (.pdf, .jpg/.jpeg, .png); the request id from the file's
// SHA-256, so uploading the same file again replays the first answer; no file
// name is sent unless given (a file's own name may carry a person's name).
//
// `usulanctl document download --proposal ID --sha256 HEX --out FILE`:
// DocumentService.DownloadDocument, written to FILE only once the bytes' SHA-256
// is the one asked for (through FILE.part, renamed).
//
// Exit status: 0 ok, 1 the call failed or the answer did not match, 2 usage.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

namespace usulan::tools {

struct DocumentCommand {
  std::vector<std::string> positional;  // after "document": upload FILE | download
  std::map<std::string, std::string> flags;
  std::shared_ptr<grpc::Channel> channel;
  std::string token;
  // Prints a failed call's code and message (usulanctl's one way) and returns 1.
  std::function<int(const grpc::Status&)> report;
};

int RunDocumentCommand(const DocumentCommand& command, std::ostream& out, std::ostream& err);

}  // namespace usulan::tools
