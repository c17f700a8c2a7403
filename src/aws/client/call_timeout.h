#pragma once

#include <chrono>

#include "aws/auth/environment.h"
#include "common/error.h"

namespace raycloud::aws {

/// The environment variable that overrides the per-call HTTP timeout, in seconds.
inline constexpr const char* kCallTimeoutVariable = "RAYCLOUD_AWS_CALL_TIMEOUT";

/// How long one HTTP attempt may take before it counts as a (retryable) timeout: 60 s as
/// botocore's read timeout, or RAYCLOUD_AWS_CALL_TIMEOUT seconds (0.1 to 3600, fractions
/// allowed) so a silent endpoint cannot hold a run for minutes. Anything else is
/// kInvalidArgument naming the variable.
Result<std::chrono::milliseconds> ResolveCallTimeout(const EnvLookup& env);

}  // namespace raycloud::aws
