#include "net/cidr.h"

#include <gtest/gtest.h>

namespace raycloud::net {
namespace {

TEST(Ipv4CidrTest, ParsesAndFormats) {
  auto cidr = Ipv4Cidr::Parse("10.0.0.0/16");
  ASSERT_TRUE(cidr);
  EXPECT_EQ(cidr->prefix(), 16);
  EXPECT_EQ(cidr->ToString(), "10.0.0.0/16");
  EXPECT_EQ(cidr->size(), 65536u);
}

TEST(Ipv4CidrTest, RejectsMalformedInputWithAClearMessage) {
  for (const char* bad : {"10.0.0.0", "10.0.0/16", "10.0.0.256/16", "10.0.0.0/33", "a.b.c.d/8",
                          "10.0.0.0/", "10.0.0.0/1x", "", "10..0.0/16"}) {
    EXPECT_FALSE(Ipv4Cidr::Parse(bad)) << bad;
  }
  auto host_bits = Ipv4Cidr::Parse("10.0.0.1/16");
  ASSERT_FALSE(host_bits);
  EXPECT_NE(host_bits.error().message.find("10.0.0.0/16"), std::string::npos);
}

TEST(SubnetCarverTest, SplitsSlash16IntoEightSlash19s) {
  auto blocks = Ipv4Cidr::Parse("10.0.0.0/16")->Split(3);
  ASSERT_EQ(blocks.size(), 8u);
  EXPECT_EQ(blocks[0].ToString(), "10.0.0.0/19");
  EXPECT_EQ(blocks[1].ToString(), "10.0.32.0/19");
  EXPECT_EQ(blocks[7].ToString(), "10.0.224.0/19");
  for (size_t i = 0; i < blocks.size(); ++i) {
    for (size_t j = i + 1; j < blocks.size(); ++j) EXPECT_FALSE(blocks[i].Overlaps(blocks[j]));
  }
}

TEST(SubnetCarverTest, CarvesSlash28sFromTheLastBlock) {
  auto last = Ipv4Cidr::Parse("10.0.0.0/19")->Split(3).back();
  EXPECT_EQ(last.ToString(), "10.0.28.0/22");
  EXPECT_EQ(last.Subnet(28, 0).ToString(), "10.0.28.0/28");
  EXPECT_EQ(last.Subnet(28, 2).ToString(), "10.0.28.32/28");
  EXPECT_TRUE(last.Contains(last.Subnet(28, 5)));
}

}  // namespace
}  // namespace raycloud::net
