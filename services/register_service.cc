#include "services/register_service.h"

#include "absl/strings/escaping.h"
#include "app/register_verification.h"
#include "base/ids.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/convert.h"
#include "services/request_checks.h"
#include "services/rpc_log.h"
#include "storage/tx.h"
#include "workflow/region.h"

namespace usulan::services {
namespace {

using workflow::EntryStatus;

void ToProto(const storage::RegisterEntryRecord& e, v1::RegisterEntry* out) {
  out->set_entry_id(e.id);
  services::ToProto(e.region, out->mutable_region());
  out->set_status(services::ToProto(e.status));
  out->set_listed_by(e.listed_by);
  out->set_listed_decree(e.listed_decree);
  out->set_since_cycle(e.since_cycle);
  out->set_desil(e.desil.value_or(0));
  out->set_desil_date(e.desil_date);
  out->set_household_proposal_id(e.household_proposal);
  for (const std::string& programme : e.programmes) out->add_programmes(programme);
  out->set_version(e.version);
  services::ToProto(e.updated_at, out->mutable_updated_at());
}

void ToProto(const storage::RegisterHistoryRecord& h, v1::RegisterHistoryRow* out) {
  out->set_sequence(h.sequence);
  out->set_change(services::ToProto(h.change));
  out->set_proposal_id(h.proposal_id);
  out->set_decree_number(h.decree_number);
  out->set_cycle(h.cycle);
  out->set_status_after(services::ToProto(h.status_after));
  out->set_desil_after(h.desil_after.value_or(0));
  services::ToProto(h.at, out->mutable_at());
  out->set_prev_hash(h.prev_hash);
  out->set_hash(h.hash);
  out->set_encoding(h.encoding);
  out->set_desil_date_after(h.desil_date_after);
  for (const std::string& programme : h.programmes_after) out->add_programmes_after(programme);
}

// Opaque keyset tokens of ListEntries: the (desa code, id) of the page's last
// entry.
std::string EncodeEntryToken(const storage::RegisterCursor& cursor) {
  std::string out;
  absl::WebSafeBase64Escape(base::Concat(cursor.desa_code, "|", cursor.id), &out);
  return out;
}

absl::StatusOr<std::optional<storage::RegisterCursor>> DecodeEntryToken(std::string_view token) {
  if (token.empty()) return std::nullopt;
  const absl::Status invalid =
      absl::InvalidArgumentError("page_token is not a token this service issued");
  std::string raw;
  if (!absl::WebSafeBase64Unescape(base::AsAbsl(token), &raw)) return invalid;
  const size_t bar = raw.find('|');
  if (bar == std::string::npos) return invalid;
  storage::RegisterCursor cursor{raw.substr(0, bar), raw.substr(bar + 1)};
  if (workflow::LevelOf(cursor.desa_code) != workflow::RegionLevel::kVillage ||
      !base::IsUuid(cursor.id)) {
    return invalid;
  }
  return std::make_optional(cursor);
}

}  // namespace

grpc::Status RegisterServiceImpl::GetEntry(grpc::ServerContext* context,
                                           const v1::GetEntryRequest* request,
                                           v1::GetEntryResponse* response) {
  RpcLog log("GetEntry");
  log.set_subject_id("entry_id", request->entry_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_RETURN_IF_ERROR(CheckId("entry_id", request->entry_id()));
    return ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(storage::RegisterEntryRecord entry,
                              tx.register_entries().GetEntry(request->entry_id()));
      // Scope before anything of the entry is answered.
      USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, entry.region.desa_code));
      USULAN_ASSIGN_OR_RETURN(auto history, tx.register_entries().GetHistory(entry.id));
      response->Clear();
      ToProto(entry, response->mutable_entry());
      for (const auto& row : history) ToProto(row, response->add_history());
      log.set_count("history", static_cast<int64_t>(history.size()));
      return absl::OkStatus();
    });
  };
  return log.Finish(run());
}

