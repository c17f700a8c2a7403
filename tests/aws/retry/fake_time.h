#pragma once

#include <deque>
#include <mutex>

#include "common/clock.h"
#include "common/random.h"

namespace raycloud::aws::testing_retry {

/// A clock that only moves when told to or when slept on, recording the time slept.
class FakeClock final : public Clock {
 public:
  TimePoint Now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void SleepFor(Duration duration) override {
    std::lock_guard lock(mutex_);
    now_ += duration;
    slept_ += duration;
    ++sleeps_;
  }
  void Advance(Duration duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }
  Duration slept() const {
    std::lock_guard lock(mutex_);
    return slept_;
  }
  int sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint now_ = TimePoint(std::chrono::hours(24 * 365 * 50));
  Duration slept_{0};
  int sleeps_ = 0;
};

/// Returns the queued values in order, then `fallback` forever.
class ScriptedRandom final : public Random {
 public:
  explicit ScriptedRandom(std::deque<double> values = {}, double fallback = 0.5)
      : values_(std::move(values)), fallback_(fallback) {}
  double Uniform() override {
    if (values_.empty()) return fallback_;
    double value = values_.front();
    values_.pop_front();
    return value;
  }

 private:
  std::deque<double> values_;
  double fallback_;
};

}  // namespace raycloud::aws::testing_retry
