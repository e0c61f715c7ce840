#include "audit/digest.h"

#include "gtest/gtest.h"

namespace usulan::audit {
namespace {

TEST(DigestTest, Sha256OfKnownInputs) {
  EXPECT_EQ(ToHex(Sha256("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(DigestTest, Sha256StreamEqualsTheOneShotDigestAndStartsAgain) {
  Sha256Stream stream;
  stream.Update("a");
  stream.Update("");
  stream.Update("bc");
  EXPECT_EQ(ToHex(stream.Finish()), ToHex(Sha256("abc")));
  EXPECT_EQ(ToHex(stream.Finish()), ToHex(Sha256("")));
  const std::string long_input(300000, 'x');
  for (size_t at = 0; at < long_input.size(); at += 65536) {
    stream.Update(std::string_view(long_input).substr(at, 65536));
  }
  EXPECT_EQ(stream.Finish(), Sha256(long_input));
}

TEST(DigestTest, HexRoundTripAcceptsOnlyLowerCase64) {
  const std::string hex = ToHex(Sha256("abc"));
  ASSERT_TRUE(DigestFromHex(hex).has_value());
  EXPECT_EQ(ToHex(*DigestFromHex(hex)), hex);
  std::string upper = hex;
  upper[0] = 'B';
  EXPECT_FALSE(DigestFromHex(upper).has_value());
  EXPECT_FALSE(DigestFromHex(hex.substr(1)).has_value());
  EXPECT_FALSE(DigestFromHex(hex + "0").has_value());
  EXPECT_FALSE(DigestFromHex(std::string(63, '0') + "g").has_value());
  EXPECT_TRUE(DigestFromHex(kZeroHash).has_value());
}

TEST(DigestTest, Base64RoundTripAndRefusals) {
  // RFC 4648 section 10 vectors.
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(Base64Decode(Base64Encode(text)), text);
  }
  std::string binary = {'\0', '\xff', '\x10', '\0'};
  EXPECT_EQ(Base64Decode(Base64Encode(binary)), binary);
  EXPECT_FALSE(Base64Decode("Zg=").has_value());
  EXPECT_FALSE(Base64Decode("Z===").has_value());
  EXPECT_FALSE(Base64Decode("Zm9v\n").has_value());
  EXPECT_FALSE(Base64Decode("Zm=v").has_value());
}

}  // namespace
}  // namespace usulan::audit
