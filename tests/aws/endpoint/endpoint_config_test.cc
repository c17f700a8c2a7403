#include "aws/endpoint/endpoint_config.h"

#include <gtest/gtest.h>

#include "aws/endpoint/endpoint_services.h"

namespace raycloud::aws {
namespace {

TEST(ServiceEndpointEnvNameTest, UpperCasesServiceIdWithUnderscores) {
  const std::pair<const char*, const char*> expected[] = {
      {"ec2", "AWS_ENDPOINT_URL_EC2"},
      {"iam", "AWS_ENDPOINT_URL_IAM"},
      {"sts", "AWS_ENDPOINT_URL_STS"},
      {"s3", "AWS_ENDPOINT_URL_S3"},
      {"kms", "AWS_ENDPOINT_URL_KMS"},
      {"efs", "AWS_ENDPOINT_URL_EFS"},
      {"memorydb", "AWS_ENDPOINT_URL_MEMORYDB"},
      {"elbv2", "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"},
      {"cloudformation", "AWS_ENDPOINT_URL_CLOUDFORMATION"},
      {"service-quotas", "AWS_ENDPOINT_URL_SERVICE_QUOTAS"},
      {"cloudtrail", "AWS_ENDPOINT_URL_CLOUDTRAIL"},
      {"acm", "AWS_ENDPOINT_URL_ACM"},
      {"budgets", "AWS_ENDPOINT_URL_BUDGETS"},
      {"pricing", "AWS_ENDPOINT_URL_PRICING"},
  };
  for (const auto& [service, env_name] : expected) {
    const ServiceEndpointInfo* info = FindServiceEndpointInfo(service);
    ASSERT_NE(info, nullptr) << service;
    EXPECT_EQ(ServiceEndpointEnvName(*info), env_name);
  }
  EXPECT_EQ(AllServiceEndpointInfos().size(), std::size(expected));
}

TEST(ConfiguredEndpointUrlTest, FlagThenServiceVariableThenGlobalVariable) {
  auto env = MapEnv({{"AWS_ENDPOINT_URL_EC2", "http://ec2.local:4566"},
                     {"AWS_ENDPOINT_URL", "http://localhost:5000"}});
  auto flag = ConfiguredEndpointUrl("ec2", "http://flag:1", env);
  ASSERT_TRUE(flag.has_value());
  EXPECT_EQ((*flag)->url, "http://flag:1");
  EXPECT_EQ((*flag)->source, "--endpoint-url");

  auto service = ConfiguredEndpointUrl("ec2", std::nullopt, env);
  ASSERT_TRUE(service.has_value());
  EXPECT_EQ((*service)->url, "http://ec2.local:4566");
  EXPECT_EQ((*service)->source, "AWS_ENDPOINT_URL_EC2");

  auto global = ConfiguredEndpointUrl("iam", std::nullopt, env);
  ASSERT_TRUE(global.has_value());
  EXPECT_EQ((*global)->url, "http://localhost:5000");

  auto none = ConfiguredEndpointUrl("iam", std::nullopt, MapEnv({}));
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
}

TEST(ConfiguredEndpointUrlTest, IgnoreVariableDropsOnlyEnvironmentValues) {
  auto env = MapEnv({{"AWS_ENDPOINT_URL", "http://localhost:5000"},
                     {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  auto none = ConfiguredEndpointUrl("sts", std::nullopt, env);
  ASSERT_TRUE(none.has_value());
  EXPECT_FALSE(none->has_value());
  auto flag = ConfiguredEndpointUrl("sts", "http://flag:1", env);
  ASSERT_TRUE(flag.has_value());
  EXPECT_EQ((*flag)->url, "http://flag:1");
}

TEST(ConfiguredEndpointUrlTest, RejectsNonUrlsNamingTheSource) {
  auto bad = ConfiguredEndpointUrl(
      "elbv2", std::nullopt, MapEnv({{"AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "localhost"}}));
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2"),
            std::string::npos);
  EXPECT_FALSE(ConfiguredEndpointUrl("nosuchservice", std::nullopt, MapEnv({})).has_value());
}

TEST(ResolveClientEndpointTest, CustomEndpointSignsWithClientRegion) {
  auto endpoint = ResolveClientEndpoint("iam", "eu-west-1", std::nullopt,
                                        MapEnv({{"AWS_ENDPOINT_URL", "http://127.0.0.1:5000"}}));
  ASSERT_TRUE(endpoint.has_value()) << endpoint.error().message;
  EXPECT_EQ(endpoint->url, "http://127.0.0.1:5000");
  EXPECT_EQ(endpoint->signing_region, "eu-west-1");
  EXPECT_EQ(endpoint->signing_name, "iam");
}

TEST(ResolveClientEndpointTest, GlobalIamSignsWithPartitionRegion) {
  auto endpoint = ResolveClientEndpoint("iam", "eu-west-1", std::nullopt, MapEnv({}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->url, "https://iam.amazonaws.com");
  EXPECT_EQ(endpoint->signing_region, "us-east-1");
  endpoint = ResolveClientEndpoint("iam", "cn-northwest-1", std::nullopt, MapEnv({}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->signing_region, "cn-north-1");
  endpoint = ResolveClientEndpoint("iam", "us-gov-east-1", std::nullopt, MapEnv({}));
  ASSERT_TRUE(endpoint.has_value());
  EXPECT_EQ(endpoint->url, "https://iam.us-gov.amazonaws.com");
  EXPECT_EQ(endpoint->signing_region, "us-gov-west-1");
}

TEST(ResolveClientEndpointTest, EnvironmentSelectsFipsDualStackAndLegacyGlobal) {
  auto fips = ResolveClientEndpoint("ec2", "us-east-2", std::nullopt,
                                    MapEnv({{"AWS_USE_FIPS_ENDPOINT", "true"}}));
  ASSERT_TRUE(fips.has_value());
  EXPECT_EQ(fips->url, "https://ec2-fips.us-east-2.amazonaws.com");

  auto dual = ResolveClientEndpoint("elbv2", "eu-west-1", std::nullopt,
                                    MapEnv({{"AWS_USE_DUALSTACK_ENDPOINT", "TRUE"}}));
  ASSERT_TRUE(dual.has_value());
  EXPECT_EQ(dual->url, "https://elasticloadbalancing.eu-west-1.api.aws");

  auto regional = ResolveClientEndpoint("sts", "eu-west-1", std::nullopt, MapEnv({}));
  ASSERT_TRUE(regional.has_value());
  EXPECT_EQ(regional->url, "https://sts.eu-west-1.amazonaws.com");
  auto legacy = ResolveClientEndpoint("sts", "eu-west-1", std::nullopt,
                                      MapEnv({{"AWS_STS_REGIONAL_ENDPOINTS", "legacy"}}));
  ASSERT_TRUE(legacy.has_value());
  EXPECT_EQ(legacy->url, "https://sts.amazonaws.com");
  EXPECT_EQ(legacy->signing_region, "us-east-1");

  auto s3 = ResolveClientEndpoint("s3", "us-east-1", std::nullopt,
                                  MapEnv({{"AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", "legacy"}}));
  ASSERT_TRUE(s3.has_value());
  EXPECT_EQ(s3->url, "https://s3.amazonaws.com");
}

// KMS's rules are the plain regional template (no endpoint-rules cases are vendored for it):
// kms[-fips].REGION.DNS_SUFFIX, signing name kms, in GovCloud too.
TEST(ResolveClientEndpointTest, KmsIsRegionalWithFipsVariants) {
  auto plain = ResolveClientEndpoint("kms", "eu-west-1", std::nullopt, MapEnv({}));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->url, "https://kms.eu-west-1.amazonaws.com");
  EXPECT_EQ(plain->signing_name, "kms");
  auto gov = ResolveClientEndpoint("kms", "us-gov-west-1", std::nullopt,
                                   MapEnv({{"AWS_USE_FIPS_ENDPOINT", "true"}}));
  ASSERT_TRUE(gov.has_value());
  EXPECT_EQ(gov->url, "https://kms-fips.us-gov-west-1.amazonaws.com");
  auto china = ResolveClientEndpoint("kms", "cn-north-1", std::nullopt, MapEnv({}));
  ASSERT_TRUE(china.has_value());
  EXPECT_EQ(china->url, "https://kms.cn-north-1.amazonaws.com.cn");
}

TEST(ResolveClientEndpointTest, FipsWithCustomEndpointIsRefused) {
  auto endpoint = ResolveClientEndpoint("ec2", "us-east-1", "http://localhost:5000",
                                        MapEnv({{"AWS_USE_FIPS_ENDPOINT", "true"}}));
  ASSERT_FALSE(endpoint.has_value());
  EXPECT_EQ(endpoint.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace raycloud::aws
