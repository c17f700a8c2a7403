#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

// Scalar encodings shared by the serialisers and parsers: timestamps, numbers, percent
// encoding.
namespace raycloud::aws {

/// Formats epoch seconds as ISO-8601 UTC: "2014-04-29T18:30:38Z", with milliseconds
/// ("...38.123Z") only when the time has a fraction. This is how every parsed timestamp is
/// returned.
std::string FormatIso8601(double epoch_seconds);

/// Formats epoch seconds as an HTTP date (RFC 822/7231): "Tue, 29 Apr 2014 18:30:38 GMT".
std::string FormatHttpDate(double epoch_seconds);

/// Formats epoch seconds as a number: "1398796238", or "1398796238.123" with a fraction.
std::string FormatEpoch(double epoch_seconds);

/// Parses any timestamp AWS sends: ISO-8601 (fraction and offset optional), an HTTP date, or
/// epoch seconds. nullopt when it is none of these.
std::optional<double> ParseTimestamp(std::string_view text);

/// A timestamp parameter (epoch number or any string ParseTimestamp accepts) as epoch
/// seconds.
Result<double> TimestampParam(const nlohmann::json& value);

/// Formats a timestamp for the wire in `format` ("iso8601", "rfc822", "unixTimestamp").
std::string FormatTimestamp(double epoch_seconds, std::string_view format);

/// Formats a float/double the way botocore does for text protocols ("1.5", "1.0e+20" is
/// not used: shortest round-trip, "NaN", "Infinity", "-Infinity").
std::string FormatDouble(double value);

}  // namespace raycloud::aws
