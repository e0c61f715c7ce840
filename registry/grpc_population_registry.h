// The civil registry (Dukcapil) over the network: workflow::PopulationRegistry
// as a client of usulan.registry.v1.PopulationRegistryService (served in
// development and tests by usulan-registry-sim). Used by usulan-server when
// --registry-address is set.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include "usulan/registry/v1/population_registry.grpc.pb.h"
#include "workflow/population_registry.h"

namespace usulan::registry {

class GrpcPopulationRegistry final : public workflow::PopulationRegistry {
 public:
  // One channel to `address` (host:port), reused by every call; it connects
  // lazily, so constructing never blocks or fails: an unreachable registry shows
  // as UNAVAILABLE per call. Plaintext, like the server's own port: the link to
  // Dukcapil is expected to run through the deployment's TLS proxy or mesh.
  GrpcPopulationRegistry(const std::string& address, std::chrono::milliseconds timeout);

  // One CheckHousehold call with a deadline of `timeout`. UNAVAILABLE, with a
  // message naming the cause (no answer in time, unreachable, the registry's
  // status code, an unusable answer) whenever the registry does not give one
  // usable result per member; the registry's own error text is never passed on.
  // Thread-safe. Logs nothing: the household is personal data.
  absl::StatusOr<std::vector<workflow::MemberCheck>> Check(
      const workflow::Household& household) override;

 private:
  std::chrono::milliseconds timeout_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<registry::v1::PopulationRegistryService::Stub> stub_;
};

// The UNAVAILABLE status a failed call becomes: names the cause and the gRPC code,
// never the remote message (it could quote the request). Exposed for tests.
absl::Status RegistryCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout);

}  // namespace usulan::registry
