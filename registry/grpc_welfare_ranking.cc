#include "registry/grpc_welfare_ranking.h"

#include "registry/source_call.h"
#include "registry/welfare_ranking_wire.h"

namespace usulan::registry {
namespace {

const Source kWelfareRanking = {.name = "welfare ranking",
                                 .flag_prefix = "--bps-",
                                 .nothing_done = "nothing was read",
                                 .not_found = "ranking_id: BPS knows no such ranking"};

}  // namespace

absl::StatusOr<std::unique_ptr<GrpcWelfareRanking>> GrpcWelfareRanking::Connect(
    const std::string& address, const base::ClientTls& tls, std::chrono::milliseconds timeout,
    int page_size) {
  auto channel = base::MakeClientChannel(address, tls);
  if (!channel.ok()) return channel.status();
  return std::make_unique<GrpcWelfareRanking>(std::move(*channel), timeout, page_size);
}

GrpcWelfareRanking::GrpcWelfareRanking(std::shared_ptr<grpc::Channel> channel,
                                       std::chrono::milliseconds timeout, int page_size)
    : timeout_(timeout),
      page_size_(page_size),
      channel_(std::move(channel)),
      stub_(bps::v1::WelfareRankingService::NewStub(channel_)),
      keeper_(channel_) {}

absl::StatusOr<workflow::RankingPage> GrpcWelfareRanking::Rankings(std::string_view ranking_id,
                                                                   std::string_view page_token) {
  return PagedCall<bps::v1::ListRankingsResponse>(
      ToWireRankingsRequest(ranking_id, page_size_, page_token), timeout_, kWelfareRanking,
      [this](grpc::ClientContext* context, const bps::v1::ListRankingsRequest& request,
             bps::v1::ListRankingsResponse* response) {
        return stub_->ListRankings(context, request, response);
      },
      [](const bps::v1::ListRankingsResponse& response,
         const bps::v1::ListRankingsRequest& request) {
        return FromWireResponse(response, request);
      });
}

}  // namespace usulan::registry
