// What one caller, or many, may hold of the server: threads, streams per
// connection, idle and old connections, handshakes, and long reads. The
// defaults are the flags' (config.cc); docs/limits.md explains each bound and
// what a caller beyond it sees.
#pragma once

#include <chrono>

#include <grpcpp/server_builder.h>

namespace usulan::server {

struct ServerLimits {
  // gRPC threads (grpc::ResourceQuota::SetMaxThreads). One of them keeps polling,
  // so max_threads - 1 calls run at once; a call arriving when none is free is
  // answered RESOURCE_EXHAUSTED by gRPC without running. At least 2.
  int max_threads = 256;
  // Concurrent calls on one HTTP/2 connection (SETTINGS_MAX_CONCURRENT_STREAMS);
  // a client queues the calls beyond it on its side.
  int max_streams_per_connection = 100;
  // A connection without a call for this long gets a GOAWAY and is closed.
  std::chrono::milliseconds max_connection_idle = std::chrono::minutes(5);
  // Any connection is sent a GOAWAY after this long (gRPC adds +-10% jitter),
  // and closed `grace` later whatever its calls are doing.
  std::chrono::milliseconds max_connection_age = std::chrono::hours(1);
  std::chrono::milliseconds max_connection_age_grace = std::chrono::minutes(5);
  // The server pings each connection after this long without traffic and closes
  // it if no answer comes within keepalive_timeout: a vanished peer's socket
  // does not linger until the idle or age bound.
  std::chrono::milliseconds keepalive_time = std::chrono::minutes(2);
  std::chrono::milliseconds keepalive_timeout = std::chrono::seconds(20);
  // A client may ping at most this often; after 2 pings that come sooner
  // ("strikes") it gets GOAWAY ENHANCE_YOUR_CALM "too_many_pings".
  std::chrono::milliseconds min_client_ping_interval = std::chrono::minutes(1);
  // A new connection must finish its handshake and send its HTTP/2 SETTINGS
  // within this, or it is closed (gRPC's own default is 2 minutes).
  std::chrono::milliseconds handshake_timeout = std::chrono::seconds(10);
  // Reads over the whole audit trail at once (services/long_reads.h).
  int max_long_reads = 4;
};

// Sets the thread quota, the per-connection stream bound, the connection
// lifetimes, keepalive enforcement and the handshake timeout on `builder`.
void ApplyLimits(const ServerLimits& limits, grpc::ServerBuilder& builder);

}  // namespace usulan::server
