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

TEST(StringsTest, HexEncodesLowerCase) { EXPECT_EQ(HexEncode("\x01\xAB"), "01ab"); }

}  // namespace
}  // namespace raycloud::strings
