#include "aws/retry/adaptive_retry_strategy.h"

#include <gtest/gtest.h>

#include "aws/retry/fake_time.h"

namespace raycloud::aws {
namespace {

using std::chrono::milliseconds;
using testing_retry::FakeClock;
using testing_retry::ScriptedRandom;

// Sends `count` requests spaced `gap` apart, each answered successfully.
void SendSuccesses(ClientRateLimiter& limiter, FakeClock& clock, int count, milliseconds gap) {
  for (int i = 0; i < count; ++i) {
    limiter.Acquire();
    limiter.Update(false);
    clock.Advance(gap);
  }
}

TEST(ClientRateLimiterTest, DoesNotLimitBeforeTheFirstThrottle) {
  FakeClock clock;
  ClientRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 100, milliseconds(10));
  EXPECT_FALSE(limiter.enabled());
  EXPECT_EQ(clock.sleeps(), 0);
  EXPECT_GT(limiter.measured_rate(), 50.0);  // ~100 requests a second
}

TEST(ClientRateLimiterTest, ThrottleCutsTheRateBelowTheMeasuredOne) {
  FakeClock clock;
  ClientRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 50, milliseconds(100));  // 10 requests a second for 5 s
  const double measured = limiter.measured_rate();
  EXPECT_NEAR(measured, 10.0, 1.0);
  limiter.Update(true);
  EXPECT_TRUE(limiter.enabled());
  EXPECT_NEAR(limiter.fill_rate(), measured * ClientRateLimiter::kBeta, 0.5);
  EXPECT_LT(limiter.fill_rate(), measured);
}

TEST(ClientRateLimiterTest, AcquireSleepsToHoldTheReducedRate) {
  FakeClock clock;
  ClientRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 50, milliseconds(100));
  limiter.Update(true);
  const double rate = limiter.fill_rate();
  ASSERT_GT(rate, 0.0);
  // 40 back-to-back sends without answers: the bucket spaces them at the fill rate.
  const auto start = clock.Now();
  for (int i = 0; i < 40; ++i) limiter.Acquire();
  const double elapsed = std::chrono::duration<double>(clock.Now() - start).count();
  EXPECT_GT(clock.sleeps(), 0);
  EXPECT_NEAR(elapsed, 40 / rate, 40 / rate * 0.1 + 1.0);
}

TEST(ClientRateLimiterTest, RepeatedThrottlingKeepsLoweringTheRate) {
  FakeClock clock;
  ClientRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 50, milliseconds(100));
  limiter.Update(true);
  double previous = limiter.fill_rate();
  for (int i = 0; i < 5; ++i) {
    clock.Advance(milliseconds(500));
    limiter.Acquire();
    limiter.Update(true);
    EXPECT_LE(limiter.fill_rate(), previous);
    previous = limiter.fill_rate();
  }
  EXPECT_GE(limiter.fill_rate(), ClientRateLimiter::kMinFillRate);
}

TEST(ClientRateLimiterTest, SuccessesGrowTheRateBackAfterAThrottle) {
  FakeClock clock;
  ClientRateLimiter limiter(clock);
  SendSuccesses(limiter, clock, 50, milliseconds(100));
  limiter.Update(true);
  const double throttled_rate = limiter.fill_rate();
  // Keep sending as fast as the limiter allows for a while: CUBIC grows the rate back.
  for (int i = 0; i < 200; ++i) {
    limiter.Acquire();
    limiter.Update(false);
  }
  EXPECT_GT(limiter.fill_rate(), throttled_rate);
}

TEST(AdaptiveRetryStrategyTest, ThrottlingEnablesTheRateLimiterOtherErrorsDoNot) {
  FakeClock clock;
  ScriptedRandom random;
  AdaptiveRetryStrategy strategy(3, clock, random);
  AwsError server{"ec2", "DescribeVpcs", 500, "InternalError", "", "r"};
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(1, ToError(server), server));
  EXPECT_FALSE(strategy.rate_limiter().enabled());

  AwsError throttled{"ec2", "DescribeVpcs", 503, "RequestLimitExceeded", "", "r"};
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(2, ToError(throttled), throttled));
  EXPECT_TRUE(strategy.rate_limiter().enabled());
  // Standard-mode bookkeeping still applies.
  EXPECT_EQ(strategy.quota().available(), 500 - 2 * RetryQuota::kRetryCost);
  EXPECT_EQ(strategy.max_attempts(), 3);
}

TEST(AdaptiveRetryStrategyTest, ThrottlingReadFromErrorDetailsAlone) {
  FakeClock clock;
  ScriptedRandom random;
  AdaptiveRetryStrategy strategy(3, clock, random);
  strategy.AcquireSendToken();
  ASSERT_TRUE(
      strategy.ShouldRetry(1, ToError(AwsError{"iam", "GetRole", 400, "Throttling", "", ""})));
  EXPECT_TRUE(strategy.rate_limiter().enabled());
}

TEST(AdaptiveRetryStrategyTest, SustainedThrottlingSlowsSendsDown) {
  FakeClock clock;
  ScriptedRandom random;
  AdaptiveRetryStrategy strategy(100, clock, random);
  AwsError throttled{"ec2", "RunInstances", 503, "RequestLimitExceeded", "", "r"};
  // A burst of calls that all get throttled on their first attempt.
  for (int i = 0; i < 30; ++i) {
    strategy.AcquireSendToken();
    strategy.ShouldRetry(1, ToError(throttled), throttled);
    clock.Advance(milliseconds(50));
  }
  const auto slept_before = clock.slept();
  for (int i = 0; i < 10; ++i) strategy.AcquireSendToken();
  EXPECT_GT(clock.slept(), slept_before) << "the limiter makes senders wait";
}

}  // namespace
}  // namespace raycloud::aws
