// usulanctl: the operator CLI.
//
//   usulanctl token keygen|mint ...                     (token_commands.h)
//   usulanctl workflow graph [--format mermaid|dot]
//   usulanctl call Service.Method [JSON | @FILE | -]     (JSON answer on stdout)
//   usulanctl history PROPOSAL_ID
//   usulanctl methods
//   usulanctl import FILE.csv [--import-id ID]           (see import_command.h)
//   usulanctl audit keygen|verify|export|checkpoints|checkpoint ...  (audit_commands.h)
//   usulanctl erase-personal-data PROPOSAL_ID --reason TEXT ...      (erase_command.h)
//   usulanctl document upload FILE | download --proposal ID ...       (document_commands.h)
//   usulanctl register get ENTRY_ID | list | count | verify | export | file-deceased |
//     apply-ranking
//                                                                   (register_commands.h)
//
// Calls go to --server (USULAN_SERVER, default 127.0.0.1:50051) with the bearer
// token read from --token-file PATH (mode 0600), else from USULAN_TOKEN; never
// from argv, where every user of the machine could read it (`--token` is
// refused); over TLS trusting --tls-ca-file (USULAN_TLS_CA_FILE), presenting
// --tls-cert-file/--tls-key-file (USULAN_TLS_CERT_FILE/USULAN_TLS_KEY_FILE) to a
// server that requires client certificates; plaintext only without a CA and to
// a loopback server. Exit status: 0 ok, 1 the call failed (the
// gRPC code and message are printed on stderr), 2 usage error, 3 `audit verify`
// found tampering.
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>

#include "base/key_file.h"
#include "base/tls.h"
#include "tools/usulanctl/audit_commands.h"
#include "tools/usulanctl/document_commands.h"
#include "tools/usulanctl/erase_command.h"
#include "tools/usulanctl/history_printer.h"
#include "tools/usulanctl/import_command.h"
#include "tools/usulanctl/register_commands.h"
#include "tools/usulanctl/rpc_table.h"
#include "tools/usulanctl/token_commands.h"
#include "usulan/v1/register_service.grpc.pb.h"
#include "workflow/graph.h"
#include "workflow/machine.h"

namespace {

using namespace usulan;

constexpr const char* kUsage =
    "usage:\n"
    "  usulanctl token keygen --out issuer.jwk --jwks-out jwks.json [--kid KID]\n"
    "  usulanctl token mint --key-file issuer.jwk --subject S --role R [--region CODE]\n"
    "                       [--nik NIK --kk KK]   (role citizen: the person's NIK and KK)\n"
    "            [--issuer I] [--audience A] [--lifetime SECONDS]\n"
    "  usulanctl workflow graph [--format mermaid|dot]\n"
    "  usulanctl call Service.Method [JSON | @FILE | -]\n"
    "  usulanctl history PROPOSAL_ID\n"
    "  usulanctl methods\n"
    "  usulanctl import FILE.csv [--import-id ID]\n"
    "  usulanctl audit keygen --out FILE [--public-out FILE]\n"
    "  usulanctl audit verify --proposal ID | --region CODE | --all\n"
    "  usulanctl audit export [--region CODE] [--from RFC3339] [--to RFC3339] [--out FILE]\n"
    "  usulanctl audit checkpoints [--out FILE] | audit checkpoint [--request-id ID]\n"
    "  usulanctl erase-personal-data PROPOSAL_ID --reason TEXT [--request-id ID]\n"
    "            [--expected-version N]\n"
    "  usulanctl document upload FILE [--media-type TYPE] [--request-id ID] [--file-name NAME]\n"
    "  usulanctl document download --proposal ID --sha256 HEX --out FILE\n"
    "  usulanctl register get ENTRY_ID\n"
    "  usulanctl register list [--region CODE] [--status ACTIVE|INACTIVE] [--page-size N]\n"
    "            [--page-token T]\n"
    "  usulanctl register count [--region CODE]\n"
    "  usulanctl register verify [--entry ENTRY_ID | --region CODE [--page-size N]\n"
    "            [--page-token T]]\n"
    "  usulanctl register export --cycle YYYY-MM --out DIR [--with-personal-data]\n"
    "            [--public-key AUDIT_PUBLIC_KEY.pem]\n"
    "  usulanctl register file-deceased --since YYYY-MM-DD [--region CODE] [--request-id ID]\n"
    "  usulanctl register apply-ranking --ranking-id ID [--request-id ID]\n"
    "global flags: --server ADDR (USULAN_SERVER), --token-file PATH (or USULAN_TOKEN;\n"
    "  never the token itself on the command line), --tls-ca-file PEM (USULAN_TLS_CA_FILE),\n"
    "  --tls-cert-file PEM (USULAN_TLS_CERT_FILE), --tls-key-file PEM (USULAN_TLS_KEY_FILE)\n";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> flags;
};

int Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << "usulanctl: " << problem << "\n";
  std::cerr << kUsage;
  return 2;
}

bool Parse(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    // The flags without a value: audit verify --all, register export --with-personal-data.
    if (arg == "--all" || arg == "--with-personal-data") {
      args.flags[arg] = "true";
    } else if (arg.rfind("--", 0) == 0 && arg.size() > 2) {
      size_t equals = arg.find('=');
      if (equals != std::string::npos) {
        args.flags[arg.substr(0, equals)] = arg.substr(equals + 1);
      } else if (i + 1 < argc) {
        args.flags[arg] = argv[++i];
      } else {
        return false;
      }
    } else {
      args.positional.push_back(arg);
    }
  }
  return true;
}

std::string FlagOrEnv(const Args& args, const std::string& flag, const char* env,
                      const std::string& fallback) {
  if (auto found = args.flags.find(flag); !flag.empty() && found != args.flags.end()) {
    return found->second;
  }
  if (const char* value = std::getenv(env)) return value;
  return fallback;
}

// The channel to --server (base::MakeClientChannel: TLS as the flags say, the
// shared reconnect backoff). Null, with the reason on stderr, for a bad file or
// plaintext to a server that is not loopback.
std::shared_ptr<grpc::Channel> Connect(const Args& args) {
  base::ClientTls tls{FlagOrEnv(args, "--tls-ca-file", "USULAN_TLS_CA_FILE", ""),
                      FlagOrEnv(args, "--tls-cert-file", "USULAN_TLS_CERT_FILE", ""),
                      FlagOrEnv(args, "--tls-key-file", "USULAN_TLS_KEY_FILE", "")};
  auto channel = base::MakeClientChannel(
      FlagOrEnv(args, "--server", "USULAN_SERVER", "127.0.0.1:50051"), tls);
  if (!channel.ok()) {
    std::cerr << "usulanctl: " << channel.status().message() << "\n";
    return nullptr;
  }
  return *channel;
}

// The caller's bearer token: the file named by --token-file (private: mode 0600,
// trailing whitespace dropped), else USULAN_TOKEN, else none. The message of a
// file that cannot be used, for the usage error.
absl::StatusOr<std::string> CallerToken(const Args& args) {
  auto file = args.flags.find("--token-file");
  if (file == args.flags.end()) return FlagOrEnv(args, "", "USULAN_TOKEN", "");
  absl::StatusOr<std::string> token = base::ReadPrivateFile("--token-file", file->second);
  if (!token.ok()) return token.status();
  while (!token->empty() && std::isspace(static_cast<unsigned char>(token->back()))) {
    token->pop_back();
  }
  return token;
}

std::string ReadRequest(const std::string& argument) {
  if (argument == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin), {});
  }
  if (!argument.empty() && argument[0] == '@') {
    std::ifstream in(argument.substr(1));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  return argument;
}

int Report(const grpc::Status& status) {
  static constexpr const char* kCodes[] = {
      "OK",        "CANCELLED",         "UNKNOWN",           "INVALID_ARGUMENT",
      "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",    "PERMISSION_DENIED",
      "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
      "UNIMPLEMENTED", "INTERNAL",      "UNAVAILABLE",       "DATA_LOSS",
      "UNAUTHENTICATED"};
  int code = status.error_code();
  std::cerr << "error: " << (code >= 0 && code <= 16 ? kCodes[code] : "UNKNOWN") << ": "
            << status.error_message() << "\n";
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE &&
      base::IsHandshakeFailure(status.error_message())) {
    std::cerr << "hint: the TLS handshake failed; --tls-ca-file (USULAN_TLS_CA_FILE) must be "
                 "the CA of the server's certificate, and a server that requires client "
                 "certificates needs --tls-cert-file and --tls-key-file\n";
  }
  return 1;
}

int Call(const Args& args, const std::string& method, const std::string& request_json) {
  auto channel = Connect(args);
  if (!channel) return 2;
  const std::string token = *CallerToken(args);  // checked in main
  tools::CallResult result = tools::CallJson(channel, method, request_json, token);
  if (!result.status.ok()) return Report(result.status);
  std::cout << result.response_json << "\n";
  return 0;
}

