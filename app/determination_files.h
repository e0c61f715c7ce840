// The cycle's determination (penetapan): every change the register recorded in one
// monthly cycle, as the files its receivers take in (BPJS Kesehatan for PBI-JK, the
// paying Himbara banks, PT Pos; docs/determination.md):
//
//   determination-YYYY-MM.csv    RFC 4180, a header row, one row per change
//   determination-YYYY-MM.jsonl  one JSON object per change
//   manifest.json                cycle, time, variant, counts, each file's size and SHA-256,
//                                the signing key's id
//   manifest.sig                 raw 64-byte Ed25519 signature over manifest.json's bytes,
//                                by the audit key (audit/signing.h), as checkpoints are
//
// Two variants: with personal data (KK number, head's name, members' NIK and name)
// and without (the publication variant), in which no NIK, KK or name appears in any
// file. There is deliberately no field for an objection's objector: the sanggah of
// a neighbour never leaves the service in any variant.
//
// Pure apart from the signature (OpenSSL); the output is a function of the input
// alone (rows sorted by time, then entry id), so building twice gives the same
// bytes. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "audit/signing.h"

namespace usulan::app {

// One change of one register entry (a register_history row joined with its
// proposal and entry), as the register's storage reads it.
struct DeterminationChange {
  std::string entry_id;
  std::string change;  // LISTED | CORRECTED | DEACTIVATED | REACTIVATED | DESIL_CHANGED
  std::string proposal_id;  // empty for DESIL_CHANGED (no proposal: a BPS ranking file)
  std::string kind;         // NEW | CORRECTION | ... ; empty for DESIL_CHANGED
  std::string route;        // VILLAGE | CITIZEN_PROPOSAL | ... ; empty for DESIL_CHANGED
  std::string decree_number;
  std::string cycle;  // YYYY-MM: must be the determination's cycle
  std::string province_code, kabupaten_code, kecamatan_code, desa_code;
  std::optional<int> desil;  // the entry's desil after the change, 1..10
  int64_t at_micros = 0;     // when the change was recorded (UTC)
  // Personal data, filled only for callers entitled to it; ignored (never written)
  // unless the determination is built with personal data.
  std::string kk_number, head_name;
  std::vector<std::pair<std::string, std::string>> members;  // (nik, name)
};

struct DeterminationFile {
  std::string name;   // e.g. "determination-2026-11.csv"
  std::string bytes;  // the whole file
};

inline constexpr std::string_view kManifestName = "manifest.json";
inline constexpr std::string_view kManifestSignatureName = "manifest.sig";
inline constexpr std::string_view kDeterminationFormat = "usulan-determination-v1";

// The four files, in this order: the CSV, the JSON Lines, manifest.json,
// manifest.sig. `generated_at_micros` is the caller's "now" (the manifest's
// generated_at; the only input that is not a change).
// INVALID_ARGUMENT naming `cycle` unless it is YYYY-MM; INTERNAL when a change is
// malformed (an unknown change name, another cycle, a desil outside 1..10, an empty
// entry id): changes come from the register, so that is a fault of the server, not
// of the caller; INTERNAL if signing fails.
absl::StatusOr<std::vector<DeterminationFile>> BuildDetermination(
    std::string_view cycle, std::vector<DeterminationChange> changes, bool with_personal_data,
    const audit::SigningKey& key, int64_t generated_at_micros);

// The names of a cycle's data files ("determination-2026-11.csv", ".jsonl");
// inline, so that a receiver (usulanctl) names them without linking app/.
inline std::string DeterminationCsvName(std::string_view cycle) {
  return "determination-" + std::string(cycle) + ".csv";
}
inline std::string DeterminationJsonlName(std::string_view cycle) {
  return "determination-" + std::string(cycle) + ".jsonl";
}

}  // namespace usulan::app
