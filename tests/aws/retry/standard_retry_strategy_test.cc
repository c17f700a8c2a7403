#include "aws/retry/standard_retry_strategy.h"

#include <gtest/gtest.h>

#include <thread>

#include "aws/retry/fake_time.h"

namespace raycloud::aws {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing_retry::ScriptedRandom;

Error Throttled() {
  return ToError(AwsError{"ec2", "DescribeVpcs", 503, "RequestLimitExceeded", "", "r"});
}
Error ServerError() { return ToError(AwsError{"s3", "PutObject", 500, "InternalError", "", "r"}); }
Error Denied() { return ToError(AwsError{"iam", "CreateRole", 403, "AccessDenied", "", "r"}); }
Error Timeout() {
  Error error = Error::Io("POST https://ec2 failed: timeout", ErrorClass::kRetryable);
  error.kind = ErrorKind::kTimeout;
  return error;
}

TEST(ComputeBackoffTest, FullJitterDoublesPerAttemptAndCapsAt20Seconds) {
  EXPECT_EQ(ComputeBackoff(1, 0.5), milliseconds(500));
  EXPECT_EQ(ComputeBackoff(2, 0.5), milliseconds(1000));
  EXPECT_EQ(ComputeBackoff(3, 0.5), milliseconds(2000));
  EXPECT_EQ(ComputeBackoff(1, 0.0), milliseconds(0));
  EXPECT_EQ(ComputeBackoff(5, 0.999), milliseconds(15984));  // 0.999 * 16 s
  EXPECT_EQ(ComputeBackoff(6, 0.999), seconds(20));          // 0.999 * 32 s, capped
  EXPECT_EQ(ComputeBackoff(50, 0.999), seconds(20));
  EXPECT_EQ(ComputeBackoff(3, 0.25, milliseconds(100)), milliseconds(100));
}

TEST(StandardRetryStrategyTest, RetriesUntilTheAttemptLimitWithBoundedDelays) {
  ScriptedRandom random({0.9, 0.9, 0.9});
  StandardRetryStrategy strategy(3, random);
  ASSERT_TRUE(strategy.AcquireSendToken().has_value());
  auto first = strategy.ShouldRetry(1, Throttled());
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, milliseconds(900));  // 0.9 * 1 s
  ASSERT_TRUE(strategy.AcquireSendToken().has_value());
  auto second = strategy.ShouldRetry(2, ServerError());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(*second, milliseconds(1800));  // 0.9 * 2 s
  ASSERT_TRUE(strategy.AcquireSendToken().has_value());
  EXPECT_FALSE(strategy.ShouldRetry(3, ServerError()).has_value()) << "3 attempts in all";
  EXPECT_EQ(strategy.quota().available(), 500 - 2 * RetryQuota::kRetryCost);
}

TEST(StandardRetryStrategyTest, DelaysStayWithinTheJitterWindow) {
  MtRandom random(42);
  StandardRetryStrategy strategy(10, random);
  for (int attempt = 1; attempt < 10; ++attempt) {
    strategy.AcquireSendToken();
    auto delay = strategy.ShouldRetry(attempt, ServerError());
    ASSERT_TRUE(delay.has_value());
    EXPECT_GE(delay->count(), 0);
    EXPECT_LT(*delay, std::min<milliseconds>(milliseconds(1000 << (attempt - 1)), seconds(20)) +
                          milliseconds(1));
  }
}

TEST(StandardRetryStrategyTest, TerminalErrorsAreNotRetriedAndCostNothing) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  strategy.AcquireSendToken();
  EXPECT_FALSE(strategy.ShouldRetry(1, Denied()).has_value());
  EXPECT_FALSE(strategy.ShouldRetry(1, Error::Invalid("bad input")).has_value());
  EXPECT_EQ(strategy.quota().available(), 500);
}

