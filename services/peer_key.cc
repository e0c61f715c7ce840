#include "services/peer_key.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace usulan::services {
namespace {

constexpr std::string_view kIpv4 = "ipv4:";
constexpr std::string_view kIpv6 = "ipv6:";

std::string Ipv6Key(std::string_view host) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, std::string(host).c_str(), bytes.data()) != 1) return "ipv6";
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(std::begin(kMapped), std::end(kMapped), bytes.begin())) {
    char v4[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, bytes.data() + 12, v4, sizeof v4) != nullptr) return v4;
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  char text[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, bytes.data(), text, sizeof text) == nullptr) return "ipv6";
  return std::string(text) + "/64";
}

}  // namespace

std::string PeerKey(std::string_view peer) {
  if (peer.substr(0, kIpv4.size()) == kIpv4) {
    std::string_view rest = peer.substr(kIpv4.size());
    return std::string(rest.substr(0, rest.rfind(':')));
  }
  if (peer.substr(0, kIpv6.size()) == kIpv6) {
    std::string_view rest = peer.substr(kIpv6.size());
    if (!rest.empty() && rest.front() == '[') {
      const size_t close = rest.find(']');
      if (close != std::string_view::npos) return Ipv6Key(rest.substr(1, close - 1));
    }
    return "ipv6";
  }
  return std::string(peer.substr(0, peer.find(':')));
}

}  // namespace usulan::services
