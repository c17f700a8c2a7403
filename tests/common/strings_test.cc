#include "common/strings.h"

#include <gtest/gtest.h>

namespace raycloud::strings {
namespace {

TEST(StringsTest, SplitKeepsEmptyPieces) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
}

TEST(StringsTest, Base64RoundTrips) {
  std::string decoded;
  ASSERT_TRUE(Base64Decode(Base64Encode("hello world!!"), decoded));
  EXPECT_EQ(decoded, "hello world!!");
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
  EXPECT_FALSE(Base64Decode("abc", decoded));
}

TEST(StringsTest, XmlEscapeKeepsWhitespaceAsReferencesAndDropsOtherControls) {
  EXPECT_EQ(XmlEscape("<a href=\"x\">&'</a>"), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(XmlEscape("a\tb\nc\rd\x01" "e\x7f"), "a&#9;b&#10;c&#13;de\x7f");
  EXPECT_EQ(XmlEscape("caf\xC3\xA9"), "caf\xC3\xA9");
}

TEST(StringsTest, PercentEncodeKeepsOnlyUnreservedAndOptionallySlash) {
  EXPECT_EQ(PercentEncode("a b/c~d_e.f-g*+=&"), "a%20b%2Fc~d_e.f-g%2A%2B%3D%26");
  EXPECT_EQ(PercentEncode("a b/c", /*keep_slash=*/true), "a%20b/c");
}

TEST(StringsTest, HexEncodesLowerCase) { EXPECT_EQ(HexEncode("\x01\xAB"), "01ab"); }

}  // namespace
}  // namespace raycloud::strings
