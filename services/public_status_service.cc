#include "services/public_status_service.h"

#include "base/status_macros.h"
#include "base/string_view_compat.h"
#include "services/call_start.h"
#include "services/convert.h"
#include "services/peer_key.h"
#include "services/rpc_log.h"
#include "storage/tx.h"
#include "workflow/person_name.h"
#include "workflow/region.h"
#include "workflow/register_change.h"

namespace usulan::services {
namespace {

// More matches than this in one desa is not a status check any more.
constexpr int kMaxMatches = 20;

// RESOURCE_EXHAUSTED with the wait in whole seconds (rounded up) in the message
// and in milliseconds in the trailing metadata "retry-after-ms", for clients
// that back off by it.
absl::Status Exhausted(grpc::ServerContext& context, std::string_view who,
                       std::chrono::milliseconds wait) {
  context.AddTrailingMetadata("retry-after-ms", std::to_string(wait.count()));
  const int64_t seconds = (wait.count() + 999) / 1000;
  return absl::ResourceExhaustedError(
      base::Concat("too many status checks ", who, "; retry in ", seconds, " s"));
}

// The client's bucket key (services/peer_key.h): the peer's address, or the
// one a trusted proxy forwards for it.
absl::StatusOr<std::string> ClientKeyOf(const grpc::ServerContext& context,
                                        const std::vector<std::string>& trusted_proxies) {
  std::vector<std::string_view> forwarded;
  const auto range = context.client_metadata().equal_range(kClientAddressHeader);
  for (auto it = range.first; it != range.second; ++it) {
    forwarded.emplace_back(it->second.data(), it->second.size());
  }
  return ClientKey(context.peer(), trusted_proxies, forwarded);
}

}  // namespace

PublicStatusServiceImpl::PublicStatusServiceImpl(ServiceContext context,
                                                 const PublicStatusOptions& options)
    : ctx_(context),
      per_client_(options.per_minute, context.clock, options.max_clients, options.burst),
      // One key: its burst is a minute's worth.
      all_clients_(options.global_per_minute, context.clock, 1),
      trusted_proxies_(options.trusted_proxies) {}

grpc::Status PublicStatusServiceImpl::CheckStatus(grpc::ServerContext* context,
                                                  const v1::CheckStatusRequest* request,
                                                  v1::CheckStatusResponse* response) {
  RpcLog log("CheckStatus");
  auto run = [&]() -> absl::Status {
    USULAN_RETURN_IF_ERROR(BeginAnonymousCall(*context, *request, log));
    const workflow::RegionRef region{request->province_code(), request->kabupaten_code(),
                                     request->kecamatan_code(), request->desa_code()};
    USULAN_RETURN_IF_ERROR(workflow::ValidateRegion(region, ""));
    log.set_region_code("desa_code", region.desa_code);
    const std::string name = workflow::NormalizeName(request->full_name());
    USULAN_RETURN_IF_ERROR(workflow::ValidateFullName(name, "full_name"));
    // The client's bucket first: a client over its own rate spends nothing of
    // everyone's.
    USULAN_ASSIGN_OR_RETURN(const std::string client, ClientKeyOf(*context, trusted_proxies_));
    if (auto wait = per_client_.Acquire(client)) {
      return Exhausted(*context, "from your address", *wait);
    }
    if (auto wait = all_clients_.Acquire("")) return Exhausted(*context, "right now", *wait);
    std::vector<storage::PublicStatusRow> rows;
    USULAN_RETURN_IF_ERROR(ctx_.db.InTransaction([&](storage::Tx& tx) -> absl::Status {
      USULAN_ASSIGN_OR_RETURN(
          rows, tx.public_status().FindListedMembers(region.desa_code, name, kMaxMatches));
      return absl::OkStatus();
    }));
    const std::string masked = workflow::MaskName(name);
    for (const storage::PublicStatusRow& row : rows) {
      v1::PublicStatusMatch* match = response->add_matches();
      match->set_masked_name(masked);
      match->set_status(ToProto(row.status));
      for (const std::string& programme : row.programmes) match->add_programmes(programme);
      match->set_since_cycle(row.since_cycle);
      match->set_entry_id(row.entry_id);
    }
    log.set_count("matches", static_cast<int64_t>(rows.size()));
    return absl::OkStatus();
  };
  return log.Finish(run());
}

}  // namespace usulan::services
