// The civil registry's death list over the network: workflow::DeathList as a
// client of usulan.registry.v1.PopulationRegistryService.ListDeaths. It shares
// the channel of the server's GrpcPopulationRegistry (one --registry-address,
// one TLS configuration, one reconnect keeper, one deadline): Dukcapil is one
// service with one contract, whichever of its calls is made.
#pragma once

#include <chrono>
#include <memory>

#include <grpcpp/channel.h>

#include "usulan/registry/v1/population_registry.grpc.pb.h"
#include "workflow/death_list.h"

namespace usulan::registry {

class GrpcDeathList final : public workflow::DeathList {
 public:
  // The default number of deaths asked for per page.
  static constexpr int kDefaultPageSize = 500;

  // Calls over `channel` (the registry client's: GrpcPopulationRegistry::channel(),
  // which keeps it reconnecting) with a deadline of `timeout` per page, asking
  // for `page_size` (1..kMaxPageSize) deaths per page.
  GrpcDeathList(std::shared_ptr<grpc::Channel> channel, std::chrono::milliseconds timeout,
                int page_size = kDefaultPageSize);

  // One ListDeaths call. INVALID_ARGUMENT (before any call) for a malformed
  // since_date or page_token, or when the registry refuses a page_token;
  // UNAVAILABLE "civil registry unavailable: <cause>; nothing was read, retry
  // later" for no answer in time, no connection, a failed TLS handshake, any
  // other status of the registry, or an answer the decoder refuses
  // (registry/death_list_wire.h). Thread-safe. Logs nothing of the records.
  absl::StatusOr<workflow::DeathPage> Deaths(std::string_view since_date,
                                             std::string_view page_token) override;

 private:
  std::chrono::milliseconds timeout_;
  int page_size_;
  std::unique_ptr<registry::v1::PopulationRegistryService::Stub> stub_;
};

}  // namespace usulan::registry
