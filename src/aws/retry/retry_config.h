#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/auth/environment.h"
#include "common/error.h"

namespace raycloud::aws {

/// The AWS SDK retry modes. `legacy` is accepted for compatibility and behaves as standard
/// (with the legacy default of 5 attempts).
enum class RetryMode { kStandard, kAdaptive, kLegacy };

/// "standard", "adaptive" or "legacy".
const char* RetryModeName(RetryMode mode);

/// Parses a retry mode name (case-insensitive); kInvalidArgument otherwise.
Result<RetryMode> ParseRetryMode(std::string_view name);

struct RetryConfig {
  RetryMode mode = RetryMode::kStandard;
  int max_attempts = 3;  // attempts in all, the first included
  /// Attempts for throttling errors when larger than max_attempts (0: max_attempts). A busy
  /// account is the one failure that waiting always cures.
  int throttling_max_attempts = 0;
};

/// The retry settings by precedence: AWS_RETRY_MODE over the profile's `retry_mode`,
/// AWS_MAX_ATTEMPTS over the profile's `max_attempts` (default 3, 5 in legacy mode).
/// A bad mode or a max_attempts outside 1..100 is kInvalidArgument naming its source.
Result<RetryConfig> ResolveRetryConfig(const EnvLookup& env,
                                       const std::optional<std::string>& profile_retry_mode,
                                       const std::optional<std::string>& profile_max_attempts);

}  // namespace raycloud::aws
