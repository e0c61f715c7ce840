// An audit trail as exported for auditors (JSON Lines, README "Verifying the audit
// trail": `usulanctl audit export` rows and `audit checkpoints` lines), through
// the verifier that recomputes what it claims (audit/verifier.h): hash chains per
// proposal, and each checkpoint's hash, link, signature and coverage. A tampered
// or hostile trail must end in findings, never a crash or a hang.
//
// Input: lines of JSON. A row has "format":"usulan-transition-v1"; a checkpoint
// has "signature"; a line {"expected_version":N} gives every proposal's version
// (none: the proposal row is unknown); a line {"seal":true} makes the harness
// re-hash and re-link each proposal's rows into an honest chain first. Fields
// missing or of another type read as empty or 0.
//
// Properties, each an abort when broken: every finding has a stable name and a
// detail; an honest (sealed) chain of sequences 1..n has no finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/digest.h"
#include "audit/merkle.h"
#include "audit/verifier.h"
#include "fuzz/fail.h"

namespace {

using nlohmann::json;
using usulan::audit::Finding;
using usulan::audit::SignedCheckpoint;
using usulan::audit::StoredRow;

// The trusted audit key, made for fuzzing and trusted by nothing else; the seed
// corpus's checkpoints are signed with its private half (fuzz/make_corpus.sh).
constexpr char kTrustedPem[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MCowBQYDK2VwAyEA0HjRcLxIK5mcIZiY4sJTGplTtIQAhy1FCf9mKeqOfjo=\n"
    "-----END PUBLIC KEY-----\n";

void Fail(const char* what, const std::string& detail = "") {
  usulan::fuzz::Fail("audit_verifier", what, detail);
}

std::string Text(const json& line, const char* name) {
  auto it = line.find(name);
  return it != line.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// proto3 JSON writes 64-bit numbers as strings; both spellings are read.
int64_t Number(const json& line, const char* name) {
  auto it = line.find(name);
  if (it == line.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (!it->is_string()) return 0;
  const std::string text = it->get<std::string>();
  char* end = nullptr;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  return end != nullptr && *end == '\0' ? value : 0;
}

// Reads the named text and number fields of `line` into `out`.
template <typename Fields>
void ReadFields(const json& line, Fields& out,
                std::initializer_list<std::pair<const char*, std::string Fields::*>> texts,
                std::initializer_list<std::pair<const char*, int64_t Fields::*>> numbers) {
  for (const auto& [name, member] : texts) out.*member = Text(line, name);
  for (const auto& [name, member] : numbers) out.*member = Number(line, name);
}

StoredRow ReadRow(const json& line) {
  using F = usulan::audit::TransitionFields;
  StoredRow row;
  F& f = row.fields;
  ReadFields<F>(line, f,
                {{"proposal_id", &F::proposal_id}, {"from_state", &F::from_state},
                 {"to_state", &F::to_state}, {"event", &F::event}, {"actor_id", &F::actor_id},
                 {"role", &F::role}, {"region_code", &F::region_code}, {"reason", &F::reason},
                 {"request_id", &F::request_id}, {"prev_hash", &F::prev_hash}},
                {{"sequence", &F::sequence}, {"at_us", &F::at_us}});
  f.machine_version = static_cast<int>(Number(line, "machine_version"));
  if (auto it = line.find("evidence_hashes"); it != line.end() && it->is_array()) {
    for (const json& hash : *it) {
      if (hash.is_string()) f.evidence_hashes.push_back(hash.get<std::string>());
    }
  }
  if (auto it = line.find("attributes"); it != line.end() && it->is_object()) {
    for (const auto& [key, value] : it->items()) {
      if (value.is_string()) f.attributes[key] = value.get<std::string>();
    }
  }
  row.hash = Text(line, "hash");
  return row;
}

SignedCheckpoint ReadCheckpoint(const json& line) {
  using F = usulan::audit::CheckpointFields;
  SignedCheckpoint checkpoint;
  ReadFields<F>(line, checkpoint.fields,
                {{"merkle_root", &F::merkle_root}, {"previous_hash", &F::previous_hash},
                 {"key_id", &F::key_id}},
                {{"sequence", &F::sequence}, {"first_log_index", &F::first_log_index},
                 {"last_log_index", &F::last_log_index}, {"transition_count", &F::transition_count},
                 {"created_at_us", &F::created_at_us}});
  checkpoint.signature = Text(line, "signature");
  checkpoint.hash = Text(line, "hash");
  return checkpoint;
}

void CheckFindings(const std::vector<Finding>& findings) {
  for (const Finding& finding : findings) {
    if (usulan::audit::Name(finding.kind).empty()) Fail("a finding without a name");
    if (finding.detail.empty()) Fail("a finding without a detail");
  }
}

// The rows as an honest writer would have made them: sequences 1..n in order,
// each linked to and hashed after the one before.
void Seal(std::vector<StoredRow>& rows) {
  std::string previous(64, '0');
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].fields.sequence = static_cast<int64_t>(i) + 1;
    rows[i].fields.prev_hash = previous;
    rows[i].hash = usulan::audit::TransitionHash(rows[i].fields);
    previous = rows[i].hash;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* trusted = [] {
    auto key = usulan::audit::VerifyingKey::FromPem(kTrustedPem);
    if (!key.ok()) Fail("the trusted key does not parse", key.status().ToString());
    return new std::vector<usulan::audit::VerifyingKey>{*key};
  }();

  std::map<std::string, std::vector<StoredRow>> chains;
  std::vector<std::pair<int64_t, std::string>> logged;  // (log_index, row hash)
  std::vector<SignedCheckpoint> checkpoints;
  std::optional<int64_t> expected_version;
  bool seal = false;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!input.empty()) {
    const size_t end = input.find('\n');
    const std::string_view text = input.substr(0, end);
    input = end == std::string_view::npos ? "" : input.substr(end + 1);
    const json line = json::parse(text, nullptr, false);
    if (line.is_discarded() || !line.is_object()) continue;
    if (line.contains("expected_version")) expected_version = Number(line, "expected_version");
    if (auto it = line.find("seal"); it != line.end() && it->is_boolean()) seal = it->get<bool>();
    if (Text(line, "format") == "usulan-transition-v1") {
      StoredRow row = ReadRow(line);
      logged.emplace_back(Number(line, "log_index"), row.hash);
      chains[row.fields.proposal_id].push_back(std::move(row));
    } else if (line.contains("signature")) {
      checkpoints.push_back(ReadCheckpoint(line));
    }
  }

  for (auto& [proposal_id, rows] : chains) {
    if (seal) {
      Seal(rows);
      const auto findings = usulan::audit::VerifyProposalChain(
          proposal_id, rows, static_cast<int64_t>(rows.size()));
      if (!findings.empty()) Fail("an honest chain has a finding:", findings[0].detail);
    } else {
      CheckFindings(usulan::audit::VerifyProposalChain(proposal_id, rows, expected_version));
    }
  }

  std::sort(logged.begin(), logged.end());
  const SignedCheckpoint* previous = nullptr;
  for (const SignedCheckpoint& checkpoint : checkpoints) {
    usulan::audit::MerkleRootBuilder root;
    usulan::audit::Coverage coverage;
    for (const auto& [log_index, hash] : logged) {
      if (log_index < checkpoint.fields.first_log_index ||
          log_index > checkpoint.fields.last_log_index) {
        continue;
      }
      std::optional<usulan::audit::Digest> digest = usulan::audit::DigestFromHex(hash);
      if (!digest) continue;
      root.AddLeafHash(usulan::audit::LeafHash(*digest));
      ++coverage.count;
    }
    coverage.merkle_root = usulan::audit::ToHex(root.Root());
    CheckFindings(usulan::audit::VerifyCheckpoint(checkpoint, previous, *trusted, coverage));
    previous = &checkpoint;
  }
  return 0;
}
