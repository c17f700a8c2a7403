#include "aws/auth/profile_config.h"

#include <gtest/gtest.h>

#include "auth_test_util.h"

namespace raycloud::aws {
namespace {

using auth_testing::FakeEnv;
using auth_testing::TempDir;

SharedConfig ParseOk(std::string_view config, std::string_view credentials) {
  auto parsed = SharedConfig::Parse(config, credentials);
  EXPECT_TRUE(parsed.has_value()) << (parsed ? "" : parsed.error().message);
  return parsed ? *parsed : SharedConfig();
}

TEST(ProfileConfigTest, ConfigFileProfilesNeedThePrefixCredentialsFileOnesDoNot) {
  SharedConfig shared = ParseOk(
      "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[ops]\nregion = x\n",
      "[ops]\naws_access_key_id = AKIDOPS\n[profile weird]\naws_access_key_id = A\n");
  EXPECT_EQ(shared.ConfigProfile("dev")->at("region"), "eu-west-1");
  EXPECT_EQ(shared.ConfigProfile("ops"), nullptr);  // [ops] in config is not a profile
  EXPECT_NE(shared.CredentialsProfile("ops"), nullptr);
  EXPECT_NE(shared.CredentialsProfile("profile weird"), nullptr);  // taken literally
  EXPECT_TRUE(shared.HasProfile("ops"));
  EXPECT_FALSE(shared.HasProfile("weird"));
}

TEST(ProfileConfigTest, ProfileDefaultSectionWinsOverDefault) {
  SharedConfig shared = ParseOk("[profile default]\nregion = a\n[default]\nregion = b\n", "");
  EXPECT_EQ(shared.ConfigProfile("default")->at("region"), "a");
}

TEST(ProfileConfigTest, CredentialsFileWinsKeyByKey) {
  SharedConfig shared =
      ParseOk("[profile dev]\nregion = eu-west-1\naws_access_key_id = FROMCONFIG\n",
              "[dev]\naws_access_key_id = FROMCREDENTIALS\n");
  ProfileValues merged = shared.Merged("dev");
  EXPECT_EQ(merged["aws_access_key_id"], "FROMCREDENTIALS");
  EXPECT_EQ(merged["region"], "eu-west-1");
}

TEST(ProfileConfigTest, ParsesLikeConfigParser) {
  SharedConfig shared = ParseOk(
      "# comment\n; another\n[profile dev]\n"
      "Region: us-west-2\n"
      "role_arn   =  arn:aws:iam::123456789012:role/x  \n"
      "s3 =\n  addressing_style = path\n  max_concurrent_requests=5\n"
      "services = local\n"
      "[services local]\nec2 =\n  endpoint_url = http://localhost:5000\n",
      "");
  auto dev = shared.Profile("dev");
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->region, "us-west-2");
  EXPECT_EQ(dev->Get("role_arn"), "arn:aws:iam::123456789012:role/x");
  EXPECT_EQ(dev->Get("s3.addressing_style"), "path");
  EXPECT_EQ(dev->Get("s3.max_concurrent_requests"), "5");
  EXPECT_EQ(dev->EndpointUrlFor("ec2"), "http://localhost:5000");
  EXPECT_EQ(dev->EndpointUrlFor("s3"), std::nullopt);
}

TEST(ProfileConfigTest, TypedSettings) {
  SharedConfig shared = ParseOk(
      "[profile dev]\nregion = eu-west-1\nretry_mode = adaptive\nmax_attempts = 7\n"
      "endpoint_url = http://localhost:4566\n[profile bad]\nmax_attempts = lots\n",
      "");
  auto dev = shared.Profile("dev");
  ASSERT_TRUE(dev.has_value());
  EXPECT_EQ(dev->retry_mode, "adaptive");
  EXPECT_EQ(dev->max_attempts, 7);
  EXPECT_EQ(dev->EndpointUrlFor("ec2"), "http://localhost:4566");
  EXPECT_FALSE(shared.Profile("bad").has_value());
  auto missing = shared.Profile("missing");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->region.has_value());
}

TEST(ProfileConfigTest, MalformedFilesNameTheLineButNotItsContent) {
  auto before_section = SharedConfig::Parse("region = x\n", "");
  ASSERT_FALSE(before_section.has_value());
  EXPECT_NE(before_section.error().message.find("config line 1"), std::string::npos);
  auto no_delimiter = SharedConfig::Parse("", "[default]\nwJalrXUtnFEMIsecretLine\n");
  ASSERT_FALSE(no_delimiter.has_value());
  EXPECT_NE(no_delimiter.error().message.find("credentials line 2"), std::string::npos);
  EXPECT_EQ(no_delimiter.error().message.find("wJalrXUtnFEMIsecretLine"), std::string::npos);
}

TEST(ProfileConfigTest, LoadsFromHomeOrTheFilesTheEnvironmentNames) {
  TempDir home;
  home.Write(".aws/config", "[default]\nregion = us-east-2\n");
  std::string custom = home.Write("elsewhere/cfg", "[profile x]\nregion = ap-south-1\n");
  FakeEnv env;
  auto loaded = LoadProfileConfig(env.Lookup(), home.path().string());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->region, "us-east-2");

  env.Set("AWS_CONFIG_FILE", "~/elsewhere/cfg");
  env.Set("AWS_PROFILE", "x");
  loaded = LoadProfileConfig(env.Lookup(), home.path().string());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->name, "x");
  EXPECT_EQ(loaded->region, "ap-south-1");

  // --profile wins over AWS_PROFILE; a named profile that does not exist is an error.
  auto missing = LoadProfileConfig(env.Lookup(), home.path().string(), std::string("nope"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message.find("'nope'"), std::string::npos);
}

TEST(ProfileConfigTest, MissingFilesAreEmpty) {
  TempDir home;
  FakeEnv env;
  auto loaded = LoadProfileConfig(env.Lookup(), home.path().string());
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->name, "default");
  EXPECT_TRUE(loaded->values.empty());
}

TEST(ProfileConfigTest, ProfileSelection) {
  FakeEnv env;
  EXPECT_EQ(SelectedProfileName(env.Lookup(), std::nullopt), "default");
  EXPECT_FALSE(ProfileWasNamed(env.Lookup(), std::nullopt));
  env.Set("AWS_DEFAULT_PROFILE", "legacy");
  EXPECT_EQ(SelectedProfileName(env.Lookup(), std::nullopt), "legacy");
  env.Set("AWS_PROFILE", "modern");
  EXPECT_EQ(SelectedProfileName(env.Lookup(), std::nullopt), "modern");
  EXPECT_EQ(SelectedProfileName(env.Lookup(), std::string("flag")), "flag");
  EXPECT_TRUE(ProfileWasNamed(env.Lookup(), std::nullopt));
}

}  // namespace
}  // namespace raycloud::aws
