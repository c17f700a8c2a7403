#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"

namespace raycloud::aws {

/// Parses an ISO 8601 / RFC 3339 UTC timestamp as AWS writes credential expirations:
/// `2015-08-30T12:36:00Z`, with optional fractional seconds and a `Z` or `+hh:mm` offset.
/// nullopt for anything else.
std::optional<Clock::TimePoint> ParseIso8601(std::string_view text);

/// `2015-08-30T12:36:00Z` (whole seconds, UTC).
std::string FormatIso8601(Clock::TimePoint time);

/// SigV4's `X-Amz-Date` form, `20150830T123600Z` (UTC).
std::string FormatAmzDate(Clock::TimePoint time);

}  // namespace raycloud::aws
