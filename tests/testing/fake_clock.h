#pragma once

#include <mutex>

#include "common/clock.h"

namespace raycloud::testing {

/// A clock that only moves when told to; SleepFor advances it and records the sleep.
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
  }
  void Advance(Duration duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }
  Duration slept() const {
    std::lock_guard lock(mutex_);
    return slept_;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint now_ = TimePoint(std::chrono::seconds(1767225600));  // 2026-01-01T00:00:00Z
  Duration slept_{0};
};

}  // namespace raycloud::testing
