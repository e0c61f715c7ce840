// Whom a per-client limit counts a call against, from gRPC's peer string
// ("ipv4:192.0.2.7:51234", "ipv6:[2001:db8::1]:51234", "unix:/run/x"), and the
// trusted proxies that may name the client instead (docs/public-status.md,
// "Behind usulan-web"). Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace usulan::services {

// The request metadata in which a trusted proxy (usulan-web) names the address
// of the client it serves: one literal IPv4 or IPv6 address, no port.
inline constexpr char kClientAddressHeader[] = "x-usulan-client-address";

// The client's address without its port, so that new connections of one client
// share a bucket. IPv6 addresses count by their /64 (one subscriber's network
// usually holds a whole /64, which would otherwise give one client 2^64 buckets);
// IPv4-mapped IPv6 addresses count as the IPv4 address. Anything else (a Unix
// socket, an unknown form) is one key per transport name, e.g. "unix".
std::string PeerKey(std::string_view peer);

// A literal IPv4 or IPv6 address (no port, no brackets, no zone) in its
// canonical text ("2001:DB8:0::1" -> "2001:db8::1"; an IPv4-mapped IPv6
// address as the IPv4 address); nullopt for anything else.
std::optional<std::string> CanonicalAddress(std::string_view text);

// --trusted-proxies as given (comma-separated addresses, blanks around them
// ignored) in canonical form; INVALID_ARGUMENT naming `flag` and the first
// entry that is not an address. Exact addresses only, no networks: trusting a
// /64 or a /24 would trust every host in it.
absl::StatusOr<std::vector<std::string>> ParseTrustedProxies(std::string_view text,
                                                             std::string_view flag);

// The key of the call's client. From a peer whose exact address is one of
// `trusted_proxies` (canonical, as ParseTrustedProxies answers) and that sent
// `forwarded` (the values of kClientAddressHeader), the forwarded address
// counted as PeerKey counts a peer; without the header, the proxy itself. From
// any other peer the header is ignored: a client could otherwise spread itself
// over any number of buckets. INVALID_ARGUMENT naming the header when a
// trusted proxy sends it more than once or not as one address.
absl::StatusOr<std::string> ClientKey(std::string_view peer,
                                      const std::vector<std::string>& trusted_proxies,
                                      const std::vector<std::string_view>& forwarded);

}  // namespace usulan::services
