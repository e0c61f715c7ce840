#include "services/peer_key.h"

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

}  // namespace
}  // namespace usulan::services
