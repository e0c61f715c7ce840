// The central data sources a server is configured with (docs/central-sources.md):
// the civil registry's death list and BPS's welfare ranking, each a gRPC client
// when configured, else the port's "not configured" implementation, so that the
// RPCs using them answer FAILED_PRECONDITION instead of failing to start.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "registry/grpc_population_registry.h"
#include "server/config.h"
#include "workflow/death_list.h"
#include "workflow/welfare_ranking.h"

namespace usulan::server {

struct CentralSources {
  std::unique_ptr<workflow::DeathList> deaths;
  std::unique_ptr<workflow::WelfareRanking> ranking;
};

// The death list shares `registry`'s channel and deadline (one Dukcapil, one
// --registry-address); with no remote registry (null: the development table)
// there is none. The welfare ranking connects to --bps-address with the
// --bps-* TLS files and deadline. Logs one line per source (never a secret).
// The errors of base::MakeClientChannel for --bps-* (a bad file; plaintext to a
// non-loopback address), naming the flag.
absl::StatusOr<CentralSources> ConnectCentralSources(
    const Config& config, const registry::GrpcPopulationRegistry* registry);

// How a client with these TLS files talks: "plaintext (loopback)", "TLS" or
// "mutual TLS" (for the log).
std::string TransportName(const std::string& ca_file, const std::string& cert_file);

}  // namespace usulan::server
