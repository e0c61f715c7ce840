// `usulanctl register ...`: the register's tools for Pusdatin and the regions.
//
//   register get ENTRY_ID
//   register list [--region CODE] [--status ACTIVE|INACTIVE] [--page-size N] [--page-token T]
//   register count [--region CODE]
//   register verify [--entry ENTRY_ID | --region CODE [--page-size N] [--page-token T]]
//   register export --cycle YYYY-MM --out DIR [--with-personal-data] [--public-key PEM]
//   register file-deceased --since YYYY-MM-DD [--region CODE] [--request-id ID]
//   register apply-ranking --ranking-id ID [--request-id ID]
//
// file-deceased and apply-ranking are Pusdatin's changes from central data
// (docs/central-sources.md: RegisterService.FileDeceasedChanges and
// ApplyWelfareRanking), printing the JSON summary. file-deceased calls once per
// page of the death list, with one request id, until the answer's
// next_page_token is empty, and prints the totals of all pages.
// get, list, count and verify call the RegisterService reads (docs/register.md)
// and print the JSON answer; none carries personal data. verify prints the
// findings and "verified"; its exit status is the call's (0 when the chain could
// be read, whatever it found). export calls RegisterService.ExportDetermination and writes the cycle's
// determination into DIR through DeterminationWriter (determination_writer.h):
// nothing is overwritten, files appear only when every one matches the manifest,
// 0600 with personal data and 0644 without. With --public-key (the published
// audit key, `usulanctl audit keygen --public-out`), manifest.sig must verify too;
// docs/determination.md shows the same check with openssl. Exit status: 0 ok;
// 1 the call or the files failed; 2 usage error.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/support/sync_stream.h>

#include "usulan/v1/determination.pb.h"

namespace usulan::tools {

using DeterminationReader = grpc::ClientReaderInterface<v1::DeterminationFileChunk>;

struct RegisterCommand {
  std::vector<std::string> positional;  // after "register"
  std::map<std::string, std::string> flags;
  std::string token;
  // Starts RegisterService.ExportDetermination (main.cc: the generated stub's
  // call on the channel); a function so that the command is tested without one.
  std::function<std::unique_ptr<DeterminationReader>(grpc::ClientContext*,
                                                     const v1::ExportDeterminationRequest&)>
      open_export;
  // Prints a failed call's status; answers the exit status (main.cc's Report).
  std::function<int(const grpc::Status&)> report;
  // Makes a unary call with a JSON request, prints the JSON answer and answers
  // the exit status (main.cc's Call): get, list and count.
  std::function<int(const std::string& method, const std::string& request_json)> call_json;
  // Makes a unary call with a JSON request and fills `response_json` with the
  // JSON answer when it succeeds, printing nothing (main.cc's CallJson): the
  // pages of file-deceased.
  std::function<grpc::Status(const std::string& method, const std::string& request_json,
                             std::string* response_json)>
      call_for_answer;
};

int RunRegisterCommand(const RegisterCommand& command, std::ostream& out, std::ostream& err);

}  // namespace usulan::tools
