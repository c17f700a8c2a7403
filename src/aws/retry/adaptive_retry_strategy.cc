#include "aws/retry/adaptive_retry_strategy.h"

namespace raycloud::aws {

AdaptiveRetryStrategy::AdaptiveRetryStrategy(int max_attempts, Clock& clock, Random& random)
    : StandardRetryStrategy(max_attempts, random), limiter_(clock) {}

Status AdaptiveRetryStrategy::AcquireSendToken() {
  limiter_.Acquire();
  return StandardRetryStrategy::AcquireSendToken();
}

std::optional<Clock::Duration> AdaptiveRetryStrategy::ShouldRetry(int attempt, const Error& error,
                                                                  const AwsError& aws_error,
                                                                  int max_attempts_override) {
  // Either the parsed answer or the Error's details may say "throttled".
  limiter_.Update(IsThrottlingError(aws_error) || IsThrottlingError(error));
  return StandardRetryStrategy::ShouldRetry(attempt, error, aws_error, max_attempts_override);
}

void AdaptiveRetryStrategy::OnSuccess() {
  limiter_.Update(false);
  StandardRetryStrategy::OnSuccess();
}

}  // namespace raycloud::aws
