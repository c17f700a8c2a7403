#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;

constexpr char kRole[] = "arn:aws:iam::123456789012:role/app";

class AssumeRoleSourceTest : public ChainTest {};

TEST_F(AssumeRoleSourceTest, AssumesTheRoleWithTheSourceProfilesKeys) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole +
              "\nsource_profile = base\nexternal_id = ext-123\nrole_session_name = me\n"
              "duration_seconds = 1800\n");
  WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  Credentials credentials = ResolveOk(std::string("app"));
  EXPECT_EQ(credentials.source, std::string("assume-role:") + kRole);
  EXPECT_EQ(credentials.access_key_id, "ASIASTS1");
  ASSERT_EQ(sts_->calls.size(), 1u);
  const auto& call = sts_->calls[0];
  EXPECT_EQ(call.kind, "AssumeRole");
  EXPECT_EQ(call.source_access_key, "AKIDBASE");
  EXPECT_EQ(call.role_arn, kRole);
  EXPECT_EQ(call.session_name, "me");
  EXPECT_EQ(call.external_id, "ext-123");
  EXPECT_EQ(call.duration, std::chrono::seconds(1800));
}

TEST_F(AssumeRoleSourceTest, DefaultSessionNameCarriesTheTime) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole + "\nsource_profile = base\n");
  WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  ResolveOk(std::string("app"));
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].session_name, "raycloud-session-1714521600");
  EXPECT_EQ(sts_->calls[0].external_id, std::nullopt);
  EXPECT_EQ(sts_->calls[0].duration, std::nullopt);
}

TEST_F(AssumeRoleSourceTest, FollowsChainsOfRoles) {
  WriteConfig(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/b\nsource_profile = c\n");
  WriteCredentials("[c]\naws_access_key_id = AKIDC\naws_secret_access_key = s\n");
  Credentials credentials = ResolveOk(std::string("a"));
  EXPECT_EQ(credentials.source, "assume-role:arn:aws:iam::1:role/a");
  ASSERT_EQ(sts_->calls.size(), 2u);
  EXPECT_EQ(sts_->calls[0].role_arn, "arn:aws:iam::2:role/b");
  EXPECT_EQ(sts_->calls[0].source_access_key, "AKIDC");
  EXPECT_EQ(sts_->calls[1].role_arn, "arn:aws:iam::1:role/a");
  EXPECT_EQ(sts_->calls[1].source_access_key, "ASIASTS1");  // b's role credentials
}

TEST_F(AssumeRoleSourceTest, AProfileMayBeItsOwnSourceWhenItHasKeys) {
  WriteConfig(std::string("[profile self]\nrole_arn = ") + kRole + "\nsource_profile = self\n");
  WriteCredentials("[self]\naws_access_key_id = AKIDSELF\naws_secret_access_key = s\n");
  ResolveOk(std::string("self"));
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].source_access_key, "AKIDSELF");
}

TEST_F(AssumeRoleSourceTest, LoopsAreErrors) {
  WriteConfig(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::2:role/b\nsource_profile = a\n"
      "[profile s]\nrole_arn = arn:aws:iam::3:role/s\nsource_profile = s\n");
  Error error = ResolveError(std::string("a"));
  EXPECT_NE(error.message.find("a -> b -> a"), std::string::npos) << error.message;
  error = ResolveError(std::string("s"));  // self-reference without keys
  EXPECT_NE(error.message.find("s -> s"), std::string::npos) << error.message;
  EXPECT_TRUE(sts_->calls.empty());
}

TEST_F(AssumeRoleSourceTest, ConfigurationErrors) {
  WriteConfig(
      "[profile missing]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = ghost\n"
      "[profile both]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = x\n"
      "credential_source = Environment\n"
      "[profile neither]\nrole_arn = arn:aws:iam::1:role/a\n"
      "[profile odd]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = Floppy\n"
      "[profile mfa]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = x\nmfa_serial = m\n"
      "[profile dur]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = x\n"
      "duration_seconds = soon\n"
      "[profile empty]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = x\n"
      "[profile x]\nregion = us-east-1\n");
  EXPECT_NE(ResolveError(std::string("missing")).message.find("'ghost'"), std::string::npos);
  EXPECT_NE(ResolveError(std::string("both")).message.find("both"), std::string::npos);
  EXPECT_NE(ResolveError(std::string("neither")).message.find("needs a source_profile"),
            std::string::npos);
  EXPECT_NE(ResolveError(std::string("odd")).message.find("Floppy"), std::string::npos);
  EXPECT_NE(ResolveError(std::string("mfa")).message.find("mfa_serial"), std::string::npos);
  EXPECT_NE(ResolveError(std::string("dur")).message.find("duration_seconds"), std::string::npos);
  EXPECT_NE(ResolveError(std::string("empty")).message.find("has no credentials"),
            std::string::npos);
  EXPECT_TRUE(sts_->calls.empty());
}

