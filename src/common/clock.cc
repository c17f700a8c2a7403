#include "common/clock.h"

#include <thread>

namespace raycloud {

void SystemClock::SleepFor(Duration duration) { std::this_thread::sleep_for(duration); }

SystemClock& SystemClock::Instance() {
  static SystemClock clock;
  return clock;
}

}  // namespace raycloud
