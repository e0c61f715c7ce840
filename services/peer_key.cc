#include "services/peer_key.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "base/string_view_compat.h"

namespace usulan::services {
namespace {

constexpr std::string_view kIpv4 = "ipv4:";
constexpr std::string_view kIpv6 = "ipv6:";
// Longer than any address text: refused before it is copied for inet_pton.
constexpr size_t kMaxAddressChars = INET6_ADDRSTRLEN;

// ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
bool IsIpv4Mapped(const std::array<unsigned char, 16>& bytes) {
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  return std::equal(std::begin(kMapped), std::end(kMapped), bytes.begin());
}

std::string Ipv4Text(const unsigned char* bytes) {
  char text[INET_ADDRSTRLEN];
  return inet_ntop(AF_INET, bytes, text, sizeof text) == nullptr ? "" : text;
}

std::string Ipv6Text(const std::array<unsigned char, 16>& bytes) {
  char text[INET6_ADDRSTRLEN];
  return inet_ntop(AF_INET6, bytes.data(), text, sizeof text) == nullptr ? "" : text;
}

// The key of an IPv6 address: its /64, or the IPv4 address it maps.
std::string Ipv6Key(std::array<unsigned char, 16> bytes) {
  if (IsIpv4Mapped(bytes)) return Ipv4Text(bytes.data() + 12);
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  const std::string text = Ipv6Text(bytes);
  return text.empty() ? "ipv6" : text + "/64";
}

std::optional<std::array<unsigned char, 16>> ParseIpv6(std::string_view host) {
  std::array<unsigned char, 16> bytes{};
  if (host.size() > kMaxAddressChars ||
      inet_pton(AF_INET6, std::string(host).c_str(), bytes.data()) != 1) {
    return std::nullopt;
  }
  return bytes;
}

// The host of an "ipv6:[host]:port" peer, or nullopt.
std::optional<std::string_view> BracketedHost(std::string_view rest) {
  if (rest.empty() || rest.front() != '[') return std::nullopt;
  const size_t close = rest.find(']');
  if (close == std::string_view::npos) return std::nullopt;
  return rest.substr(1, close - 1);
}

// The exact address of an IP peer (canonical), nullopt for other transports.
std::optional<std::string> PeerAddress(std::string_view peer) {
  if (peer.substr(0, kIpv4.size()) == kIpv4) {
    std::string_view rest = peer.substr(kIpv4.size());
    return CanonicalAddress(rest.substr(0, rest.rfind(':')));
  }
  if (peer.substr(0, kIpv6.size()) == kIpv6) {
    if (auto host = BracketedHost(peer.substr(kIpv6.size()))) return CanonicalAddress(*host);
  }
  return std::nullopt;
}

}  // namespace

std::string PeerKey(std::string_view peer) {
  if (peer.substr(0, kIpv4.size()) == kIpv4) {
    std::string_view rest = peer.substr(kIpv4.size());
    return std::string(rest.substr(0, rest.rfind(':')));
  }
  if (peer.substr(0, kIpv6.size()) == kIpv6) {
    auto host = BracketedHost(peer.substr(kIpv6.size()));
    if (!host) return "ipv6";
    auto bytes = ParseIpv6(*host);
    return bytes ? Ipv6Key(*bytes) : "ipv6";
  }
  return std::string(peer.substr(0, peer.find(':')));
}

std::optional<std::string> CanonicalAddress(std::string_view text) {
  if (text.empty() || text.size() > kMaxAddressChars) return std::nullopt;
  unsigned char v4[4];
  if (inet_pton(AF_INET, std::string(text).c_str(), v4) == 1) return Ipv4Text(v4);
  auto v6 = ParseIpv6(text);
  if (!v6) return std::nullopt;
  std::string canonical = IsIpv4Mapped(*v6) ? Ipv4Text(v6->data() + 12) : Ipv6Text(*v6);
  if (canonical.empty()) return std::nullopt;
  return canonical;
}

absl::StatusOr<std::vector<std::string>> ParseTrustedProxies(std::string_view text,
                                                             std::string_view flag) {
  std::vector<std::string> proxies;
  for (absl::string_view entry : absl::StrSplit(base::AsAbsl(text), ',', absl::SkipWhitespace())) {
    entry = absl::StripAsciiWhitespace(entry);
    std::optional<std::string> address = CanonicalAddress(base::AsStd(entry));
    if (!address) {
      return absl::InvalidArgumentError(base::Concat(
          flag, ": '", entry, "' is not an IPv4 or IPv6 address (exact addresses only)"));
    }
    proxies.push_back(*address);
  }
  return proxies;
}

absl::StatusOr<std::string> ClientKey(std::string_view peer,
                                      const std::vector<std::string>& trusted_proxies,
                                      const std::vector<std::string_view>& forwarded) {
  if (forwarded.empty()) return PeerKey(peer);
  std::optional<std::string> address = PeerAddress(peer);
  if (!address || std::find(trusted_proxies.begin(), trusted_proxies.end(), *address) ==
                      trusted_proxies.end()) {
    return PeerKey(peer);
  }
  std::optional<std::string> client =
      forwarded.size() == 1 ? CanonicalAddress(forwarded.front()) : std::nullopt;
  if (!client) {
    return absl::InvalidArgumentError(base::Concat(
        kClientAddressHeader, " must be one IPv4 or IPv6 address (the proxy's client)"));
  }
  // Counted as a direct client of that address would be.
  if (client->find(':') == std::string::npos) return *client;
  return PeerKey(base::Concat("ipv6:[", *client, "]:0"));
}

}  // namespace usulan::services
