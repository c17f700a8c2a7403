#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;

constexpr char kBody[] =
    R"({"AccessKeyId":"AKIDECS","SecretAccessKey":"ecs-secret","Token":"ecs-token",)"
    R"("Expiration":"2024-05-01T01:00:00Z"})";

class ContainerSourceTest : public ChainTest {
 protected:
  Result<std::optional<Credentials>> Load() { return MakeContainerSource(Context())->Load(); }
};

TEST_F(ContainerSourceTest, NotConfiguredWithoutTheVariables) {
  auto loaded = Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
  EXPECT_TRUE(http_->requests.empty());
}

TEST_F(ContainerSourceTest, RelativeUriGoesToTheEcsAgentWithoutAuthorization) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "only-for-full-uri");
  http_->On("GET", "http://169.254.170.2/v2/credentials/task", 200, kBody);
  auto loaded = Load();
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  const Credentials& credentials = **loaded;
  EXPECT_EQ(credentials.source, "container");
  EXPECT_EQ(credentials.access_key_id, "AKIDECS");
  EXPECT_EQ(credentials.session_token, "ecs-token");
  EXPECT_EQ(credentials.expiration, auth_testing::TestEpoch() + std::chrono::hours(1));
  ASSERT_EQ(http_->requests.size(), 1u);
  EXPECT_EQ(http_->requests[0].Header("Authorization"), "");
}

TEST_F(ContainerSourceTest, FullUriSendsTheAuthorizationToken) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc");
  http_->On("GET", "http://127.0.0.1:8080/creds", 200, kBody);
  ASSERT_TRUE(Load().has_value());
  EXPECT_EQ(http_->requests.back().Header("Authorization"), "Basic abc");

  // The token file wins over the variable and is read on every fetch (EKS rotates it).
  std::string file = home_.Write("eks-token", "eks-token-1\n");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", file);
  auto source = MakeContainerSource(Context());
  ASSERT_TRUE(source->Load().has_value());
  EXPECT_EQ(http_->requests.back().Header("Authorization"), "eks-token-1");
  home_.Write("eks-token", "eks-token-2");
  ASSERT_TRUE(source->Load().has_value());
  EXPECT_EQ(http_->requests.back().Header("Authorization"), "eks-token-2");
}

TEST_F(ContainerSourceTest, FullUriMustStayOnTheMachineUnlessHttps) {
  for (const char* allowed :
       {"https://creds.example.com/x", "http://localhost/x", "http://127.0.0.2:9/x",
        "http://[::1]:80/x", "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/x"}) {
    env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", allowed);
    http_->On("GET", allowed, 200, kBody);
    auto loaded = Load();
    EXPECT_TRUE(loaded.has_value() && loaded->has_value()) << allowed;
  }
  for (const char* refused : {"http://creds.example.com/x", "http://10.0.0.1/x",
                              "ftp://127.0.0.1/x", "http://127.0.0.1.evil.com/x"}) {
    env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused);
    auto loaded = Load();
    ASSERT_FALSE(loaded.has_value()) << refused;
    EXPECT_NE(loaded.error().message.find("must be https"), std::string::npos);
  }
}

TEST_F(ContainerSourceTest, TokenWithANewlineIsRefused) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/creds");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Injected: 1");
  EXPECT_FALSE(Load().has_value());
  EXPECT_TRUE(http_->requests.empty());
}

TEST_F(ContainerSourceTest, RetriesServerErrorsButNotClientErrors) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  http_->On("GET", "http://169.254.170.2/creds", 500, "busy");
  auto start = clock_.Now();
  auto loaded = Load();
  ASSERT_FALSE(loaded.has_value());
  EXPECT_EQ(http_->requests.size(), 3u);
  EXPECT_EQ(clock_.Now() - start, std::chrono::seconds(2));  // two pauses, no real sleep
  EXPECT_NE(loaded.error().message.find("HTTP 500"), std::string::npos);

  http_->requests.clear();
  http_->On("GET", "http://169.254.170.2/creds", 403, "no");
  EXPECT_FALSE(Load().has_value());
  EXPECT_EQ(http_->requests.size(), 1u);
}

TEST_F(ContainerSourceTest, RefreshedBeforeExpiryThroughTheChain) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  http_->On("GET", "http://169.254.170.2/creds", 200, kBody);
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  ASSERT_TRUE((*chain)->Resolve().has_value());
  clock_.Advance(std::chrono::minutes(50));
  ASSERT_TRUE((*chain)->Resolve().has_value());
  EXPECT_EQ(http_->requests.size(), 1u);
  clock_.Advance(std::chrono::minutes(6));  // four minutes left
  ASSERT_TRUE((*chain)->Resolve().has_value());
  EXPECT_EQ(http_->requests.size(), 2u);
}

}  // namespace
}  // namespace raycloud::aws
