#include "aws/auth/credentials_chain.h"

#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;

class CredentialsChainTest : public ChainTest {
 protected:
  void SetEnvKeys() {
    env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
    env_.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
  }
};

TEST_F(CredentialsChainTest, EnvironmentComesFirst) {
  SetEnvKeys();
  env_.Set("AWS_SESSION_TOKEN", "env-token");
  env_.Set("AWS_CREDENTIAL_EXPIRATION", "2024-05-01T06:00:00Z");
  WriteCredentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  Credentials credentials = ResolveOk();
  EXPECT_EQ(credentials.source, "environment");
  EXPECT_EQ(credentials.access_key_id, "AKIDENV");
  EXPECT_EQ(credentials.secret_access_key, "env-secret");
  EXPECT_EQ(credentials.session_token, "env-token");
  EXPECT_EQ(credentials.expiration, auth_testing::TestEpoch() + std::chrono::hours(6));
}

TEST_F(CredentialsChainTest, PartialEnvironmentStopsTheChain) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  WriteCredentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  Error error = ResolveError();
  EXPECT_NE(error.message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos) << error.message;
}

TEST_F(CredentialsChainTest, ExplicitProfileSkipsTheEnvironmentButAwsProfileDoesNot) {
  SetEnvKeys();
  WriteCredentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  Credentials explicit_profile = ResolveOk(std::string("dev"));
  EXPECT_EQ(explicit_profile.source, "profile:dev");
  EXPECT_EQ(explicit_profile.access_key_id, "AKIDDEV");

  env_.Set("AWS_PROFILE", "dev");
  EXPECT_EQ(ResolveOk().source, "environment");
  env_.Unset("AWS_ACCESS_KEY_ID");
  env_.Unset("AWS_SECRET_ACCESS_KEY");
  EXPECT_EQ(ResolveOk().source, "profile:dev");
}

TEST_F(CredentialsChainTest, CredentialsFileBeatsProcessWhichBeatsConfigFile) {
  WriteConfig(
      "[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n"
      "credential_process = printf '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\","
      "\"SecretAccessKey\":\"p\"}'\n");
  EXPECT_EQ(ResolveOk().access_key_id, "AKIDPROC");
  WriteCredentials("[default]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = s\n");
  Credentials credentials = ResolveOk();
  EXPECT_EQ(credentials.access_key_id, "AKIDCREDS");
  EXPECT_EQ(credentials.source, "profile:default");
}

TEST_F(CredentialsChainTest, ConfigFileStaticKeys) {
  WriteConfig(
      "[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = s\n"
      "aws_session_token = t\n");
  env_.Set("AWS_PROFILE", "dev");
  Credentials credentials = ResolveOk();
  EXPECT_EQ(credentials.access_key_id, "AKIDCONFIG");
  EXPECT_EQ(credentials.session_token, "t");
  EXPECT_EQ(credentials.source, "profile:dev");
}

TEST_F(CredentialsChainTest, CustomFileLocations) {
  std::string credentials_path = home_.Write(
      "custom/creds", "[default]\naws_access_key_id = AKIDCUSTOM\naws_secret_access_key = s\n");
  WriteCredentials("[default]\naws_access_key_id = AKIDHOME\naws_secret_access_key = s\n");
  env_.Set("AWS_SHARED_CREDENTIALS_FILE", credentials_path);
  EXPECT_EQ(ResolveOk().access_key_id, "AKIDCUSTOM");
}

TEST_F(CredentialsChainTest, RoleProfileBeatsItsOwnStaticKeys) {
  WriteConfig("[default]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = base\n");
  WriteCredentials(
      "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = s\n"
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s\n");
  Credentials credentials = ResolveOk();
  EXPECT_EQ(credentials.source, "assume-role:arn:aws:iam::123456789012:role/r");
  ASSERT_EQ(sts_->calls.size(), 1u);
  EXPECT_EQ(sts_->calls[0].source_access_key, "AKIDBASE");
}

TEST_F(CredentialsChainTest, WebIdentityBeatsTheCredentialsFile) {
  std::string token = home_.Write("token", "oidc-token");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token);
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web");
  WriteCredentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = s\n");
  EXPECT_EQ(ResolveOk().source, "web-identity");
}

