#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace raycloud::iam {

/// A decimal number as IAM's Numeric operators read it ("10", "-2.5"); nullopt otherwise.
std::optional<double> ParseNumber(std::string_view text);

/// A date as IAM's Date operators read it: ISO 8601 (`2024-01-31`, `2024-01-31T10:00:00Z`,
/// fractional seconds, `+02:00` offsets) or epoch seconds. Returns milliseconds since the
/// epoch, or nullopt.
std::optional<int64_t> ParseDateMillis(std::string_view text);

/// An IPv4 or IPv6 network (an address is a /32 or /128).
struct IpNetwork {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};
  int prefix = 0;

  /// True when `address` (an address, not a network) lies inside this network.
  bool Contains(const IpNetwork& address) const;
};

/// Parses `a.b.c.d[/n]` or an IPv6 address (with `::` and an embedded IPv4 tail) `[/n]`.
std::optional<IpNetwork> ParseIpNetwork(std::string_view text);

}  // namespace raycloud::iam
