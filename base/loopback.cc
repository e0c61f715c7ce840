#include "base/loopback.h"

#include <arpa/inet.h>

#include <string>

namespace usulan::base {
namespace {

// Removes a gRPC target scheme ("dns:///", "dns:", "ipv4:", "ipv6:").
std::string_view WithoutScheme(std::string_view address) {
  for (std::string_view scheme : {"dns:///", "dns:", "ipv4:", "ipv6:"}) {
    if (address.substr(0, scheme.size()) == scheme) return address.substr(scheme.size());
  }
  return address;
}

// The host of host:port, [v6]:port, a bare v6 address or a bare host.
std::string_view Host(std::string_view address) {
  if (!address.empty() && address.front() == '[') {
    size_t close = address.find(']');
    return close == std::string_view::npos ? std::string_view() : address.substr(1, close - 1);
  }
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return address;
  if (address.find(':') != colon) return address;  // several colons: a bare v6 address
  return address.substr(0, colon);
}

}  // namespace

bool IsLoopbackAddress(std::string_view address) {
  if (address.substr(0, 5) == "unix:") return true;
  const std::string host(Host(WithoutScheme(address)));
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace usulan::base
