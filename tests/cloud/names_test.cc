#include "cloud/names.h"

#include <gtest/gtest.h>

namespace raycloud::cloud {
namespace {

TEST(NamesTest, CloudNames) {
  EXPECT_TRUE(ValidateCloudName("demo"));
  EXPECT_TRUE(ValidateCloudName("a1-b2"));
  EXPECT_TRUE(ValidateCloudName(std::string(40, 'a')));
  for (const char* bad : {"", "Demo", "1demo", "demo_", "demo-", "de--mo", "demo cloud"}) {
    auto status = ValidateCloudName(bad);
    ASSERT_FALSE(status) << bad;
    EXPECT_EQ(status.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(status.error().message.find("--name"), std::string::npos);
  }
  EXPECT_FALSE(ValidateCloudName(std::string(41, 'a')));
}

TEST(NamesTest, BucketNames) {
  EXPECT_TRUE(ValidateBucketName("raycloud-data-abc123"));
  EXPECT_TRUE(ValidateBucketName("my.bucket.name"));
  for (const char* bad : {"ab", "My-Bucket", "bucket_name", "-bucket", "bucket-", "a..b",
                          "192.168.1.1", "xn--bucket", "bucket-s3alias"}) {
    EXPECT_FALSE(ValidateBucketName(bad)) << bad;
  }
  EXPECT_FALSE(ValidateBucketName(std::string(64, 'a')));
}

TEST(NamesTest, Tags) {
  EXPECT_TRUE(ValidateTag("team", "ml-platform"));
  EXPECT_TRUE(ValidateTag("cost:center", "a b/c=d+e@f"));
  EXPECT_TRUE(ValidateTag("empty", ""));
  EXPECT_FALSE(ValidateTag("aws:owner", "x"));
  EXPECT_FALSE(ValidateTag("AWS:owner", "x"));
  EXPECT_FALSE(ValidateTag("", "x"));
  EXPECT_FALSE(ValidateTag("k", "no#hash"));
  EXPECT_FALSE(ValidateTag("k!", "v"));
  EXPECT_FALSE(ValidateTag(std::string(129, 'k'), "v"));
  EXPECT_FALSE(ValidateTag("k", std::string(257, 'v')));
}

TEST(NamesTest, RegionsAndArns) {
  EXPECT_TRUE(ValidateRegionFormat("us-west-2"));
  EXPECT_TRUE(ValidateRegionFormat("us-gov-west-1"));
  EXPECT_TRUE(ValidateRegionFormat("cn-north-1"));
  EXPECT_FALSE(ValidateRegionFormat("us_west_2"));
  EXPECT_FALSE(ValidateRegionFormat("uswest2"));
  EXPECT_TRUE(ValidatePrincipalArn("arn:aws:iam::123456789012:root", "--p"));
  EXPECT_TRUE(ValidatePrincipalArn("123456789012", "--p"));
  EXPECT_TRUE(ValidatePrincipalArn("arn:aws:iam::123456789012:role/path/ctl", "--p"));
  EXPECT_FALSE(ValidatePrincipalArn("arn:aws:iam::12345:root", "--p"));
  EXPECT_FALSE(ValidatePrincipalArn("arn:aws:s3:::bucket", "--p"));
  EXPECT_TRUE(ValidateRoleArn("arn:aws:iam::123456789012:role/node", "--r"));
  EXPECT_FALSE(ValidateRoleArn("arn:aws:iam::123456789012:user/node", "--r"));
}

TEST(NamesTest, ResourceNamesAreShortenedStably) {
  EXPECT_EQ(ResourceName("demo", "vpc", 64), "demo-vpc");
  std::string long_name = ResourceName(std::string(40, 'a'), "control-plane-role-extra-long", 40);
  EXPECT_EQ(long_name.size(), 40u);
  EXPECT_EQ(long_name, ResourceName(std::string(40, 'a'), "control-plane-role-extra-long", 40));
  EXPECT_NE(long_name, ResourceName(std::string(40, 'a'), "control-plane-role-extra-lonG", 40));
}

}  // namespace
}  // namespace raycloud::cloud
