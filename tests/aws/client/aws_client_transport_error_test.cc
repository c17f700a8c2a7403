#include <gtest/gtest.h>

#include "aws/auth/auth_test_util.h"
#include "aws/auth/credentials.h"
#include "aws/client/aws_client.h"

namespace raycloud::aws {
namespace {

// A reset or a timeout carries no AWS code; the error must still say which call failed
// (the fault matrix's "one message naming the operation").
TEST(AwsClientTransportErrorTest, NamesServiceAndOperation) {
  auth_testing::FakeClock clock(auth_testing::TestEpoch());
  auto http = std::make_shared<auth_testing::FakeHttp>();  // answers nothing: connection refused
  ClientConfig config;
  config.region = "us-west-2";
  config.endpoint_url = "http://127.0.0.1:9";
  config.credentials = std::make_shared<StaticCredentialsProvider>(
      Credentials{.access_key_id = "AKIDEXAMPLE", .secret_access_key = "x"});
  config.transport = http;
  config.clock = &clock;
  auto client = AwsClient::Create(std::move(config));
  ASSERT_TRUE(client) << client.error().message;

  auto result = (*client)->Call("ec2", "DescribeVpcs");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message.rfind("ec2 DescribeVpcs failed: ", 0), 0u)
      << result.error().message;
  EXPECT_EQ(result.error().details.at("operation"), "DescribeVpcs");
  EXPECT_EQ(result.error().details.at("service"), "ec2");
}

}  // namespace
}  // namespace raycloud::aws
