#pragma once

#include <fstream>
#include <mutex>
#include <sstream>
#include <string>

#include "common/clock.h"

// Helpers for the aws/auth tests; a namespace of their own so other test folders linked into
// aws_tests can have helpers of the same name.
namespace raycloud::aws::auth_testing {

/// A clock that only moves when told to.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint now) : now_(now) {}
  TimePoint Now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void SleepFor(Duration duration) override { Advance(duration); }
  void Advance(Clock::Duration duration) {
    std::lock_guard lock(mutex_);
    now_ += duration;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint now_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace raycloud::aws::auth_testing
