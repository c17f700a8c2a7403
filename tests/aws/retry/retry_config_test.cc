#include "aws/retry/retry_config.h"

#include <gtest/gtest.h>

#include <map>

#include "aws/retry/adaptive_retry_strategy.h"
#include "aws/retry/fake_time.h"
#include "aws/retry/retry_strategy.h"

namespace raycloud::aws {
namespace {

EnvLookup Env(std::map<std::string, std::string, std::less<>> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ResolveRetryConfigTest, DefaultsToStandardWithThreeAttempts) {
  auto config = ResolveRetryConfig(Env({}), std::nullopt, std::nullopt);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->mode, RetryMode::kStandard);
  EXPECT_EQ(config->max_attempts, 3);
}

TEST(ResolveRetryConfigTest, EnvironmentWinsOverProfile) {
  auto config = ResolveRetryConfig(Env({{"AWS_RETRY_MODE", "adaptive"}, {"AWS_MAX_ATTEMPTS", "7"}}),
                                   "standard", "2");
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->mode, RetryMode::kAdaptive);
  EXPECT_EQ(config->max_attempts, 7);
}

TEST(ResolveRetryConfigTest, ProfileAppliesWhenEnvironmentIsSilent) {
  auto config = ResolveRetryConfig(Env({{"AWS_RETRY_MODE", ""}}), "Adaptive", "4");
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->mode, RetryMode::kAdaptive);
  EXPECT_EQ(config->max_attempts, 4);
}

TEST(ResolveRetryConfigTest, LegacyDefaultsToFiveAttempts) {
  auto config = ResolveRetryConfig(Env({}), "legacy", std::nullopt);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->mode, RetryMode::kLegacy);
  EXPECT_EQ(config->max_attempts, 5);
}

TEST(ResolveRetryConfigTest, RejectsBadValuesNamingTheSource) {
  auto mode =
      ResolveRetryConfig(Env({{"AWS_RETRY_MODE", "aggressive"}}), std::nullopt, std::nullopt);
  ASSERT_FALSE(mode.has_value());
  EXPECT_NE(mode.error().message.find("AWS_RETRY_MODE"), std::string::npos);
  for (const char* bad : {"0", "-1", "abc", "3x", "101"}) {
    auto attempts = ResolveRetryConfig(Env({}), std::nullopt, std::string(bad));
    ASSERT_FALSE(attempts.has_value()) << bad;
    EXPECT_EQ(attempts.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(attempts.error().message.find("max_attempts"), std::string::npos);
  }
}

TEST(MakeRetryStrategyTest, BuildsTheModeByName) {
  testing_retry::FakeClock clock;
  testing_retry::ScriptedRandom random;
  auto adaptive = MakeRetryStrategy("adaptive", 4, clock, random);
  ASSERT_TRUE(adaptive.has_value());
  EXPECT_NE(dynamic_cast<AdaptiveRetryStrategy*>(adaptive->get()), nullptr);
  EXPECT_EQ((*adaptive)->max_attempts(), 4);
  auto standard = MakeRetryStrategy("legacy", 5, clock, random);
  ASSERT_TRUE(standard.has_value());
  EXPECT_EQ(dynamic_cast<AdaptiveRetryStrategy*>(standard->get()), nullptr);
  EXPECT_FALSE(MakeRetryStrategy("fast", 3, clock, random).has_value());
  EXPECT_FALSE(MakeRetryStrategy("standard", 0, clock, random).has_value());
}

}  // namespace
}  // namespace raycloud::aws
