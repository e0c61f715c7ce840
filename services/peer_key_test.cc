#include "services/peer_key.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace usulan::services {
namespace {

TEST(PeerKeyTest, AnAddressWithoutItsPort) {
  EXPECT_EQ(PeerKey("ipv4:192.0.2.7:51234"), "192.0.2.7");
  EXPECT_EQ(PeerKey("ipv4:192.0.2.7:40000"), PeerKey("ipv4:192.0.2.7:51234"));
  EXPECT_NE(PeerKey("ipv4:192.0.2.8:51234"), PeerKey("ipv4:192.0.2.7:51234"));
}

TEST(PeerKeyTest, Ipv6CountsByItsSlash64) {
  EXPECT_EQ(PeerKey("ipv6:[2001:db8:1:2:3:4:5:6]:443"), "2001:db8:1:2::/64");
  EXPECT_EQ(PeerKey("ipv6:[2001:db8:1:2:ffff::1]:443"), "2001:db8:1:2::/64");
  EXPECT_NE(PeerKey("ipv6:[2001:db8:1:3::1]:443"), PeerKey("ipv6:[2001:db8:1:2::1]:443"));
  EXPECT_EQ(PeerKey("ipv6:[::1]:50051"), "::/64");
  // An IPv4 client on a dual-stack socket is its IPv4 address.
  EXPECT_EQ(PeerKey("ipv6:[::ffff:192.0.2.7]:51234"), "192.0.2.7");
}

TEST(PeerKeyTest, OtherTransportsAreOneKeyEach) {
  EXPECT_EQ(PeerKey("unix:/run/usulan.sock"), "unix");
  EXPECT_EQ(PeerKey("ipv6:not-an-address"), "ipv6");
  EXPECT_EQ(PeerKey("ipv6:[zz::1]:1"), "ipv6");
}

TEST(PeerKeyTest, CanonicalAddressAcceptsLiteralAddressesOnly) {
  EXPECT_EQ(CanonicalAddress("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(CanonicalAddress("2001:DB8:0:0::1"), "2001:db8::1");
  EXPECT_EQ(CanonicalAddress("::ffff:192.0.2.7"), "192.0.2.7");  // as Node reports IPv4
  for (const char* bad : {"", "localhost", "192.0.2.7:80", "[2001:db8::1]", "192.0.2.0/24",
                          "192.0.2.7, 192.0.2.8", " 192.0.2.7", "fe80::1%eth0", "1.2.3.4.5"}) {
    EXPECT_EQ(CanonicalAddress(bad), std::nullopt) << bad;
  }
  EXPECT_EQ(CanonicalAddress(std::string(200, '1')), std::nullopt);
}

TEST(PeerKeyTest, TrustedProxiesAreExactAddressesNamedByTheFlag) {
  auto parsed = ParseTrustedProxies(" 192.0.2.1, 2001:DB8::5 ,", "--trusted-proxies");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, (std::vector<std::string>{"192.0.2.1", "2001:db8::5"}));
  EXPECT_TRUE(ParseTrustedProxies("", "--trusted-proxies")->empty());
  auto bad = ParseTrustedProxies("192.0.2.1,10.0.0.0/8", "--trusted-proxies");
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.status().message()),
              ::testing::StartsWith("--trusted-proxies: '10.0.0.0/8' is not an IPv4 or IPv6"));
}

// The key choice: the forwarded address from a trusted proxy, the peer otherwise.
TEST(PeerKeyTest, OnlyATrustedProxyNamesTheClient) {
  const std::vector<std::string> trusted = {"192.0.2.1", "2001:db8::5"};
  // From the proxy, each forwarded address is a client of its own...
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.1:40000", trusted, {"198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.1:40001", trusted, {"198.51.100.8"}), "198.51.100.8");
  EXPECT_EQ(*ClientKey("ipv6:[2001:db8::5]:443", trusted, {"198.51.100.7"}), "198.51.100.7");
  EXPECT_EQ(*ClientKey("ipv6:[::ffff:192.0.2.1]:443", trusted, {"198.51.100.7"}),
            "198.51.100.7");
  // ...counted by the same rules as a direct client (IPv6 by /64, mapped IPv4).
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.1:40000", trusted, {"2001:db8:7:8::1"}),
            "2001:db8:7:8::/64");
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.1:40000", trusted, {"::ffff:198.51.100.7"}),
            "198.51.100.7");
  // Without the header the proxy is a client itself.
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.1:40000", trusted, {}), "192.0.2.1");
  // Control: anyone else's header is ignored, whatever it says.
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.2:40000", trusted, {"198.51.100.7"}), "192.0.2.2");
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.2:40000", trusted, {"junk"}), "192.0.2.2");
  EXPECT_EQ(*ClientKey("ipv6:[2001:db8::6]:443", trusted, {"198.51.100.7"}), "2001:db8::/64");
  EXPECT_EQ(*ClientKey("unix:/run/usulan.sock", trusted, {"198.51.100.7"}), "unix");
  EXPECT_EQ(*ClientKey("ipv4:192.0.2.1:40000", {}, {"198.51.100.7"}), "192.0.2.1");
}

TEST(PeerKeyTest, ATrustedProxysMalformedHeaderIsRefusedNamingIt) {
  const std::vector<std::string> trusted = {"192.0.2.1"};
  for (const std::vector<std::string_view>& bad :
       std::vector<std::vector<std::string_view>>{
           {""}, {"198.51.100.7:5555"}, {"198.51.100.7, 10.0.0.1"}, {"client.example"},
           {"198.51.100.7", "198.51.100.8"}}) {
    auto key = ClientKey("ipv4:192.0.2.1:40000", trusted, bad);
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument) << bad.front();
    EXPECT_THAT(std::string(key.status().message()),
                ::testing::StartsWith("x-usulan-client-address must be one IPv4 or IPv6 address"));
  }
}

}  // namespace
}  // namespace usulan::services
