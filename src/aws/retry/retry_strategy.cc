#include "aws/retry/retry_strategy.h"

#include "aws/retry/adaptive_retry_strategy.h"
#include "aws/retry/standard_retry_strategy.h"

namespace raycloud::aws {

std::optional<Clock::Duration> RetryStrategy::ShouldRetry(int attempt, const Error& error) {
  return ShouldRetry(attempt, error, AwsError{});
}

std::unique_ptr<RetryStrategy> MakeRetryStrategy(const RetryConfig& config, Clock& clock,
                                                 Random& random) {
  std::unique_ptr<StandardRetryStrategy> strategy;
  if (config.mode == RetryMode::kAdaptive) {
    strategy = std::make_unique<AdaptiveRetryStrategy>(config.max_attempts, clock, random);
  } else {
    strategy = std::make_unique<StandardRetryStrategy>(config.max_attempts, random);
  }
  strategy->set_throttling_max_attempts(config.throttling_max_attempts);
  return strategy;
}

Result<std::unique_ptr<RetryStrategy>> MakeRetryStrategy(std::string_view mode, int max_attempts,
                                                         Clock& clock, Random& random) {
  auto parsed = ParseRetryMode(mode);
  if (!parsed) return Fail(parsed.error());
  if (max_attempts < 1 || max_attempts > 100) {
    return Fail(
        Error::Invalid("max attempts must be from 1 to 100, not " + std::to_string(max_attempts)));
  }
  return MakeRetryStrategy(RetryConfig{*parsed, max_attempts}, clock, random);
}

}  // namespace raycloud::aws
