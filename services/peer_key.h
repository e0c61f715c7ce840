// Whom a per-client limit counts a call against, from gRPC's peer string
// ("ipv4:192.0.2.7:51234", "ipv6:[2001:db8::1]:51234", "unix:/run/x"). Pure;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace usulan::services {

// The client's address without its port, so that new connections of one client
// share a bucket. IPv6 addresses count by their /64 (one subscriber's network
// usually holds a whole /64, which would otherwise give one client 2^64 buckets);
// IPv4-mapped IPv6 addresses count as the IPv4 address. Anything else (a Unix
// socket, an unknown form) is one key per transport name, e.g. "unix".
std::string PeerKey(std::string_view peer);

}  // namespace usulan::services
