// RegisterService.ExportDetermination: the cycle's changes in the caller's region,
// built into the four files of docs/determination.md and streamed.
#include <chrono>
#include <map>
#include <set>

#include "app/determination_files.h"
#include "base/clock.h"
#include "base/status_macros.h"
#include "services/access_record.h"
#include "services/call_start.h"
#include "services/determination_chunks.h"
#include "services/determination_scope.h"
#include "services/digest.h"
#include "services/long_reads.h"
#include "services/register_service.h"
#include "storage/tx.h"

namespace usulan::services {
namespace {

// Rows per page of the cycle's history, and households per personal-data read.
constexpr int kHistoryPage = 1000;
constexpr size_t kHouseholdBatch = 1000;

app::DeterminationChange ToChange(const storage::CycleChangeRecord& row) {
  app::DeterminationChange change;
  const storage::RegisterHistoryRecord& h = row.history;
  change.entry_id = h.entry_id;
  change.change = std::string(workflow::Name(h.change));
  change.proposal_id = h.proposal_id;
  if (row.kind) change.kind = std::string(workflow::Name(*row.kind));
  if (row.route) change.route = std::string(workflow::Name(*row.route));
  change.decree_number = h.decree_number;
  change.cycle = h.cycle;
  change.province_code = row.region.province_code;
  change.kabupaten_code = row.region.kabupaten_code;
  change.kecamatan_code = row.region.kecamatan_code;
  change.desa_code = row.region.desa_code;
  change.desil = h.desil_after;
  change.at_micros = base::UnixMicros(h.at);
  return change;
}

// The household's KK number, head and members on a change. An erased household
// (retention over, docs/personal-data-access.md) leaves them empty.
void AddPersonalData(const storage::DeterminationHouseholdRecord& household,
                     app::DeterminationChange& change) {
  change.kk_number = household.kk_number;
  for (const workflow::Member& member : household.members) {
    if (member.relationship == workflow::Relationship::kHead && change.head_name.empty()) {
      change.head_name = member.name;
    }
    change.members.emplace_back(member.nik, member.name);
  }
}

struct CycleRead {
  std::vector<storage::CycleChangeRecord> rows;
  std::map<std::string, storage::DeterminationHouseholdRecord> households;
};

// Every change of the scope's cycle and region, page by page, and with personal
// data the households they name; in the caller's transaction.
absl::Status ReadCycle(storage::Tx& tx, const DeterminationScope& scope,
                       const grpc::ServerContext& context, CycleRead& out) {
  out = {};
  std::optional<storage::HistoryCursor> after;
  for (;;) {
    if (context.IsCancelled()) return absl::CancelledError("the export was cancelled by the client");
    USULAN_ASSIGN_OR_RETURN(auto page, tx.register_entries().HistoryOfCycle(
                                           scope.cycle, scope.region_prefix, after, kHistoryPage));
    out.rows.insert(out.rows.end(), page.begin(), page.end());
    if (page.size() < static_cast<size_t>(kHistoryPage)) break;
    const storage::RegisterHistoryRecord& last = page.back().history;
    after = storage::HistoryCursor{last.at, last.entry_id, last.sequence};
  }
  if (!scope.with_personal_data) return absl::OkStatus();
  std::set<std::string> wanted;
  for (const auto& row : out.rows) {
    if (!row.household_proposal.empty()) wanted.insert(row.household_proposal);
  }
  std::vector<std::string> batch;
  for (auto it = wanted.begin(); it != wanted.end();) {
    batch.push_back(*it++);
    if (batch.size() == kHouseholdBatch || it == wanted.end()) {
      USULAN_ASSIGN_OR_RETURN(auto households, tx.register_entries().HouseholdsOf(batch));
      out.households.merge(households);
      batch.clear();
    }
  }
  return absl::OkStatus();
}

}  // namespace

grpc::Status RegisterServiceImpl::ExportDetermination(
    grpc::ServerContext* context, const v1::ExportDeterminationRequest* request,
    grpc::ServerWriter<v1::DeterminationFileChunk>* writer) {
  RpcLog log("ExportDetermination");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_ASSIGN_OR_RETURN(DeterminationScope scope, DeterminationScopeFor(actor, *request));
    if (!key_) {
      return absl::FailedPreconditionError(
          "this server has no audit signing key (--audit-key-file), so it cannot sign a "
          "determination; ask its operators to configure one");
    }
    USULAN_ASSIGN_OR_RETURN(std::optional<LongReads::Slot> slot,
                            AcquireLongRead(ctx_.long_reads, "ExportDetermination"));
    std::vector<app::DeterminationFile> files;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      CycleRead read;
      USULAN_RETURN_IF_ERROR(ReadCycle(tx, scope, *context, read));
      std::vector<app::DeterminationChange> changes;
      changes.reserve(read.rows.size());
      for (const auto& row : read.rows) {
        changes.push_back(ToChange(row));
        auto household = read.households.find(row.household_proposal);
        if (household != read.households.end()) AddPersonalData(household->second, changes.back());
      }
      USULAN_ASSIGN_OR_RETURN(files, app::BuildDetermination(scope.cycle, std::move(changes),
                                                             scope.with_personal_data, *key_,
                                                             base::UnixMicros(ctx_.clock.Now())));
      log.set_count("changes", static_cast<int64_t>(read.rows.size()));
      if (!scope.with_personal_data) return absl::OkStatus();
      // Personal data leaves only with its record, committed with the read
      // (docs/personal-data-access.md): the manifest's digest names the cycle,
      // the variant and every file handed out.
      storage::AccessRecord record = AccessBy(actor, "ExportDetermination", ctx_.clock.Now());
      record.scope = scope.region_prefix;
      for (const app::DeterminationFile& file : files) {
        if (file.name == app::kManifestName) record.document_sha256 = Sha256Hex(file.bytes);
      }
      record.outcome = storage::AccessOutcome::kFound;
      record.proposals = static_cast<int>(read.households.size());
      return tx.access_log().RecordDownload(record);
    }));
    std::vector<std::pair<std::string_view, std::string_view>> pieces;
    for (const app::DeterminationFile& file : files) pieces.emplace_back(file.name, file.bytes);
    return WriteFiles(pieces, writer);
  };
  return log.Finish(run());
}

}  // namespace usulan::services
