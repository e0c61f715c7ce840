// `usulanctl audit ...`: the audit trail's tools for operators and auditors.
//
//   audit keygen --out FILE [--public-out FILE]   new Ed25519 audit key (PEM, mode 600)
//   audit verify --proposal ID | --region CODE | --all
//   audit export [--region CODE] [--from RFC3339] [--to RFC3339] [--out FILE]
//   audit checkpoints [--out FILE]                every checkpoint, for publication
//   audit checkpoint [--request-id ID]            make one now (auditor or system token)
//
// export and checkpoints write JSON Lines in the documented formats (README,
// "Verifying the audit trail"), which tools/audit/verify_export.py and the jq
// recipes there read. Exit status: 0 ok; 1 the call failed; 2 usage error;
// 3 verification found tampering.
#pragma once

#include <grpcpp/channel.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace usulan::tools {

struct AuditCommand {
  std::vector<std::string> positional;  // after "audit"
  std::map<std::string, std::string> flags;
  std::shared_ptr<grpc::Channel> channel;  // null for keygen
  std::string token;
};

// Runs one audit subcommand; returns the exit status. Messages go to stderr.
int RunAuditCommand(const AuditCommand& command);

// True when the subcommand needs the server (all but keygen).
bool AuditCommandNeedsServer(const std::vector<std::string>& positional);

}  // namespace usulan::tools
