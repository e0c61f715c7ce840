#include "tools/usulanctl/audit_commands.h"

#include <google/protobuf/util/time_util.h>
#include <grpcpp/client_context.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <random>

#include "audit/signing.h"
#include "usulan/v1/audit_service.grpc.pb.h"

namespace usulan::tools {
namespace {

using nlohmann::json;
using TimeUtil = google::protobuf::util::TimeUtil;

constexpr int kFindings = 3;  // exit status when verification finds tampering

std::string Flag(const AuditCommand& command, const std::string& name) {
  auto found = command.flags.find(name);
  return found == command.flags.end() ? std::string() : found->second;
}

int Usage(const std::string& problem) {
  std::cerr << "usulanctl: " << problem << "\n";
  return 2;
}

int Failed(const grpc::Status& status) {
  static constexpr const char* kCodes[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int code = status.error_code();
  std::cerr << "error: " << (code >= 0 && code <= 16 ? kCodes[code] : "UNKNOWN") << ": "
            << status.error_message() << "\n";
  return 1;
}

std::unique_ptr<grpc::ClientContext> Context(const AuditCommand& command,
                                             std::chrono::seconds deadline) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + deadline);
  if (!command.token.empty()) context->AddMetadata("authorization", "Bearer " + command.token);
  return context;
}

int64_t Micros(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1'000'000 + t.nanos() / 1000;
}

std::string StateName(v1::ProposalState state) {
  if (state == v1::PROPOSAL_STATE_UNSPECIFIED) return "";
  std::string name = v1::ProposalState_Name(state);
  return name.substr(std::string("PROPOSAL_STATE_").size());
}

std::string FindingName(v1::AuditFindingKind kind) {
  std::string name = v1::AuditFindingKind_Name(kind);
  name = name.substr(std::string("AUDIT_FINDING_KIND_").size());
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// One exported transition as a JSON line; every value the row hash covers, in the
// form the encoding takes it (README, "Verifying the audit trail").
json TransitionLine(const v1::AuditedTransition& row) {
  const v1::Transition& t = row.transition();
  json attributes = json::object();
  for (const auto& [key, value] : t.attributes()) attributes[key] = value;
  json evidence = json::array();
  for (const auto& hash : t.evidence_hashes()) evidence.push_back(hash);
  return json{{"format", "usulan-transition-v1"},
              {"proposal_id", t.proposal_id()},
              {"sequence", t.sequence()},
              {"from_state", StateName(t.from_state())},
              {"to_state", StateName(t.to_state())},
              {"event", t.event()},
              {"actor_id", t.actor_id()},
              {"role", t.role()},
              {"region_code", t.region_code()},
              {"reason", t.reason()},
              {"evidence_hashes", evidence},
              {"attributes", attributes},
              {"request_id", t.request_id()},
              {"at_us", std::to_string(Micros(t.at()))},
              {"at", TimeUtil::ToString(t.at())},
              {"machine_version", t.machine_version()},
              {"prev_hash", row.prev_hash()},
              {"hash", row.hash()},
              {"log_index", row.log_index()},
              {"checkpoint", row.checkpoint_sequence()}};
}

json CheckpointLine(const v1::Checkpoint& c) {
  return json{{"format", "usulan-checkpoint-v1"},
              {"sequence", c.sequence()},
              {"first_log_index", c.first_log_index()},
              {"last_log_index", c.last_log_index()},
              {"transition_count", c.transition_count()},
              {"merkle_root", c.merkle_root()},
              {"previous_hash", c.previous_hash()},
              {"created_at_us", std::to_string(Micros(c.created_at()))},
              {"created_at", TimeUtil::ToString(c.created_at())},
              {"key_id", c.key_id()},
              {"signature", c.signature()},
              {"hash", c.hash()}};
}

// Output: --out FILE or stdout.
class Output {
 public:
  explicit Output(const std::string& path) {
    if (!path.empty()) file_.open(path, std::ios::binary | std::ios::trunc);
  }
  bool ok() const { return !file_.is_open() || file_.good(); }
  bool opened_or_stdout(const std::string& path) const { return path.empty() || file_.is_open(); }
  std::ostream& stream() { return file_.is_open() ? file_ : std::cout; }

 private:
  std::ofstream file_;
};

int KeyGen(const AuditCommand& command) {
  const std::string out = Flag(command, "--out");
  if (out.empty()) return Usage("audit keygen needs --out FILE");
  struct stat existing;
  if (stat(out.c_str(), &existing) == 0) return Usage(out + " exists; not overwriting a key");
  auto pem = audit::SigningKey::GeneratePem();
  if (!pem.ok()) return Usage(std::string(pem.status().message()));
  auto key = audit::SigningKey::FromPem(*pem);
  if (!key.ok()) return Usage(std::string(key.status().message()));
  {
    const mode_t old_mask = umask(077);
    std::ofstream file(out, std::ios::binary);
    umask(old_mask);
    file << *pem;
    if (!file.good()) return Usage("cannot write " + out);
  }
  const std::string public_out = Flag(command, "--public-out");
  if (public_out.empty()) {
    std::cout << key->verifying_key().pem();
  } else {
    std::ofstream file(public_out, std::ios::binary);
    file << key->verifying_key().pem();
    if (!file.good()) return Usage("cannot write " + public_out);
  }
  std::cerr << "audit key " << key->verifying_key().key_id() << " written to " << out << "\n";
  return 0;
}

int Verify(const AuditCommand& command) {
  v1::VerifyChainRequest request;
  const std::string proposal = Flag(command, "--proposal"), region = Flag(command, "--region");
  const bool all = !Flag(command, "--all").empty();
  if ((!proposal.empty()) + (!region.empty()) + all != 1) {
    return Usage("audit verify needs exactly one of --proposal ID, --region CODE, --all");
  }
  if (!proposal.empty()) request.set_proposal_id(proposal);
  if (!region.empty()) request.set_region_prefix(region);
  if (all) request.set_everything(true);
  auto stub = v1::AuditService::NewStub(command.channel);
  v1::VerifyChainResponse response;
  grpc::Status status =
      stub->VerifyChain(Context(command, std::chrono::hours(1)).get(), request, &response);
  if (!status.ok()) return Failed(status);
  std::cout << (response.ok() ? "OK" : "TAMPERING DETECTED") << ": " << response.proposals_checked()
            << " proposals, " << response.transitions_checked() << " transitions, "
            << response.checkpoints_checked() << " checkpoints ("
            << response.checkpoint_roots_recomputed() << " roots recomputed), "
            << response.transitions_not_checkpointed() << " transitions not yet checkpointed\n";
  for (const v1::AuditFinding& finding : response.findings()) {
    std::cout << FindingName(finding.kind());
    if (!finding.proposal_id().empty()) {
      std::cout << " proposal " << finding.proposal_id() << " sequence " << finding.sequence();
    }
    if (finding.checkpoint_sequence() > 0) {
      std::cout << " checkpoint " << finding.checkpoint_sequence();
    }
    std::cout << ": " << finding.detail() << "\n";
  }
  if (response.findings_truncated()) std::cout << "(more findings left out)\n";
  return response.ok() ? 0 : kFindings;
}

bool ParseTime(const std::string& text, google::protobuf::Timestamp* out) {
  return TimeUtil::FromString(text, out);
}

int Export(const AuditCommand& command) {
  v1::ExportTransitionsRequest request;
  request.set_region_prefix(Flag(command, "--region"));
  if (!Flag(command, "--from").empty() &&
      !ParseTime(Flag(command, "--from"), request.mutable_from())) {
    return Usage("--from must be an RFC 3339 time, e.g. 2024-05-01T00:00:00Z");
  }
  if (!Flag(command, "--to").empty() && !ParseTime(Flag(command, "--to"), request.mutable_to())) {
    return Usage("--to must be an RFC 3339 time, e.g. 2024-06-01T00:00:00Z");
  }
  const std::string path = Flag(command, "--out");
  Output output(path);
  if (!output.opened_or_stdout(path)) return Usage("cannot write " + path);
  auto stub = v1::AuditService::NewStub(command.channel);
  auto context = Context(command, std::chrono::hours(6));
  auto reader = stub->ExportTransitions(context.get(), request);
  v1::AuditedTransition row;
  int64_t count = 0;
  while (reader->Read(&row)) {
    output.stream() << TransitionLine(row).dump() << "\n";
    ++count;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) return Failed(status);
  output.stream().flush();
  if (!output.ok()) return Usage("cannot write " + path);
  std::cerr << count << " transitions exported\n";
  return 0;
}

int Checkpoints(const AuditCommand& command) {
  const std::string path = Flag(command, "--out");
  Output output(path);
  if (!output.opened_or_stdout(path)) return Usage("cannot write " + path);
  auto stub = v1::AuditService::NewStub(command.channel);
  int64_t after = 0, count = 0;
  for (;;) {
    v1::ListCheckpointsRequest request;
    request.set_after_sequence(after);
    request.set_page_size(500);
    v1::ListCheckpointsResponse response;
    grpc::Status status =
        stub->ListCheckpoints(Context(command, std::chrono::minutes(5)).get(), request, &response);
    if (!status.ok()) return Failed(status);
    for (const v1::Checkpoint& checkpoint : response.checkpoints()) {
      output.stream() << CheckpointLine(checkpoint).dump() << "\n";
      after = checkpoint.sequence();
      ++count;
    }
    if (response.checkpoints_size() < 500) break;
  }
  output.stream().flush();
  if (!output.ok()) return Usage("cannot write " + path);
  std::cerr << count << " checkpoints written\n";
  return 0;
}

int CreateCheckpoint(const AuditCommand& command) {
  v1::CreateCheckpointRequest request;
  std::string id = Flag(command, "--request-id");
  if (id.empty()) {
    std::random_device random;
    // Seconds, not the clock's nanoseconds: 16 digits in a row are refused (they
    // could be a NIK).
    id = "checkpoint-" +
         std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count()) +
         "-" + std::to_string(random());
  }
  request.set_request_id(id);
  auto stub = v1::AuditService::NewStub(command.channel);
  v1::CreateCheckpointResponse response;
  grpc::Status status =
      stub->CreateCheckpoint(Context(command, std::chrono::minutes(30)).get(), request, &response);
  if (!status.ok()) return Failed(status);
  json line = {{"created", response.created()}};
  if (response.has_checkpoint()) line["checkpoint"] = CheckpointLine(response.checkpoint());
  std::cout << line.dump() << "\n";
  return 0;
}

}  // namespace

bool AuditCommandNeedsServer(const std::vector<std::string>& positional) {
  return !(positional.size() == 1 && positional[0] == "keygen");
}

int RunAuditCommand(const AuditCommand& command) {
  const auto& p = command.positional;
  if (p.size() != 1)
    return Usage("audit needs one of keygen, verify, export, checkpoints, checkpoint");
  if (p[0] == "keygen") return KeyGen(command);
  if (p[0] == "verify") return Verify(command);
  if (p[0] == "export") return Export(command);
  if (p[0] == "checkpoints") return Checkpoints(command);
  if (p[0] == "checkpoint") return CreateCheckpoint(command);
  return Usage("unknown audit command " + p[0]);
}

}  // namespace usulan::tools