grpc::Status RegisterServiceImpl::ListEntries(grpc::ServerContext* context,
                                              const v1::ListEntriesRequest* request,
                                              v1::ListEntriesResponse* response) {
  RpcLog log("ListEntries");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    storage::RegisterFilter filter;
    USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    for (int i = 0; i < request->statuses_size(); ++i) {
      switch (request->statuses(i)) {
        case v1::ENTRY_STATUS_ACTIVE:
          filter.statuses.push_back(EntryStatus::kActive);
          break;
        case v1::ENTRY_STATUS_INACTIVE:
          filter.statuses.push_back(EntryStatus::kInactive);
          break;
        default:
          return absl::InvalidArgumentError(
              base::Concat("statuses[", i, "] is not a status (ACTIVE or INACTIVE)"));
      }
    }
    USULAN_ASSIGN_OR_RETURN(filter.limit, CheckPageSize(request->page_size()));
    USULAN_ASSIGN_OR_RETURN(filter.after, DecodeEntryToken(request->page_token()));
    // One row more than the page tells whether another page follows.
    const int page = filter.limit;
    filter.limit = page + 1;
    std::vector<storage::RegisterEntryRecord> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.register_entries().ListEntries(filter));
      return absl::OkStatus();
    }));
    const bool more = static_cast<int>(rows.size()) > page;
    if (more) rows.resize(page);
    for (const auto& row : rows) ToProto(row, response->add_entries());
    if (more) {
      response->set_next_page_token(
          EncodeEntryToken({rows.back().region.desa_code, rows.back().id}));
    }
    log.set_count("rows", static_cast<int64_t>(rows.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status RegisterServiceImpl::CountEntries(grpc::ServerContext* context,
                                               const v1::CountEntriesRequest* request,
                                               v1::CountEntriesResponse* response) {
  RpcLog log("CountEntries");
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    USULAN_ASSIGN_OR_RETURN(std::string prefix,
                            ResolveRegionPrefix(request->region_prefix(), actor.region));
    std::vector<storage::RegisterCountRecord> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(rows, tx.register_entries().CountEntries(prefix));
      return absl::OkStatus();
    }));
    response->set_region_prefix(prefix);
    int64_t active = 0, inactive = 0;
    for (const auto& row : rows) {
      v1::DesaEntryCount* count = response->add_by_desa();
      count->set_desa_code(row.desa_code);
      count->set_active(row.active);
      count->set_inactive(row.inactive);
      active += row.active;
      inactive += row.inactive;
    }
    response->set_active(active);
    response->set_inactive(inactive);
    services::ToProto(ctx_.clock.Now(), response->mutable_as_of());
    log.set_count("entries", active + inactive);
    return absl::OkStatus();
  };
  return log.Finish(run());
}

grpc::Status RegisterServiceImpl::VerifyEntryChain(grpc::ServerContext* context,
                                                   const v1::VerifyEntryChainRequest* request,
                                                   v1::VerifyEntryChainResponse* response) {
  RpcLog log("VerifyEntryChain");
  log.set_subject_id("entry_id", request->entry_id());
  auto run = [&]() -> absl::Status {
    USULAN_ASSIGN_OR_RETURN(workflow::Actor actor,
                            AuthenticateCall(ctx_.authenticator, *context, *request, log));
    const bool one = !request->entry_id().empty();
    if (one) {
      USULAN_RETURN_IF_ERROR(CheckId("entry_id", request->entry_id()));
      if (!request->region_prefix().empty() || request->page_size() != 0 ||
          !request->page_token().empty()) {
        return absl::InvalidArgumentError(
            "region_prefix, page_size and page_token are for a region; give them or entry_id");
      }
    }
    storage::RegisterFilter filter;
    int page = 0;
    if (!one) {
      USULAN_ASSIGN_OR_RETURN(filter.region_prefix,
                              ResolveRegionPrefix(request->region_prefix(), actor.region));
      USULAN_ASSIGN_OR_RETURN(page, CheckPageSize(request->page_size()));
      USULAN_ASSIGN_OR_RETURN(filter.after, DecodeEntryToken(request->page_token()));
      filter.limit = page + 1;  // one more tells whether another page follows
    }
    std::vector<app::EntryChainReport> reports;
    std::optional<storage::RegisterCursor> next;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      std::vector<std::string> ids;
      if (one) {
        USULAN_ASSIGN_OR_RETURN(storage::RegisterEntryRecord entry,
                                tx.register_entries().GetEntry(request->entry_id()));
        // Scope before anything of the entry is answered.
        USULAN_RETURN_IF_ERROR(workflow::CheckScope(actor, entry.region.desa_code));
        ids.push_back(entry.id);
      } else {
        USULAN_ASSIGN_OR_RETURN(auto rows, tx.register_entries().ListEntries(filter));
        if (static_cast<int>(rows.size()) > page) {
          rows.resize(page);
          next = storage::RegisterCursor{rows.back().region.desa_code, rows.back().id};
        }
        for (const auto& row : rows) ids.push_back(row.id);
      }
      USULAN_ASSIGN_OR_RETURN(reports, app::VerifyEntryChains(tx, ids));
      return absl::OkStatus();
    }));
    int64_t rows = 0;
    for (const app::EntryChainReport& report : reports) {
      rows += report.rows;
      for (const audit::RegisterFinding& finding : report.findings) {
        v1::EntryChainFinding* out = response->add_findings();
        out->set_entry_id(report.entry_id);
        out->set_sequence(finding.sequence);
        out->set_kind(std::string(audit::Name(finding.kind)));
        out->set_detail(finding.detail);
      }
    }
    response->set_entries_checked(static_cast<int64_t>(reports.size()));
    response->set_rows_checked(rows);
    response->set_verified(response->findings_size() == 0);
    if (next) response->set_next_page_token(EncodeEntryToken(*next));
    log.set_count("entries", static_cast<int64_t>(reports.size()));
    log.set_count("findings", response->findings_size());
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
