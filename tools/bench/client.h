// The benchmark's gRPC side: one channel per client thread (so N clients are N
// HTTP/2 connections, as N real users would be), stubs for every service, and
// bearer tokens for each actor of the lifecycle, minted with the development
// issuer's private JWK (`usulanctl token keygen`) whose JWKS the server trusts.
// A Client is used by one thread at a time; Tokens is immutable and thread-safe.
#pragma once

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>
#include <string>

#include "base/tls.h"
#include "usulan/v1/audit_service.grpc.pb.h"
#include "usulan/v1/decision_service.grpc.pb.h"
#include "usulan/v1/deliberation_service.grpc.pb.h"
#include "usulan/v1/proposal_service.grpc.pb.h"
#include "usulan/v1/review_service.grpc.pb.h"
#include "usulan/v1/verification_service.grpc.pb.h"
#include "workflow/vocabulary.h"

namespace usulan::bench {

class Tokens {
 public:
  explicit Tokens(std::string issuer_jwk) : key_(std::move(issuer_jwk)) {}
  // A token valid for an hour (the server's default maximum lifetime); "" when
  // the key is not a private JWK. Each role gets a subject of its own per region, so
  // separation of duties holds (no one approves twice in a row).
  std::string For(workflow::Role role, const std::string& region) const;
  // The subject of the verifier of a kabupaten (what AssignVerifier names).
  static std::string VerifierSubject(const std::string& kabupaten);

 private:
  std::string key_;
};

// Where the server is and how to reach it: TLS trusting tls.ca_file
// (--tls-ca-file / USULAN_TLS_CA_FILE), with a client certificate for a server
// that requires one; plaintext only to a loopback address without a CA.
struct Server {
  std::string address;
  base::ClientTls tls;
};

struct Client {
  // Its own channel (base::MakeClientChannel, with the shared reconnect backoff).
  // `server` must have been checked with CheckServer: a channel that cannot be
  // made aborts.
  explicit Client(const Server& server);

  // A context with the bearer token and a 60 s deadline.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& token) const;

  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::ProposalService::Stub> proposals;
  std::unique_ptr<v1::DeliberationService::Stub> deliberations;
  std::unique_ptr<v1::VerificationService::Stub> verification;
  std::unique_ptr<v1::ReviewService::Stub> review;
  std::unique_ptr<v1::DecisionService::Stub> decisions;
  std::unique_ptr<v1::AuditService::Stub> audit;
};

// The errors of base::MakeClientChannel for `server` (bad files, plaintext to a
// non-loopback address), before any client thread starts.
absl::Status CheckServer(const Server& server);

// A request id unique to this process run ("<tool>-<random>-<counter>"), so
// reruns against the same database never replay earlier answers.
std::string NextRequestId(const std::string& tool = "bench");

}  // namespace usulan::bench
