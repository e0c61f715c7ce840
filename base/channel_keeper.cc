#include "base/channel_keeper.h"

namespace usulan::base {

ChannelKeeper::ChannelKeeper(std::shared_ptr<grpc::Channel> channel)
    : channel_(std::move(channel)), thread_([this] { Watch(); }) {}

ChannelKeeper::~ChannelKeeper() {
  stop_ = true;
  thread_.join();
}

void ChannelKeeper::Watch() {
  while (!stop_) {
    // Returns on a state change or after the slice; polls the channel meanwhile.
    // An idle channel is left idle: calls start its connection.
    const grpc_connectivity_state state = channel_->GetState(/*try_to_connect=*/false);
    channel_->WaitForStateChange(state, std::chrono::system_clock::now() + kSlice);
  }
}

}  // namespace usulan::base
