#include "aws/endpoint/endpoint_url.h"

#include <gtest/gtest.h>

#include "aws/endpoint/endpoint_resolver.h"
#include "aws/endpoint/partition.h"
#include "common/strings.h"

namespace raycloud::aws {
namespace {

TEST(ParseEndpointUrlTest, SplitsSchemeAuthorityAndPath) {
  auto url = ParseEndpointUrl("http://localhost:5000/base");
  ASSERT_TRUE(url.has_value());
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->authority, "localhost:5000");
  EXPECT_EQ(url->path, "/base");
  EXPECT_EQ(url->NormalizedPath(), "/base/");
  EXPECT_FALSE(url->is_ip);

  auto ip = ParseEndpointUrl("https://10.0.0.1:443");
  ASSERT_TRUE(ip.has_value());
  EXPECT_TRUE(ip->is_ip);
  EXPECT_EQ(ip->NormalizedPath(), "/");
  auto v6 = ParseEndpointUrl("http://[::1]:5000");
  ASSERT_TRUE(v6.has_value());
  EXPECT_TRUE(v6->is_ip);
}

TEST(ParseEndpointUrlTest, RejectsWhatTheRulesReject) {
  for (const char* bad : {"localhost:5000", "ftp://host", "abcde://nota#url", "https://host?x=1",
                          "https://host#frag", "https://", "http://host:port", "https://u@host"}) {
    EXPECT_FALSE(ParseEndpointUrl(bad).has_value()) << bad;
  }
}

TEST(UriEncodeTest, KeepsOnlyUnreserved) {
  EXPECT_EQ(strings::PercentEncode("a-b.c_d~e"), "a-b.c_d~e");
  EXPECT_EQ(strings::PercentEncode("bucket name#!/"), "bucket%20name%23%21%2F");
}

TEST(HostLabelTest, ValidatesLabelsAndBuckets) {
  EXPECT_TRUE(IsValidHostLabel("us-east-1", false));
  EXPECT_FALSE(IsValidHostLabel("us-east.special", false));
  EXPECT_TRUE(IsValidHostLabel("us-east.special", true));
  EXPECT_FALSE(IsValidHostLabel("-bad", false));
  EXPECT_FALSE(IsValidHostLabel(std::string(64, 'a'), false));
  EXPECT_TRUE(IsVirtualHostableS3Bucket("my-bucket", false));
  EXPECT_FALSE(IsVirtualHostableS3Bucket("my.bucket", false));
  EXPECT_TRUE(IsVirtualHostableS3Bucket("my.bucket", true));
  EXPECT_FALSE(IsVirtualHostableS3Bucket("MyBucket", false));
  EXPECT_FALSE(IsVirtualHostableS3Bucket("ab", false));
  EXPECT_FALSE(IsVirtualHostableS3Bucket("192.168.1.1", true));
}

TEST(PartitionTest, MapsRegionsToPartitions) {
  EXPECT_EQ(PartitionForRegion("us-east-1").name, "aws");
  EXPECT_EQ(PartitionForRegion("aws-global").name, "aws");
  EXPECT_EQ(PartitionForRegion("cn-north-1").dns_suffix, "amazonaws.com.cn");
  EXPECT_EQ(PartitionForRegion("aws-cn-global").name, "aws-cn");
  EXPECT_EQ(PartitionForRegion("us-gov-west-1").name, "aws-us-gov");
  EXPECT_EQ(PartitionForRegion("us-iso-east-1").dns_suffix, "c2s.ic.gov");
  EXPECT_EQ(PartitionForRegion("us-isob-east-1").dns_suffix, "sc2s.sgov.gov");
  EXPECT_EQ(PartitionForRegion("eusc-de-east-1").dns_suffix, "amazonaws.eu");
  // Unknown names fall back to the commercial partition, as the SDKs do.
  EXPECT_EQ(PartitionForRegion("local").name, "aws");
  EXPECT_EQ(AllPartitions().front().name, "aws");
}

TEST(S3EndpointTest, RefusesBucketFormsRaycloudDoesNotUse) {
  EndpointParams params;
  params.region = "us-east-1";
  for (const char* bucket : {"arn:aws:s3:us-west-2:123456789012:accesspoint:ap",
                             "mybucket--use1-az4--x-s3", "ap--o0b1d075431d83bebd--op-s3"}) {
    params.bucket = bucket;
    auto endpoint = ResolveEndpoint("s3", params);
    ASSERT_FALSE(endpoint.has_value()) << bucket;
    EXPECT_NE(endpoint.error().message.find("not supported"), std::string::npos);
  }
}

TEST(S3EndpointTest, MotoStyleEndpointUsesPathStyleForIpAndVirtualHostForNames) {
  EndpointParams params;
  params.region = "us-west-2";
  params.bucket = "raycloud-logs";
  params.endpoint = "http://127.0.0.1:5000";
  auto ip = ResolveEndpoint("s3", params);
  ASSERT_TRUE(ip.has_value());
  EXPECT_EQ(ip->url, "http://127.0.0.1:5000/raycloud-logs");
  params.endpoint = "http://localhost:5000";
  params.force_path_style = true;
  auto forced = ResolveEndpoint("s3", params);
  ASSERT_TRUE(forced.has_value());
  EXPECT_EQ(forced->url, "http://localhost:5000/raycloud-logs");
  EXPECT_EQ(forced->signing_region, "us-west-2");
  EXPECT_EQ(forced->signing_name, "s3");
}

}  // namespace
}  // namespace raycloud::aws
