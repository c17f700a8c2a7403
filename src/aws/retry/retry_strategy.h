#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "aws/aws_error.h"
#include "aws/retry/retry_config.h"
#include "common/clock.h"
#include "common/error.h"
#include "common/random.h"

namespace raycloud::aws {

/// Decides whether and when a failed AWS call is retried (the SDKs' "standard" and
/// "adaptive" retry modes). One instance per client, shared by all its calls; thread-safe.
/// A call's attempts run on one thread, in this order:
///   AcquireSendToken, send, then OnSuccess, or ShouldRetry and (if it returns a delay)
///   sleep and start over.
class RetryStrategy {
 public:
  virtual ~RetryStrategy() = default;

  /// The attempt limit, the first attempt included.
  virtual int max_attempts() const = 0;

  /// Before every attempt. Adaptive mode may sleep here (on the injected Clock) to keep
  /// under its client-side sending rate.
  virtual Status AcquireSendToken() = 0;

  /// After attempt number `attempt` (1-based) failed: the delay before the next attempt,
  /// or std::nullopt to give up. Gives up once `attempt` reaches the attempt limit
  /// (`max_attempts_override` when > 0, else max_attempts()), when the error is not
  /// retryable, or when the retry quota is exhausted. A timeout (Error kind kTimeout) costs
  /// the quota more than another retry. `aws_error` is the parsed AWS answer, if any (its
  /// throttling codes drive adaptive mode).
  virtual std::optional<Clock::Duration> ShouldRetry(int attempt, const Error& error,
                                                     const AwsError& aws_error,
                                                     int max_attempts_override = 0) = 0;

  /// ShouldRetry for an error with no parsed AWS answer beside it (throttling is read from
  /// the Error's details).
  std::optional<Clock::Duration> ShouldRetry(int attempt, const Error& error);

  /// After a successful attempt: refunds the retry quota.
  virtual void OnSuccess() = 0;
};

/// The standard mode's delay before retry number `attempt` (1 = first retry): full jitter,
/// `min(random * base * 2^(attempt-1), max)` with `random` in [0, 1).
Clock::Duration ComputeBackoff(int attempt, double random,
                               Clock::Duration base = std::chrono::seconds(1),
                               Clock::Duration max = std::chrono::seconds(20));

/// The strategy of a retry configuration (legacy behaves as standard).
std::unique_ptr<RetryStrategy> MakeRetryStrategy(const RetryConfig& config, Clock& clock,
                                                 Random& random);

/// The same from a mode name ("standard", "adaptive", "legacy") and an attempt limit
/// (1..100); kInvalidArgument otherwise. `clock` and `random` must outlive the strategy.
Result<std::unique_ptr<RetryStrategy>> MakeRetryStrategy(std::string_view mode, int max_attempts,
                                                         Clock& clock, Random& random);

}  // namespace raycloud::aws
