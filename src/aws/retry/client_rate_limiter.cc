#include "aws/retry/client_rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace raycloud::aws {

ClientRateLimiter::ClientRateLimiter(Clock& clock) : clock_(clock) {
  const double now = NowSeconds();
  last_rate_bucket_ = std::floor(now);
  last_throttle_ = now;
}

double ClientRateLimiter::NowSeconds() const {
  return std::chrono::duration<double>(clock_.Now().time_since_epoch()).count();
}

void ClientRateLimiter::Acquire() {
  double wait_seconds = 0;
  {
    std::lock_guard lock(mutex_);
    if (!enabled_) return;
    RefillLocked(NowSeconds());
    // Take the token now, even into debt, and sleep off the debt outside the lock: callers
    // queue up at the fill rate without holding each other up while they wait.
    current_capacity_ -= 1;
    if (current_capacity_ < 0) wait_seconds = -current_capacity_ / fill_rate_;
  }
  if (wait_seconds > 0) {
    clock_.SleepFor(
        std::chrono::duration_cast<Clock::Duration>(std::chrono::duration<double>(wait_seconds)));
  }
}

void ClientRateLimiter::Update(bool throttled) {
  std::lock_guard lock(mutex_);
  const double now = NowSeconds();
  UpdateMeasuredRateLocked(now);
  double rate;
  if (throttled) {
    const double rate_to_use = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
    last_max_rate_ = rate_to_use;
    last_throttle_ = now;
    rate = rate_to_use * kBeta;
    enabled_ = true;
  } else {
    rate = CubicSuccessLocked(now);
  }
  SetRateLocked(now, std::min(rate, 2 * measured_rate_));
}

void ClientRateLimiter::RefillLocked(double now) {
  if (last_refill_ < 0) {
    last_refill_ = now;
    return;
  }
  current_capacity_ =
      std::min(max_capacity_, current_capacity_ + (now - last_refill_) * fill_rate_);
  last_refill_ = now;
}

void ClientRateLimiter::UpdateMeasuredRateLocked(double now) {
  // Requests are counted in half-second buckets and smoothed across buckets.
  const double bucket = std::floor(now * 2) / 2;
  ++request_count_;
  if (bucket > last_rate_bucket_) {
    const double current = request_count_ / (bucket - last_rate_bucket_);
    measured_rate_ = current * kSmoothing + measured_rate_ * (1 - kSmoothing);
    request_count_ = 0;
    last_rate_bucket_ = bucket;
  }
}

void ClientRateLimiter::SetRateLocked(double now, double rate) {
  RefillLocked(now);
  fill_rate_ = std::max(rate, kMinFillRate);
  max_capacity_ = std::max(rate, kMinCapacity);
  current_capacity_ = std::min(current_capacity_, max_capacity_);
}

double ClientRateLimiter::TimeWindowLocked() const {
  return std::cbrt(last_max_rate_ * (1 - kBeta) / kScaleConstant);
}

double ClientRateLimiter::CubicSuccessLocked(double now) const {
  const double dt = now - last_throttle_ - TimeWindowLocked();
  return kScaleConstant * dt * dt * dt + last_max_rate_;
}

bool ClientRateLimiter::enabled() const {
  std::lock_guard lock(mutex_);
  return enabled_;
}

double ClientRateLimiter::fill_rate() const {
  std::lock_guard lock(mutex_);
  return fill_rate_;
}

double ClientRateLimiter::measured_rate() const {
  std::lock_guard lock(mutex_);
  return measured_rate_;
}

}  // namespace raycloud::aws
