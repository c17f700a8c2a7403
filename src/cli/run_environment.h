#pragma once

#include "cloud/setup/setup_service.h"
#include "common/error.h"

namespace raycloud::cli {

/// Applies the environment variables that tune how setup, update and delete run, for
/// tests and benchmarks against the emulator (docs/benchmarks.md):
///   RAYCLOUD_TIME_SCALE    factor (> 0) on polling intervals, retry backoff and resource
///                          timeouts, to match the emulator's scaled provisioning delays;
///   RAYCLOUD_MAX_IN_FLIGHT the cap on resources worked on at once (>= 1; 1 = one at a time).
/// A malformed value is Error::Invalid naming the variable (exit 2).
Status ApplyRunEnvironment(cloud::RunSettings& settings);

}  // namespace raycloud::cli
