#include "aws/retry/standard_retry_strategy.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <unordered_map>

#include "aws/aws_error.h"

namespace raycloud::aws {
namespace {

uint64_t NextStrategyId() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1);
}

bool IsTimeout(const Error& error) {
  if (error.kind == ErrorKind::kTimeout) return true;
  auto it = error.details.find("timeout");
  return it != error.details.end() && it->second == "true";
}

}  // namespace

Clock::Duration ComputeBackoff(int attempt, double random, Clock::Duration base,
                               Clock::Duration max) {
  // Exponent capped so that 2^n cannot overflow; the cap at `max` applies long before.
  const double scale = std::ldexp(1.0, std::clamp(attempt - 1, 0, 30));
  const double millis = std::min(random * static_cast<double>(base.count()) * scale,
                                 static_cast<double>(max.count()));
  return Clock::Duration(static_cast<Clock::Duration::rep>(millis));
}

StandardRetryStrategy::StandardRetryStrategy(int max_attempts, Random& random)
    : max_attempts_(std::max(1, max_attempts)), random_(random), id_(NextStrategyId()) {}

StandardRetryStrategy::CallState& StandardRetryStrategy::ThisThreadsCall() {
  // The interface carries no per-call handle, and a call's attempts run on one thread, so
  // the call's quota bookkeeping lives with the thread, keyed by strategy.
  thread_local std::unordered_map<uint64_t, CallState> calls;
  return calls[id_];
}

Status StandardRetryStrategy::AcquireSendToken() {
  CallState& call = ThisThreadsCall();
  // Not the retry ShouldRetry granted: a new call starts with nothing to refund.
  if (!call.retry_pending) call.last_retry_cost = 0;
  call.retry_pending = false;
  return {};
}

std::optional<Clock::Duration> StandardRetryStrategy::ShouldRetry(int attempt, const Error& error,
                                                                  const AwsError& aws_error,
                                                                  int max_attempts_override) {
  CallState& call = ThisThreadsCall();
  call.retry_pending = false;
  int limit = max_attempts_override > 0 ? max_attempts_override : max_attempts_;
  if (max_attempts_override == 0 && (IsThrottlingError(aws_error) || IsThrottlingError(error))) {
    limit = std::max(limit, throttling_max_attempts_);
  }
  if (attempt >= limit || !error.retryable()) return std::nullopt;
  const int cost = IsTimeout(error) ? RetryQuota::kTimeoutRetryCost : RetryQuota::kRetryCost;
  if (!quota_.TryAcquire(cost)) return std::nullopt;
  call.retry_pending = true;
  call.last_retry_cost = cost;
  return ComputeBackoff(attempt, random_.Uniform());
}

void StandardRetryStrategy::OnSuccess() {
  CallState& call = ThisThreadsCall();
  quota_.Release(call.last_retry_cost > 0 ? call.last_retry_cost : RetryQuota::kNoRetryIncrement);
  call = CallState{};
}

}  // namespace raycloud::aws
