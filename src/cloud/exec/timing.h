#pragma once

#include <chrono>

namespace raycloud::cloud {

/// How long to wait on slow resources, and how often to poll them. Scaled down together in
/// tests and benchmarks.
struct Timing {
  std::chrono::milliseconds resource_timeout{std::chrono::minutes(30)};
  std::chrono::milliseconds max_poll_interval{std::chrono::seconds(15)};
  std::chrono::milliseconds first_poll_interval{std::chrono::seconds(5)};
  /// Seconds an IAM entity may take to become usable elsewhere (propagation retries).
  std::chrono::milliseconds iam_propagation{std::chrono::seconds(60)};
  /// First wait before retrying an ambiguous create (doubling up to max_poll_interval).
  std::chrono::milliseconds first_retry_delay{200};
};

/// The wait before the next poll of something pending for `elapsed`: a tenth of the time
/// waited so far, between first_poll_interval and max_poll_interval. A poll then lands at
/// most ~10% after the resource became ready (doubling could land up to 100% late), and a
/// 10-minute wait still costs only about 50 calls.
std::chrono::milliseconds NextPollDelay(const Timing& timing, std::chrono::milliseconds elapsed);

/// Every duration of `timing` times `factor` (> 0), at least 1 ms: the emulator scales its
/// provisioning delays by one factor, and polling must scale with them to stay comparable.
Timing ScaledTiming(const Timing& timing, double factor);

}  // namespace raycloud::cloud