TEST_F(AssumeRoleSourceTest, CredentialSourceEnvironment) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole +
              "\ncredential_source = Environment\n");
  Error error = ResolveError(std::string("app"));
  EXPECT_NE(error.message.find("found no credentials"), std::string::npos) << error.message;
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  ResolveOk(std::string("app"));
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].source_access_key, "AKIDENV");
}

TEST_F(AssumeRoleSourceTest, CredentialSourceContainerAndInstanceMetadata) {
  WriteConfig(std::string("[profile ecs]\nrole_arn = ") + kRole +
              "\ncredential_source = EcsContainer\n[profile ec2]\nrole_arn = " + kRole +
              "\ncredential_source = Ec2InstanceMetadata\n");
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  http_->On("GET", "http://169.254.170.2/creds", 200,
            R"({"AccessKeyId":"AKIDECS","SecretAccessKey":"s","Token":"t"})");
  ResolveOk(std::string("ecs"));
  http_->On("PUT", "http://169.254.169.254/latest/api/token", 200, "tok");
  http_->On("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200,
            "node-role\n");
  http_->On("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/node-role",
            200, R"({"Code":"Success","AccessKeyId":"AKIDEC2","SecretAccessKey":"s","Token":"t"})");
  ResolveOk(std::string("ec2"));
  ASSERT_EQ(sts_->calls.size(), 2u);
  EXPECT_EQ(sts_->calls[0].source_access_key, "AKIDECS");
  EXPECT_EQ(sts_->calls[1].source_access_key, "AKIDEC2");
}

TEST_F(AssumeRoleSourceTest, SourceProfileWithCredentialProcess) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole +
              "\nsource_profile = tool\n[profile tool]\ncredential_process = printf "
              "'{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"p\"}'\n");
  ResolveOk(std::string("app"));
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].source_access_key, "AKIDPROC");
}

TEST_F(AssumeRoleSourceTest, SourceProfileIgnoresTheEnvironment) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole +
              "\nsource_profile = x\n"
              "[profile x]\nregion = us-east-1\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "s");
  EXPECT_NE(ResolveError(std::string("app")).message.find("has no credentials"), std::string::npos);
}

TEST_F(AssumeRoleSourceTest, CachedUntilFiveMinutesBeforeExpiry) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole + "\nsource_profile = base\n");
  WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  auto chain = MakeChain(std::string("app"));
  ASSERT_TRUE(chain.has_value());
  ASSERT_EQ((*chain)->Resolve()->access_key_id, "ASIASTS1");
  clock_.Advance(std::chrono::minutes(54));  // six minutes left
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "ASIASTS1");
  EXPECT_EQ(sts_->calls.size(), 1u);
  clock_.Advance(std::chrono::minutes(2));  // four minutes left: refresh
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "ASIASTS2");
  EXPECT_EQ(sts_->calls.size(), 2u);
}

TEST_F(AssumeRoleSourceTest, StsFailureStopsTheChain) {
  WriteConfig(std::string("[profile app]\nrole_arn = ") + kRole + "\nsource_profile = base\n");
  WriteCredentials("[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  Error denied{ErrorKind::kAws, ErrorClass::kTerminal, "AssumeRole failed: AccessDenied", {}};
  sts_->fail_with = denied;
  EXPECT_EQ(ResolveError(std::string("app")).message, denied.message);
}

TEST_F(AssumeRoleSourceTest, WebIdentityProfilesAreNotAssumeRoleProfiles) {
  std::string token = home_.Write("tok", "oidc");
  WriteConfig(std::string("[profile web]\nrole_arn = ") + kRole +
              "\nweb_identity_token_file = " + token + "\n");
  EXPECT_EQ(ResolveOk(std::string("web")).source, "web-identity");
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].kind, "AssumeRoleWithWebIdentity");
}

}  // namespace
}  // namespace raycloud::aws
