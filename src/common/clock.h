#pragma once

#include <chrono>

namespace raycloud {

/// Time comes in through this interface so that backoff, polling, credential expiry and
/// timeouts are tested exactly, without sleeping.
class Clock {
 public:
  using TimePoint = std::chrono::system_clock::time_point;
  using Duration = std::chrono::milliseconds;

  virtual ~Clock() = default;
  /// Wall-clock time (signing dates, credential expiry).
  virtual TimePoint Now() const = 0;
  /// Blocks the calling thread for `duration` (a fake clock just advances).
  virtual void SleepFor(Duration duration) = 0;
};

/// The real clock.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
  void SleepFor(Duration duration) override;

  /// A process-wide instance.
  static SystemClock& Instance();
};

}  // namespace raycloud
