#include "audit/keyed_hash.h"

#include <gtest/gtest.h>

#include "audit/digest.h"

namespace usulan::audit {
namespace {

// RFC 4231 test case 2 (HMAC-SHA-256).
TEST(KeyedHashTest, MatchesRfc4231) {
  EXPECT_EQ(ToHex(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(KeyedHashTest, NikHmacDependsOnKeyAndNik) {
  const std::string key(32, 'k');
  const std::string other_key(32, 'o');
  const std::string nik = "3201014506900001";
  EXPECT_EQ(NikHmac(key, nik).size(), 32u);
  EXPECT_EQ(NikHmac(key, nik), NikHmac(key, nik));
  EXPECT_NE(NikHmac(key, nik), NikHmac(other_key, nik));
  EXPECT_NE(NikHmac(key, nik), NikHmac(key, "3201014506900002"));
  // Keyed: not the plain SHA-256 of the number.
  const Digest plain = Sha256(nik);
  EXPECT_NE(NikHmac(key, nik), std::string(plain.begin(), plain.end()));
}

TEST(KeyedHashTest, FingerprintTellsKeysApart) {
  EXPECT_EQ(NikKeyFingerprint(std::string(32, 'k')), NikKeyFingerprint(std::string(32, 'k')));
  EXPECT_NE(NikKeyFingerprint(std::string(32, 'k')), NikKeyFingerprint(std::string(32, 'o')));
  EXPECT_NE(NikKeyFingerprint(std::string(32, 'k')),
            NikHmac(std::string(32, 'k'), "usulan-nik-key-check"));
}

}  // namespace
}  // namespace usulan::audit