TEST_F(CredentialsChainTest, ContainerBeatsInstanceMetadata) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  http_->On("GET", "http://169.254.170.2/v2/credentials/abc", 200,
            R"({"AccessKeyId":"AKIDECS","SecretAccessKey":"s","Token":"t",)"
            R"("Expiration":"2024-05-01T06:00:00Z"})");
  http_->On("PUT", "http://169.254.169.254/latest/api/token", 200, "imds-token");
  EXPECT_EQ(ResolveOk().source, "container");
  EXPECT_EQ(http_->requests.size(), 1u);  // IMDS was never asked
}

TEST_F(CredentialsChainTest, NoneFoundNamesEveryPlaceLooked) {
  Error error = ResolveError();
  EXPECT_EQ(error.kind, ErrorKind::kNotFound);
  const std::string home = home_.path().string();
  for (const std::string& place :
       {std::string("environment variables AWS_ACCESS_KEY_ID"),
        std::string("role_arn in profile 'default'"), std::string("AWS_WEB_IDENTITY_TOKEN_FILE"),
        "shared credentials file " + home + "/.aws/credentials [default]",
        std::string("credential_process in profile 'default'"),
        "config file " + home + "/.aws/config [default]",
        std::string("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
        std::string("EC2 instance metadata at http://169.254.169.254 (no answer: connection "
                    "refused)")}) {
    EXPECT_NE(error.message.find(place), std::string::npos) << place << "\n" << error.message;
  }
}

TEST_F(CredentialsChainTest, PlacesFollowTheAwsCliOrder) {
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  std::vector<std::string> places = (*chain)->Places();
  ASSERT_EQ(places.size(), 8u);
  EXPECT_TRUE(places[0].starts_with("environment"));
  EXPECT_TRUE(places[1].starts_with("role_arn"));
  EXPECT_TRUE(places[2].starts_with("web identity"));
  EXPECT_TRUE(places[3].starts_with("shared credentials file"));
  EXPECT_TRUE(places[4].starts_with("credential_process"));
  EXPECT_TRUE(places[5].starts_with("config file"));
  EXPECT_TRUE(places[6].starts_with("container"));
  EXPECT_TRUE(places[7].starts_with("EC2 instance metadata"));
  WriteConfig("[default]\nregion = us-east-1\n");
  auto explicit_profile = MakeChain(std::string("default"));
  ASSERT_TRUE(explicit_profile.has_value());
  EXPECT_EQ((*explicit_profile)->Places().size(), 7u);  // --profile: no environment
}

TEST_F(CredentialsChainTest, NamedProfileThatDoesNotExistIsAnError) {
  SetEnvKeys();
  env_.Set("AWS_PROFILE", "nope");
  auto chain = MakeChain();
  ASSERT_FALSE(chain.has_value());
  EXPECT_EQ(chain.error().kind, ErrorKind::kNotFound);
  EXPECT_NE(chain.error().message.find("'nope'"), std::string::npos);
  // "default" not existing is fine: it is the implicit profile.
  env_.Unset("AWS_PROFILE");
  EXPECT_EQ(ResolveOk().source, "environment");
}

TEST_F(CredentialsChainTest, KeepsTheWinnerAndItsCredentials) {
  SetEnvKeys();
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  ASSERT_EQ((*chain)->Resolve()->access_key_id, "AKIDENV");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDCHANGED");
  // Credentials without an expiry are not looked up again.
  EXPECT_EQ((*chain)->Resolve()->access_key_id, "AKIDENV");
}

TEST_F(CredentialsChainTest, ExposesTheProfileSettings) {
  WriteConfig("[profile dev]\nregion = eu-central-1\nretry_mode = standard\n");
  auto chain = MakeChain(std::string("dev"));
  ASSERT_TRUE(chain.has_value());
  EXPECT_EQ((*chain)->profile().region, "eu-central-1");
  EXPECT_EQ((*chain)->profile().retry_mode, "standard");
}

TEST_F(CredentialsChainTest, MalformedConfigFailsCreate) {
  WriteConfig("region = nowhere\n");
  auto chain = MakeChain();
  ASSERT_FALSE(chain.has_value());
  EXPECT_NE(chain.error().message.find(".aws/config line 1"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::aws
