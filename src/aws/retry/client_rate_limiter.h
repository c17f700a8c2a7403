#pragma once

#include <mutex>

#include "common/clock.h"

namespace raycloud::aws {

/// The adaptive retry mode's client-side rate limiter, as the AWS SDKs implement it: a token
/// bucket refilled at `fill_rate` requests per second, off until the first throttling
/// answer; the rate then follows a CUBIC curve (cut by kBeta on each throttle, growing back
/// towards and past the rate at the last throttle) capped at twice the measured send rate.
/// Time comes from the injected Clock; Acquire sleeps on it. Thread-safe.
class ClientRateLimiter {
 public:
  static constexpr double kBeta = 0.7;           // multiplicative cut on throttling
  static constexpr double kScaleConstant = 0.4;  // CUBIC growth scale
  static constexpr double kSmoothing = 0.8;      // weight of the newest measured rate
  static constexpr double kMinFillRate = 0.5;    // requests per second
  static constexpr double kMinCapacity = 1.0;

  explicit ClientRateLimiter(Clock& clock);

  /// Before sending: takes one token, sleeping until one is available. Returns at once while
  /// no throttling has been seen.
  void Acquire();

  /// After every answer: `throttled` when AWS answered with a throttling error.
  void Update(bool throttled);

  // Observers for tests and debug logs.
  bool enabled() const;
  double fill_rate() const;
  double measured_rate() const;

 private:
  double NowSeconds() const;
  void RefillLocked(double now);
  void UpdateMeasuredRateLocked(double now);
  void SetRateLocked(double now, double rate);
  double CubicSuccessLocked(double now) const;
  double TimeWindowLocked() const;

  Clock& clock_;
  mutable std::mutex mutex_;
  bool enabled_ = false;
  double fill_rate_ = 0;
  double max_capacity_ = 0;
  double current_capacity_ = 0;
  double last_refill_ = -1;  // seconds; < 0 until the first refill
  double measured_rate_ = 0;
  double last_rate_bucket_;
  int request_count_ = 0;
  double last_max_rate_ = 0;
  double last_throttle_;
};

}  // namespace raycloud::aws
