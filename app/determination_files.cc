#include "app/determination_files.h"

#include <algorithm>
#include <array>
#include <tuple>

#include <nlohmann/json.hpp>

#include "app/determination_rows.h"
#include "audit/digest.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "workflow/cycle.h"

namespace usulan::app {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::array<std::string_view, 6> kChangeNames = {
    "LISTED", "CORRECTED", "DEACTIVATED", "REACTIVATED", "DESIL_CHANGED", "PROGRAMME_JOINED"};

absl::Status CheckChange(const DeterminationChange& change, std::string_view cycle) {
  auto fault = [&](std::string_view what) {
    return absl::InternalError(
        base::Concat("determination: a change of entry ", change.entry_id, " ", what));
  };
  if (change.entry_id.empty()) return fault("has no entry id");
  if (std::find(kChangeNames.begin(), kChangeNames.end(), change.change) == kChangeNames.end()) {
    return fault(base::Concat("has the unknown change '", change.change, "'"));
  }
  if (change.cycle != cycle) return fault(base::Concat("belongs to cycle ", change.cycle));
  if (change.desil && (*change.desil < 1 || *change.desil > 10)) {
    return fault("has a desil outside 1..10");
  }
  return absl::OkStatus();
}

// Time, then entry id; the rest only makes the order total, so that equal times
// of one entry still come out the same way every time.
bool CycleOrder(const DeterminationChange& a, const DeterminationChange& b) {
  return std::tie(a.at_micros, a.entry_id, a.change, a.proposal_id) <
         std::tie(b.at_micros, b.entry_id, b.change, b.proposal_id);
}

Json FileEntry(const DeterminationFile& file) {
  return Json{{"name", file.name},
              {"bytes", file.bytes.size()},
              {"sha256", audit::ToHex(audit::Sha256(file.bytes))}};
}

// Pretty-printed with a final newline, so that a receiver reads it as it is and
// the signature covers exactly the bytes on disk.
std::string Manifest(std::string_view cycle, const std::vector<DeterminationChange>& changes,
                     bool with_personal_data, int64_t generated_at_micros,
                     const std::vector<DeterminationFile>& data_files,
                     const audit::VerifyingKey& key) {
  Json counts = Json::object();
  for (std::string_view name : kChangeNames) counts[std::string(name)] = 0;
  for (const auto& change : changes) counts[change.change] = counts[change.change].get<int64_t>() + 1;
  Json files = Json::array();
  for (const auto& file : data_files) files.push_back(FileEntry(file));
  const Json manifest = {
      {"format", kDeterminationFormat},
      {"cycle", cycle},
      {"generated_at",
       workflow::FormatRfc3339(workflow::Micros(std::chrono::microseconds(generated_at_micros)))},
      {"with_personal_data", with_personal_data},
      {"change_count", changes.size()},
      {"counts", counts},
      {"files", files},
      {"signature", {{"file", kManifestSignatureName}, {"algorithm", "Ed25519"}, {"key_id", key.key_id()}}},
  };
  return manifest.dump(2) + "\n";
}

}  // namespace

absl::StatusOr<std::vector<DeterminationFile>> BuildDetermination(
    std::string_view cycle, std::vector<DeterminationChange> changes, bool with_personal_data,
    const audit::SigningKey& key, int64_t generated_at_micros) {
  USULAN_RETURN_IF_ERROR(workflow::ValidateCycleId(cycle, "cycle"));
  for (const auto& change : changes) USULAN_RETURN_IF_ERROR(CheckChange(change, cycle));
  std::sort(changes.begin(), changes.end(), CycleOrder);

  std::vector<DeterminationFile> files;
  files.push_back({DeterminationCsvName(cycle), CsvHeader(with_personal_data)});
  files.push_back({DeterminationJsonlName(cycle), ""});
  for (const auto& change : changes) {
    files[0].bytes += CsvRow(change, with_personal_data);
    files[1].bytes += JsonLine(change, with_personal_data);
  }
  std::string manifest = Manifest(cycle, changes, with_personal_data, generated_at_micros, files,
                                  key.verifying_key());
  USULAN_ASSIGN_OR_RETURN(std::string signature, key.Sign(manifest));
  files.push_back({std::string(kManifestName), std::move(manifest)});
  files.push_back({std::string(kManifestSignatureName), std::move(signature)});
  return files;
}

}  // namespace usulan::app
