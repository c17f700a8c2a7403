// Secrets planted in every input the chain reads must never come back in an error.
#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;
using auth_testing::ExpectNoSecret;

constexpr char kSecret[] = "PLANTED/secret+Key0123456789abcdefXYZ";
constexpr char kToken[] = "PLANTED-session-token-FwoGZXIvYXdzEJr";

class SecretsTest : public ChainTest {};

TEST_F(SecretsTest, PartialKeysInFiles) {
  WriteCredentials(std::string("[default]\naws_secret_access_key = ") + kSecret +
                   "\naws_session_token = " + kToken + "\n");
  Error error = ResolveError();
  EXPECT_NE(error.message.find("aws_access_key_id is missing"), std::string::npos);
  ExpectNoSecret(error.message, {kSecret, kToken});
}

TEST_F(SecretsTest, MalformedFiles) {
  WriteCredentials(std::string("[default]\n") + kSecret + "\n");
  auto chain = MakeChain();
  ASSERT_FALSE(chain.has_value());
  ExpectNoSecret(chain.error().message, {kSecret});
}

TEST_F(SecretsTest, PartialEnvironment) {
  env_.Set("AWS_ACCESS_KEY_ID", "");
  env_.Set("AWS_SECRET_ACCESS_KEY", kSecret);
  env_.Set("AWS_SESSION_TOKEN", kToken);
  ExpectNoSecret(ResolveError().message, {kSecret, kToken});
  env_.Set("AWS_ACCESS_KEY_ID", "AKID");
  env_.Set("AWS_CREDENTIAL_EXPIRATION", kToken);
  ExpectNoSecret(ResolveError().message, {kSecret, kToken});
}

TEST_F(SecretsTest, BadEndpointAnswers) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/creds");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kToken);
  http_->On("GET", "http://127.0.0.1/creds", 200,
            std::string(R"({"AccessKeyId":"A","SecretAccessKey":")") + kSecret +
                R"(","Token":"t","Expiration":"never"})");
  ExpectNoSecret(ResolveError().message, {kSecret, kToken});
  http_->On("GET", "http://127.0.0.1/creds", 401, kSecret);
  ExpectNoSecret(ResolveError().message, {kSecret, kToken});
}

TEST_F(SecretsTest, InstanceMetadataFailuresInTheNoneFoundMessage) {
  http_->On("PUT", "http://169.254.169.254/latest/api/token", 200, kToken);
  http_->On("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/", 200, "r");
  http_->On("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/r", 200,
            std::string(R"({"SecretAccessKey":")") + kSecret + "\"");
  Error error = ResolveError();
  EXPECT_EQ(error.kind, ErrorKind::kNotFound);
  ExpectNoSecret(error.message, {kSecret, kToken});
}

TEST_F(SecretsTest, OtherProfilesKeysAreNotListed) {
  WriteCredentials(std::string("[other]\naws_access_key_id = AKIDOTHER\naws_secret_access_key = ") +
                   kSecret + "\n");
  ExpectNoSecret(ResolveError().message, {kSecret, "AKIDOTHER"});
}

TEST_F(SecretsTest, WebIdentityTokenIsNotQuoted) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", home_.Write("token", kToken));
  ExpectNoSecret(ResolveError().message, {kToken});  // no role_arn
}

}  // namespace
}  // namespace raycloud::aws
