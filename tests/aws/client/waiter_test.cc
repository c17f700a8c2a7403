#include "aws/client/waiter.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace raycloud::aws {
namespace {

using json = nlohmann::json;

Waiter NatGatewayAvailable() {
  Waiter waiter;
  waiter.name = "NatGatewayAvailable";
  waiter.operation = "DescribeNatGateways";
  waiter.delay_seconds = 15;
  waiter.acceptors = json::parse(R"([
    {"state": "success", "matcher": "pathAll", "argument": "NatGateways[].State", "expected": "available"},
    {"state": "failure", "matcher": "pathAny", "argument": "NatGateways[].State", "expected": "failed"},
    {"state": "retry", "matcher": "error", "expected": "NatGatewayNotFound"}])");
  return waiter;
}

json Gateways(const char* state) { return {{"NatGateways", {{{"State", state}}}}}; }

Error AwsCode(const char* code) {
  Error error{ErrorKind::kAws, ErrorClass::kNotFound, code, {}};
  error.details["aws_code"] = code;
  return error;
}

TEST(WaiterTest, PollsUntilSuccessWithDoublingDelay) {
  testing::FakeClock clock;
  int polls = 0;
  auto status = RunWaiter(
      NatGatewayAvailable(),
      [&]() -> Result<json> {
        ++polls;
        if (polls == 1) return Fail(AwsCode("NatGatewayNotFound"));
        return Gateways(polls < 4 ? "pending" : "available");
      },
      clock, std::chrono::minutes(10), std::chrono::seconds(40));
  EXPECT_TRUE(status);
  EXPECT_EQ(polls, 4);
  EXPECT_EQ(clock.slept(), std::chrono::seconds(15 + 30 + 40));
}

TEST(WaiterTest, FailureStateStopsAtOnce) {
  testing::FakeClock clock;
  auto status = RunWaiter(
      NatGatewayAvailable(), [&]() -> Result<json> { return Gateways("failed"); }, clock,
      std::chrono::minutes(10), std::chrono::seconds(30));
  ASSERT_FALSE(status);
  EXPECT_EQ(clock.slept().count(), 0);
}

TEST(WaiterTest, UnmatchedTerminalErrorFails) {
  testing::FakeClock clock;
  auto status = RunWaiter(
      NatGatewayAvailable(), [&]() -> Result<json> { return Fail(AwsCode("AccessDenied")); },
      clock, std::chrono::minutes(10), std::chrono::seconds(30));
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("AccessDenied"), std::string::npos);
}

TEST(WaiterTest, TimesOutWithTimeoutKind) {
  testing::FakeClock clock;
  auto status = RunWaiter(
      NatGatewayAvailable(), [&]() -> Result<json> { return Gateways("pending"); }, clock,
      std::chrono::seconds(100), std::chrono::seconds(30));
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().kind, ErrorKind::kTimeout);
  EXPECT_LE(clock.slept(), std::chrono::seconds(100));
}

}  // namespace
}  // namespace raycloud::aws
