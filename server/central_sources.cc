#include "server/central_sources.h"

#include "base/log.h"
#include "base/string_view_compat.h"
#include "registry/grpc_death_list.h"
#include "registry/grpc_welfare_ranking.h"

namespace usulan::server {

std::string TransportName(const std::string& ca_file, const std::string& cert_file) {
  if (ca_file.empty()) return "plaintext (loopback)";
  return cert_file.empty() ? "TLS" : "mutual TLS";
}

absl::StatusOr<CentralSources> ConnectCentralSources(
    const Config& config, const registry::GrpcPopulationRegistry* registry) {
  CentralSources sources;
  if (registry != nullptr) {
    sources.deaths = std::make_unique<registry::GrpcDeathList>(registry->channel(),
                                                               registry->timeout());
    base::LogEvent("info", "death list", "the civil registry's ListDeaths, as configured above");
  } else {
    sources.deaths = std::make_unique<workflow::UnconfiguredDeathList>();
    base::LogEvent("info", "death list", "none (no --registry-address)");
  }
  if (!config.bps_address.empty()) {
    base::ClientTls tls{config.bps_ca_file, config.bps_cert_file, config.bps_key_file, "--bps-"};
    auto connected = registry::GrpcWelfareRanking::Connect(
        config.bps_address, tls, std::chrono::milliseconds(config.bps_timeout_ms));
    if (!connected.ok()) return connected.status();
    sources.ranking = std::move(*connected);
    base::LogEvent("info", "welfare ranking",
                   base::Concat("gRPC at ", config.bps_address, ", deadline ",
                                config.bps_timeout_ms, " ms, ",
                                TransportName(config.bps_ca_file, config.bps_cert_file)));
  } else {
    sources.ranking = std::make_unique<workflow::UnconfiguredWelfareRanking>();
    base::LogEvent("info", "welfare ranking", "none (no --bps-address)");
  }
  return sources;
}

}  // namespace usulan::server
