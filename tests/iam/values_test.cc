#include "iam/values.h"

#include <gtest/gtest.h>

namespace raycloud::iam {
namespace {

TEST(ValuesTest, ParsesNumbers) {
  EXPECT_EQ(ParseNumber("10"), 10.0);
  EXPECT_EQ(ParseNumber("-2.5"), -2.5);
  EXPECT_EQ(ParseNumber("+3"), 3.0);
  EXPECT_FALSE(ParseNumber("ten"));
  EXPECT_FALSE(ParseNumber("10x"));
  EXPECT_FALSE(ParseNumber(""));
  EXPECT_FALSE(ParseNumber("inf"));
  EXPECT_FALSE(ParseNumber("nan"));
}

TEST(ValuesTest, ParsesIsoDatesAndEpochSeconds) {
  EXPECT_EQ(ParseDateMillis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseDateMillis("1970-01-02"), 86400000);
  EXPECT_EQ(ParseDateMillis("2020-01-01T00:00:00Z"), 1577836800000);
  EXPECT_EQ(ParseDateMillis("2020-01-01T00:00:00.250Z"), 1577836800250);
  EXPECT_EQ(ParseDateMillis("2020-01-01T02:00:00+02:00"), 1577836800000);
  EXPECT_EQ(ParseDateMillis("2019-12-31T23:00:00-01:00"), 1577836800000);
  EXPECT_EQ(ParseDateMillis("1577836800"), 1577836800000);
  EXPECT_FALSE(ParseDateMillis("yesterday"));
  EXPECT_FALSE(ParseDateMillis("2020-13-01"));
  EXPECT_FALSE(ParseDateMillis("2020-01-01T25"));
}

TEST(ValuesTest, Ipv4NetworksContainTheirAddresses) {
  auto net = ParseIpNetwork("203.0.113.0/24");
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->Contains(*ParseIpNetwork("203.0.113.77")));
  EXPECT_FALSE(net->Contains(*ParseIpNetwork("203.0.114.1")));
  EXPECT_TRUE(ParseIpNetwork("0.0.0.0/0")->Contains(*ParseIpNetwork("8.8.8.8")));
  EXPECT_TRUE(ParseIpNetwork("10.1.2.3")->Contains(*ParseIpNetwork("10.1.2.3")));
  EXPECT_FALSE(ParseIpNetwork("10.1.2.3/33"));
  EXPECT_FALSE(ParseIpNetwork("10.1.2"));
  EXPECT_FALSE(ParseIpNetwork("256.1.1.1"));
}

TEST(ValuesTest, Ipv6NetworksContainTheirAddresses) {
  auto net = ParseIpNetwork("2001:db8::/32");
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->Contains(*ParseIpNetwork("2001:db8:1234::1")));
  EXPECT_FALSE(net->Contains(*ParseIpNetwork("2001:db9::1")));
  EXPECT_TRUE(ParseIpNetwork("::1")->Contains(*ParseIpNetwork("0:0:0:0:0:0:0:1")));
  EXPECT_TRUE(ParseIpNetwork("::ffff:10.0.0.0/104")->Contains(*ParseIpNetwork("::ffff:10.9.9.9")));
  // An IPv4 address is never inside an IPv6 network.
  EXPECT_FALSE(net->Contains(*ParseIpNetwork("10.0.0.1")));
  EXPECT_FALSE(ParseIpNetwork("2001:db8:::1"));
  EXPECT_FALSE(ParseIpNetwork("1:2:3:4:5:6:7:8:9"));
  EXPECT_FALSE(ParseIpNetwork("2001:db8::/129"));
}

}  // namespace
}  // namespace raycloud::iam
