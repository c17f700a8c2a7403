#pragma once

#include <cstdint>

#include "aws/retry/retry_quota.h"
#include "aws/retry/retry_strategy.h"

namespace raycloud::aws {

/// The SDKs' standard retry mode: retryable errors (throttling, transient codes, 5xx,
/// timeouts, connection failures) are retried up to the attempt limit after an
/// exponential backoff with full jitter (ComputeBackoff), while the shared RetryQuota lasts
/// (5 tokens a retry, 10 after a timeout; a success refunds its call's last retry cost, or
/// adds 1 when it needed no retry).
class StandardRetryStrategy : public RetryStrategy {
 public:
  StandardRetryStrategy(int max_attempts, Random& random);

  int max_attempts() const override { return max_attempts_; }
  /// Throttling errors are retried up to this many attempts when it exceeds max_attempts.
  void set_throttling_max_attempts(int attempts) { throttling_max_attempts_ = attempts; }
  Status AcquireSendToken() override;
  std::optional<Clock::Duration> ShouldRetry(int attempt, const Error& error,
                                             const AwsError& aws_error,
                                             int max_attempts_override = 0) override;
  using RetryStrategy::ShouldRetry;
  void OnSuccess() override;

  const RetryQuota& quota() const { return quota_; }

 private:
  // What the call running on this thread has taken from the quota.
  struct CallState {
    bool retry_pending = false;  // ShouldRetry granted a retry not yet sent
    int last_retry_cost = 0;
  };
  CallState& ThisThreadsCall();

  const int max_attempts_;
  int throttling_max_attempts_ = 0;
  Random& random_;
  RetryQuota quota_;
  const uint64_t id_;  // keys this strategy's per-thread call state
};

}  // namespace raycloud::aws
