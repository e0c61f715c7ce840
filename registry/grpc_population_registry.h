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

#include "base/channel_keeper.h"
#include "base/tls.h"
#include "registry/source_call.h"
#include "usulan/registry/v1/population_registry.grpc.pb.h"
#include "workflow/population_registry.h"

namespace usulan::registry {

class GrpcPopulationRegistry final : public workflow::PopulationRegistry {
 public:
  // One channel to `address` (host:port), reused by every call: TLS trusting
  // tls.ca_file and presenting tls.cert_file (mTLS: Dukcapil knows its callers),
  // with the shared reconnect backoff (base::MakeClientChannel) and a
  // base::ChannelKeeper, so calls succeed again within about a second of the
  // registry coming back. It
  // connects lazily: an unreachable registry or a failed handshake shows as
  // UNAVAILABLE per call. The errors of base::MakeClientChannel (a bad file;
  // plaintext to a registry that is not loopback), naming the --registry-* flag.
  static absl::StatusOr<std::unique_ptr<GrpcPopulationRegistry>> Connect(
      const std::string& address, const base::ClientTls& tls, std::chrono::milliseconds timeout);

  GrpcPopulationRegistry(std::shared_ptr<grpc::Channel> channel,
                         std::chrono::milliseconds timeout);

  // One CheckHousehold call with a deadline of `timeout`. UNAVAILABLE, with a
  // message naming the cause (no answer in time, unreachable, the registry's
  // status code, an unusable answer) whenever the registry does not give one
  // usable result per member; the registry's own error text is never passed on.
  // A failed TLS handshake says so (and is logged, naming the --registry-* flags).
  // Thread-safe. Logs nothing of the household: it is personal data.
  absl::StatusOr<std::vector<workflow::MemberCheck>> Check(
      const workflow::Household& household) override;

  // The channel to the registry, for the other clients of the same registry
  // (GrpcDeathList), so that they share its TLS, backoff and keeper.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  std::chrono::milliseconds timeout_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<registry::v1::PopulationRegistryService::Stub> stub_;
  // Polls the channel so that it reconnects within about a second of the
  // registry coming back, although every call fails fast meanwhile.
  base::ChannelKeeper keeper_;
};

// How the civil registry's household check names itself in failures.
extern const Source kCivilRegistryCheck;

// The UNAVAILABLE status a failed call becomes: names the cause and the gRPC code,
// never the remote message (it could quote the request). Exposed for tests.
absl::Status RegistryCallFailure(const grpc::Status& status, std::chrono::milliseconds timeout);

}  // namespace usulan::registry
