#include <gtest/gtest.h>

#include "chain_fixture.h"

namespace raycloud::aws {
namespace {

using auth_testing::ChainTest;

constexpr char kCredentialsPath[] = "/latest/meta-data/iam/security-credentials/";

class ImdsSourceTest : public ChainTest {
 protected:
  // An instance at `base` with role "node" whose credentials expire at `expiration`.
  void ServeInstance(const std::string& base = "http://169.254.169.254",
                     const std::string& expiration = "2024-05-01T01:00:00Z") {
    http_->On("PUT", base + "/latest/api/token",
              [](const HttpRequest& request) -> Result<HttpResponse> {
                if (request.Header("X-aws-ec2-metadata-token-ttl-seconds").empty()) {
                  return HttpResponse{400, {}, ""};
                }
                return HttpResponse{200, {}, "session-token"};
              });
    http_->On("GET", base + kCredentialsPath, 200, "node\n");
    http_->On("GET", base + kCredentialsPath + "node", 200,
              R"({"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"AKIDEC2",)"
              R"("SecretAccessKey":"ec2-secret","Token":"ec2-token","Expiration":")" +
                  expiration + R"("})");
  }

  Result<std::optional<Credentials>> Load() {
    return MakeInstanceMetadataSource(Context(), "default")->Load();
  }
};

TEST_F(ImdsSourceTest, UsesAnImdsV2Session) {
  ServeInstance();
  auto loaded = Load();
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ((*loaded)->source, "instance-metadata");
  EXPECT_EQ((*loaded)->access_key_id, "AKIDEC2");
  EXPECT_EQ((*loaded)->session_token, "ec2-token");
  ASSERT_EQ(http_->requests.size(), 3u);
  EXPECT_EQ(http_->requests[0].method, "PUT");
  EXPECT_EQ(http_->requests[0].Header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(http_->requests[1].Header("X-aws-ec2-metadata-token"), "session-token");
  EXPECT_EQ(http_->requests[2].Header("X-aws-ec2-metadata-token"), "session-token");
  EXPECT_EQ(http_->requests[2].timeout, std::chrono::seconds(1));
}

TEST_F(ImdsSourceTest, DisabledByTheEnvironment) {
  ServeInstance();
  env_.Set("AWS_EC2_METADATA_DISABLED", "TRUE");
  auto source = MakeInstanceMetadataSource(Context(), "default");
  auto loaded = source->Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
  EXPECT_TRUE(http_->requests.empty());
  EXPECT_NE(source->Where().find("disabled by AWS_EC2_METADATA_DISABLED"), std::string::npos);
}

TEST_F(ImdsSourceTest, EndpointFromTheEnvironmentOrTheProfile) {
  ServeInstance("http://127.0.0.1:1338");
  env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/");
  auto loaded = Load();
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());

  env_.Unset("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  ServeInstance("http://[fd00:ec2::254]");
  WriteConfig("[default]\nec2_metadata_service_endpoint_mode = IPv6\n");
  loaded = Load();
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ(http_->requests.back().url,
            std::string("http://[fd00:ec2::254]") + kCredentialsPath + "node");
}

TEST_F(ImdsSourceTest, FallsBackToImdsV1UnlessDisabled) {
  ServeInstance();
  http_->On("PUT", "http://169.254.169.254/latest/api/token", 403, "");
  auto loaded = Load();
  ASSERT_TRUE(loaded.has_value() && loaded->has_value());
  EXPECT_EQ(http_->requests.back().Header("X-aws-ec2-metadata-token"), "");

  env_.Set("AWS_EC2_METADATA_V1_DISABLED", "true");
  loaded = Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
}

TEST_F(ImdsSourceTest, NotOnEc2MeansNotConfiguredWithTheReasonKept) {
  auto source = MakeInstanceMetadataSource(Context(), "default");
  auto loaded = source->Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
  EXPECT_NE(source->Where().find("no answer: connection refused"), std::string::npos);

  ServeInstance();
  http_->On("GET", std::string("http://169.254.169.254") + kCredentialsPath, 404, "");
  loaded = source->Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
  EXPECT_NE(source->Where().find("HTTP 404"), std::string::npos);
}

TEST_F(ImdsSourceTest, RetriesAsConfigured) {
  http_->On("PUT", "http://169.254.169.254/latest/api/token", 503, "");
  env_.Set("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3");
  env_.Set("AWS_METADATA_SERVICE_TIMEOUT", "2");
  auto loaded = Load();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_FALSE(loaded->has_value());
  ASSERT_EQ(http_->requests.size(), 3u);
  EXPECT_EQ(http_->requests[0].timeout, std::chrono::seconds(2));
}

TEST_F(ImdsSourceTest, RefreshedFiveMinutesBeforeExpiry) {
  ServeInstance();
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  ASSERT_EQ((*chain)->Resolve()->source, "instance-metadata");
  size_t after_first = http_->requests.size();
  clock_.Advance(std::chrono::minutes(54));
  ASSERT_TRUE((*chain)->Resolve().has_value());
  EXPECT_EQ(http_->requests.size(), after_first);
  clock_.Advance(std::chrono::minutes(2));
  ASSERT_TRUE((*chain)->Resolve().has_value());
  EXPECT_EQ(http_->requests.size(), after_first + 3);
}

TEST_F(ImdsSourceTest, KeepsValidCredentialsWhenARefreshFails) {
  ServeInstance();
  auto chain = MakeChain();
  ASSERT_TRUE(chain.has_value());
  ASSERT_TRUE((*chain)->Resolve().has_value());
  http_->On("PUT", "http://169.254.169.254/latest/api/token", 500, "");
  clock_.Advance(std::chrono::minutes(57));  // in the refresh window, not yet expired
  auto credentials = (*chain)->Resolve();
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->access_key_id, "AKIDEC2");
  clock_.Advance(std::chrono::minutes(4));  // expired
  auto expired = (*chain)->Resolve();
  ASSERT_FALSE(expired.has_value());
  EXPECT_NE(expired.error().message.find("no longer available"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::aws
