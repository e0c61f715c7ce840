// Keeps a long-lived client channel reconnecting promptly after its peer comes
// back (issue 12: submissions kept failing for up to 5 s after the civil
// registry returned).
//
// Why a thread: gRPC advances a channel's connection attempt only while some
// thread polls the channel, that is while a call waits on it, or when its
// backup poller runs (every 5 s). Calls to a channel in TRANSIENT_FAILURE fail
// at once without polling, so however short the reconnect backoff
// (base::kMaxReconnectBackoff), the attempt that would succeed was noticed up to
// 5 s late. This thread watches the channel's state, which polls it.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <grpcpp/channel.h>

namespace usulan::base {

class ChannelKeeper {
 public:
  // Starts watching `channel` (never null). Costs one mostly sleeping thread.
  explicit ChannelKeeper(std::shared_ptr<grpc::Channel> channel);
  // Stops and joins the thread, within one watch slice (kSlice).
  ~ChannelKeeper();
  ChannelKeeper(const ChannelKeeper&) = delete;
  ChannelKeeper& operator=(const ChannelKeeper&) = delete;

  static constexpr std::chrono::milliseconds kSlice{200};

 private:
  void Watch();

  std::shared_ptr<grpc::Channel> channel_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace usulan::base
