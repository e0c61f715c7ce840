#include "tools/usulanctl/register_commands.h"

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>

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
      << "usage: usulanctl register export --cycle YYYY-MM --out DIR [--with-personal-data]\n"
         "                [--public-key AUDIT_PUBLIC_KEY.pem]\n";
  return 2;
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
  if (command.positional.empty() || command.positional[0] != "export") {
    return Usage(err, "unknown register command");
  }
  return Export(command, out, err);
}

}  // namespace usulan::tools