int History(const Args& args, const std::string& proposal_id) {
  auto channel = Connect(args);
  if (!channel) return 2;
  const std::string token = *CallerToken(args);  // checked in main
  tools::CallResult result = tools::CallJson(
      channel, "AuditService.GetHistory", R"({"proposal_id":")" + proposal_id + R"("})", token);
  if (!result.status.ok()) return Report(result.status);
  v1::GetHistoryResponse history;
  if (!google::protobuf::util::JsonStringToMessage(result.response_json, &history).ok()) {
    std::cerr << "usulanctl: unreadable history answer\n";
    return 1;
  }
  std::cout << "audit history of proposal " << proposal_id << " (" << history.transitions_size()
            << " transitions)\n";
  tools::PrintHistory(history, std::cout);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!Parse(argc, argv, args)) return Usage("a flag is missing its value");
  const auto& p = args.positional;
  if (p.empty()) return Usage("");
  if (args.flags.count("--token") > 0) {
    return Usage(
        "--token is refused: a token on the command line is visible to every user of the "
        "machine (ps, /proc) and stays in shell history; use --token-file PATH (mode 0600) or "
        "the environment variable USULAN_TOKEN");
  }
  if (absl::StatusOr<std::string> token = CallerToken(args); !token.ok()) {
    return Usage(std::string(token.status().message()));
  }
  if (p[0] == "token") {
    return tools::RunTokenCommand({p.begin() + 1, p.end()}, args.flags);
  }
  if (p[0] == "workflow" && p.size() == 2 && p[1] == "graph") {
    std::string format = args.flags.count("--format") ? args.flags.at("--format") : "mermaid";
    if (format == "mermaid") {
      std::cout << workflow::RenderMermaid();
    } else if (format == "dot") {
      std::cout << workflow::RenderDot();
    } else {
      return Usage("--format must be mermaid or dot");
    }
    return 0;
  }
  if (p[0] == "call" && (p.size() == 2 || p.size() == 3)) {
    return Call(args, p[1], ReadRequest(p.size() == 3 ? p[2] : "{}"));
  }
  if (p[0] == "history" && p.size() == 2) return History(args, p[1]);
  if (p[0] == "import" && p.size() == 2) {
    auto channel = Connect(args);
    if (!channel) return 2;
    auto import_id = args.flags.find("--import-id");
    tools::ImportOptions options{p[1],
                                 import_id == args.flags.end() ? "" : import_id->second,
                                 *CallerToken(args)};
    return tools::RunImport(channel, options, std::cout, std::cerr, isatty(STDERR_FILENO));
  }
  if (p[0] == "audit") {
    tools::AuditCommand command{{p.begin() + 1, p.end()}, args.flags, nullptr,
                                *CallerToken(args)};
    if (tools::AuditCommandNeedsServer(command.positional)) {
      command.channel = Connect(args);
      if (!command.channel) return 2;
    }
    return tools::RunAuditCommand(command);
  }
  if (p[0] == "erase-personal-data" && p.size() == 2) {
    auto request = tools::EraseRequestJson(p[1], args.flags, std::cerr);
    if (!request) return Usage("");
    return Call(args, "PersonalDataService.ErasePersonalData", *request);
  }
  if (p[0] == "document") {
    tools::DocumentCommand command{{p.begin() + 1, p.end()}, args.flags, Connect(args),
                                   *CallerToken(args), Report};
    if (!command.channel) return 2;
    return tools::RunDocumentCommand(command, std::cout, std::cerr);
  }
  if (p[0] == "register") {
    tools::RegisterCommand command;
    command.positional = {p.begin() + 1, p.end()};
    std::shared_ptr<grpc::Channel> channel;
    if (command.positional == std::vector<std::string>{"export"}) {
      channel = Connect(args);  // builds the channel; connects on the first call
      if (!channel) return 2;
    }
    command.flags = args.flags;
    command.token = *CallerToken(args);
    command.open_export = [&](grpc::ClientContext* context,
                              const v1::ExportDeterminationRequest& request) {
      return v1::RegisterService::NewStub(channel)->ExportDetermination(context, request);
    };
    command.report = Report;
    command.call_json = [&](const std::string& method, const std::string& request_json) {
      return Call(args, method, request_json);
    };
    std::shared_ptr<grpc::Channel> pages;  // one channel for every page of file-deceased
    command.call_for_answer = [&](const std::string& method, const std::string& request_json,
                                  std::string* response_json) {
      if (!pages) pages = Connect(args);
      if (!pages) return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no channel to the server (see above)");
      tools::CallResult result = tools::CallJson(pages, method, request_json, command.token);
      if (result.status.ok()) *response_json = std::move(result.response_json);
      return result.status;
    };
    return tools::RunRegisterCommand(command, std::cout, std::cerr);
  }
  if (p[0] == "methods" && p.size() == 1) {
    for (const std::string& name : tools::MethodNames()) std::cout << name << "\n";
    return 0;
  }
  return Usage("unknown command");
}
