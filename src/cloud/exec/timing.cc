#include "cloud/exec/timing.h"

#include <algorithm>
#include <cmath>

namespace raycloud::cloud {
namespace {

std::chrono::milliseconds ScaledDuration(std::chrono::milliseconds duration, double factor) {
  auto scaled =
      static_cast<long long>(std::llround(static_cast<double>(duration.count()) * factor));
  return std::chrono::milliseconds(std::max(1LL, scaled));
}

}  // namespace

std::chrono::milliseconds NextPollDelay(const Timing& timing, std::chrono::milliseconds elapsed) {
  return std::clamp(elapsed / 10, timing.first_poll_interval,
                    std::max(timing.first_poll_interval, timing.max_poll_interval));
}

Timing ScaledTiming(const Timing& timing, double factor) {
  return {.resource_timeout = ScaledDuration(timing.resource_timeout, factor),
          .max_poll_interval = ScaledDuration(timing.max_poll_interval, factor),
          .first_poll_interval = ScaledDuration(timing.first_poll_interval, factor),
          .iam_propagation = ScaledDuration(timing.iam_propagation, factor),
          .first_retry_delay = ScaledDuration(timing.first_retry_delay, factor)};
}

}  // namespace raycloud::cloud