TEST(StandardRetryStrategyTest, PerCallAttemptLimitOverridesTheConfiguredOne) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  EXPECT_TRUE(strategy.ShouldRetry(4, ServerError(), AwsError{}, 6).has_value());
  EXPECT_FALSE(strategy.ShouldRetry(6, ServerError(), AwsError{}, 6).has_value());
  EXPECT_FALSE(strategy.ShouldRetry(1, ServerError(), AwsError{}, 1).has_value());
}

// A busy account is waited out longer than a failing one: throttling alone gets the larger
// attempt count; a per-call limit still rules.
TEST(StandardRetryStrategyTest, ThrottlingGetsItsOwnLargerAttemptLimit) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  strategy.set_throttling_max_attempts(10);
  EXPECT_TRUE(strategy.ShouldRetry(9, Throttled()).has_value());
  EXPECT_FALSE(strategy.ShouldRetry(10, Throttled()).has_value()) << "10 attempts in all";
  EXPECT_FALSE(strategy.ShouldRetry(3, ServerError()).has_value()) << "5xx keeps 3";
  EXPECT_FALSE(strategy.ShouldRetry(2, Throttled(), AwsError{}, 2).has_value());
}

TEST(StandardRetryStrategyTest, QuotaRunsOutAfter100RetriesOr50Timeouts) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(1000, random);
  int retries = 0;
  for (int attempt = 1; strategy.ShouldRetry(attempt, ServerError()); ++attempt) ++retries;
  EXPECT_EQ(retries, 500 / RetryQuota::kRetryCost);
  EXPECT_EQ(strategy.quota().available(), 0);

  StandardRetryStrategy timeouts(1000, random);
  retries = 0;
  for (int attempt = 1; timeouts.ShouldRetry(attempt, Timeout()); ++attempt) ++retries;
  EXPECT_EQ(retries, 500 / RetryQuota::kTimeoutRetryCost);
}

TEST(StandardRetryStrategyTest, SuccessRefundsTheLastRetryCost) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(1, Timeout()));
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(2, ServerError()));
  EXPECT_EQ(strategy.quota().available(), 500 - 10 - 5);
  strategy.AcquireSendToken();
  strategy.OnSuccess();
  // Only the last retry (5) is refunded, as the SDKs do.
  EXPECT_EQ(strategy.quota().available(), 500 - 10);
  // A call that needed no retry adds one token.
  strategy.AcquireSendToken();
  strategy.OnSuccess();
  EXPECT_EQ(strategy.quota().available(), 500 - 9);
}

TEST(StandardRetryStrategyTest, SuccessNeverOverfillsTheQuota) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  strategy.AcquireSendToken();
  strategy.OnSuccess();
  EXPECT_EQ(strategy.quota().available(), 500);
}

TEST(StandardRetryStrategyTest, AbandonedRetryIsNotRefundedToTheNextCall) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(1, ServerError()));
  // The caller gave up without sending the retry; the next call succeeds at once.
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(1, ServerError()));
  strategy.AcquireSendToken();  // the granted retry
  strategy.OnSuccess();         // refunds that retry: 500 - 5
  strategy.AcquireSendToken();  // a new call
  strategy.OnSuccess();         // +1, not a stale refund
  EXPECT_EQ(strategy.quota().available(), 500 - 5 + 1);
}

TEST(StandardRetryStrategyTest, CallsOnOtherThreadsKeepTheirOwnRefunds) {
  ScriptedRandom random;
  StandardRetryStrategy strategy(3, random);
  strategy.AcquireSendToken();
  ASSERT_TRUE(strategy.ShouldRetry(1, Timeout()));  // this thread: retry pending, cost 10
  std::thread other([&] {
    strategy.AcquireSendToken();
    strategy.OnSuccess();  // a first-attempt success elsewhere: +1 only
  });
  other.join();
  EXPECT_EQ(strategy.quota().available(), 500 - 10 + 1);
  strategy.AcquireSendToken();
  strategy.OnSuccess();
  EXPECT_EQ(strategy.quota().available(), 500);
}

}  // namespace
}  // namespace raycloud::aws
