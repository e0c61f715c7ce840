// usulan.v1.PublicStatusService: the public status check as Cek Bansos offers it
// (docs/public-status.md). The only RPC without a bearer token
// (BeginAnonymousCall), so it guards itself: a token bucket per client address
// (ClientKey: the peer's, or the one a trusted proxy names) and one for all
// clients together, checked after the edge validation
// and before the database; an exact, keyed-hash name match within one desa, never
// a partial one; answers masked names. Its log line holds the desa code and the
// number of matches, never the name. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "app/rate_limiter.h"
#include "services/service_context.h"
#include "usulan/v1/public_status_service.grpc.pb.h"

namespace usulan::services {

struct PublicStatusOptions {
  int per_minute = 10;          // per client address (--public-status-rate)
  int burst = 5;                // per client address (--public-status-burst)
  int global_per_minute = 600;  // all clients together (--public-status-global-rate)
  size_t max_clients = 10000;   // buckets kept (rate_limiter.h says which go first)
  // Peers whose x-usulan-client-address names the client (--trusted-proxies;
  // canonical addresses, services/peer_key.h): usulan-web, so that each browser
  // has its own bucket.
  std::vector<std::string> trusted_proxies;
};

class PublicStatusServiceImpl final : public v1::PublicStatusService::Service {
 public:
  PublicStatusServiceImpl(ServiceContext context, const PublicStatusOptions& options);

  grpc::Status CheckStatus(grpc::ServerContext* context, const v1::CheckStatusRequest* request,
                           v1::CheckStatusResponse* response) override;

 private:
  ServiceContext ctx_;
  app::RateLimiter per_client_;
  app::RateLimiter all_clients_;
  const std::vector<std::string> trusted_proxies_;
};

}  // namespace usulan::services
