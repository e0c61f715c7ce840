#include "tools/bench/client.h"

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>

#include "auth/dev_issuer.h"

namespace usulan::bench {

std::string Tokens::For(workflow::Role role, const std::string& region) const {
  auth::MintRequest claims;
  claims.role = role;
  claims.region = region;
  claims.subject = "bench." + std::string(workflow::Name(role)) + "." +
                   (region.empty() ? std::string("national") : region);
  if (role == workflow::Role::kVerifier) claims.subject = VerifierSubject(region);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  claims.issued_at = now - 60;
  claims.lifetime_seconds = 3600;
  auto token = auth::MintToken(key_, claims);
  return token.ok() ? *token : std::string();
}

std::string Tokens::VerifierSubject(const std::string& kabupaten) {
  return "bench.verifier." + kabupaten;
}

Client::Client(const Server& server) {
  grpc::ChannelArguments args;
  // A channel of its own per client: without this, gRPC shares one connection
  // between channels with the same arguments.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  auto made = base::MakeClientChannel(server.address, server.tls, args);
  if (!made.ok()) {  // CheckServer said otherwise: the files changed under us
    std::cerr << "usulan-bench: " << made.status() << "\n";
    std::abort();
  }
  channel = std::move(*made);
  proposals = v1::ProposalService::NewStub(channel);
  deliberations = v1::DeliberationService::NewStub(channel);
  verification = v1::VerificationService::NewStub(channel);
  review = v1::ReviewService::NewStub(channel);
  decisions = v1::DecisionService::NewStub(channel);
  audit = v1::AuditService::NewStub(channel);
}

absl::Status CheckServer(const Server& server) {
  return base::MakeClientChannel(server.address, server.tls).status();
}

std::unique_ptr<grpc::ClientContext> Client::Context(const std::string& token) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

std::string NextRequestId(const std::string& tool) {
  static const std::string random = [] {
    std::random_device device;
    return std::to_string(device());
  }();
  static std::atomic<uint64_t> counter{0};
  return tool + "-" + random + "-" + std::to_string(counter.fetch_add(1));
}

}  // namespace usulan::bench
