#pragma once

#include "aws/retry/client_rate_limiter.h"
#include "aws/retry/standard_retry_strategy.h"

namespace raycloud::aws {

/// The SDKs' adaptive retry mode: standard mode plus a ClientRateLimiter that every
/// attempt waits on, slowed down by throttling answers and sped up again by successes.
class AdaptiveRetryStrategy final : public StandardRetryStrategy {
 public:
  AdaptiveRetryStrategy(int max_attempts, Clock& clock, Random& random);

  Status AcquireSendToken() override;
  std::optional<Clock::Duration> ShouldRetry(int attempt, const Error& error,
                                             const AwsError& aws_error,
                                             int max_attempts_override = 0) override;
  using RetryStrategy::ShouldRetry;
  void OnSuccess() override;

  const ClientRateLimiter& rate_limiter() const { return limiter_; }

 private:
  ClientRateLimiter limiter_;
};

}  // namespace raycloud::aws
