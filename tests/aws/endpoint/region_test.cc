#include "aws/endpoint/region.h"

#include <gtest/gtest.h>

namespace raycloud::aws {
namespace {

TEST(RegionTest, ParsesRegionsOfEveryPartition) {
  for (const char* name :
       {"us-east-1", "ap-southeast-7", "cn-northwest-1", "us-gov-west-1", "us-iso-east-1",
        "us-isob-east-1", "eu-isoe-west-1", "eusc-de-east-1", "il-central-1", "mx-central-1"}) {
    auto region = Region::Parse(name);
    ASSERT_TRUE(region.has_value()) << name;
    EXPECT_EQ(region->name(), name);
  }
}

TEST(RegionTest, RejectsMalformedNames) {
  for (const char* name : {"", "US-EAST-1", "us-east", "us east 1", "us-east-1a", "aws-global",
                           "useast1", "us-east-1.", "-us-east-1", "us--east-1"}) {
    auto region = Region::Parse(name);
    ASSERT_FALSE(region.has_value()) << name;
    EXPECT_EQ(region.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(region.error().message.find("us-east-1"), std::string::npos);
  }
}

TEST(RegionTest, KnowsItsPartition) {
  EXPECT_EQ(Region::Parse("us-gov-east-1")->partition().name, "aws-us-gov");
  EXPECT_EQ(Region::Parse("cn-north-1")->partition().name, "aws-cn");
  EXPECT_EQ(Region::Parse("eu-west-3")->partition().name, "aws");
}

TEST(ResolveRegionTest, FlagWinsOverEverything) {
  auto env = MapEnv({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}});
  auto resolved = ResolveRegion({"us-west-2", "ap-south-1"}, env);
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->region.name(), "us-west-2");
  EXPECT_EQ(resolved->source, RegionSource::kFlag);
}

TEST(ResolveRegionTest, AwsRegionThenDefaultRegionThenProfile) {
  auto resolved =
      ResolveRegion({std::nullopt, "ap-south-1"},
                    MapEnv({{"AWS_REGION", "eu-west-1"}, {"AWS_DEFAULT_REGION", "eu-west-2"}}));
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->region.name(), "eu-west-1");
  EXPECT_EQ(resolved->source, RegionSource::kAwsRegionEnv);

  resolved =
      ResolveRegion({std::nullopt, "ap-south-1"}, MapEnv({{"AWS_DEFAULT_REGION", "eu-west-2"}}));
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->region.name(), "eu-west-2");
  EXPECT_EQ(resolved->source, RegionSource::kAwsDefaultRegionEnv);

  // An empty variable counts as unset, as in the SDKs.
  resolved = ResolveRegion({std::nullopt, "ap-south-1"}, MapEnv({{"AWS_REGION", ""}}));
  ASSERT_TRUE(resolved.has_value());
  EXPECT_EQ(resolved->region.name(), "ap-south-1");
  EXPECT_EQ(resolved->source, RegionSource::kProfile);
}

TEST(ResolveRegionTest, MissingRegionIsInvalidArgument) {
  auto resolved = ResolveRegion({}, MapEnv({}));
  ASSERT_FALSE(resolved.has_value());
  EXPECT_EQ(resolved.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(resolved.error().message.find("--region"), std::string::npos);
}

TEST(ResolveRegionTest, MalformedValueNamesItsSource) {
  auto resolved = ResolveRegion({std::nullopt, "us-east-1"}, MapEnv({{"AWS_REGION", "Mars"}}));
  ASSERT_FALSE(resolved.has_value());
  EXPECT_NE(resolved.error().message.find("AWS_REGION"), std::string::npos);
  EXPECT_NE(resolved.error().message.find("Mars"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::aws
