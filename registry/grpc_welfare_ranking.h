// BPS's welfare ranking over the network: workflow::WelfareRanking as a client
// of usulan.bps.v1.WelfareRankingService (served in development and tests by
// usulan-registry-sim). Used by usulan-server when --bps-address is set;
// configured like the civil-registry client (TLS trusting --bps-ca-file,
// presenting --bps-cert-file for mTLS, a deadline per call, the shared
// reconnect backoff and a base::ChannelKeeper).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <grpcpp/channel.h>

#include "base/channel_keeper.h"
#include "base/tls.h"
#include "usulan/bps/v1/welfare_ranking.grpc.pb.h"
#include "workflow/welfare_ranking.h"

namespace usulan::registry {

class GrpcWelfareRanking final : public workflow::WelfareRanking {
 public:
  // The default number of households asked for per page.
  static constexpr int kDefaultPageSize = 1000;

  // One channel to `address` (host:port), connected lazily: an unreachable
  // source or a failed handshake shows as UNAVAILABLE per call. The errors of
  // base::MakeClientChannel (a bad file; plaintext to a source that is not
  // loopback), naming the --bps-* flag (tls.flag_prefix).
  static absl::StatusOr<std::unique_ptr<GrpcWelfareRanking>> Connect(
      const std::string& address, const base::ClientTls& tls, std::chrono::milliseconds timeout,
      int page_size = kDefaultPageSize);

  GrpcWelfareRanking(std::shared_ptr<grpc::Channel> channel, std::chrono::milliseconds timeout,
                     int page_size = kDefaultPageSize);

  // One ListRankings call. INVALID_ARGUMENT (before any call) for a malformed
  // ranking_id or page_token, or when BPS refuses a page_token; NOT_FOUND
  // "ranking_id: BPS knows no such ranking"; UNAVAILABLE "welfare ranking
  // unavailable: <cause>; nothing was read, retry later" for no answer in time,
  // no connection, a failed TLS handshake, any other status, or an answer the
  // decoder refuses (registry/welfare_ranking_wire.h). Thread-safe. Logs nothing
  // of the households.
  absl::StatusOr<workflow::RankingPage> Rankings(std::string_view ranking_id,
                                                 std::string_view page_token) override;

 private:
  std::chrono::milliseconds timeout_;
  int page_size_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<bps::v1::WelfareRankingService::Stub> stub_;
  base::ChannelKeeper keeper_;
};

}  // namespace usulan::registry
