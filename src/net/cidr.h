#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"

namespace raycloud::net {

/// An IPv4 network in CIDR form. Parsed once at the edge; the host bits are always zero.
class Ipv4Cidr {
 public:
  /// Parses "a.b.c.d/n". With `require_network_address`, host bits must be zero
  /// ("10.0.0.1/16" is an error naming the network address to use instead).
  static Result<Ipv4Cidr> Parse(std::string_view text, bool require_network_address = true);

  uint32_t address() const { return address_; }
  int prefix() const { return prefix_; }
  uint64_t size() const { return uint64_t{1} << (32 - prefix_); }
  std::string ToString() const;

  bool Contains(const Ipv4Cidr& other) const;
  bool Overlaps(const Ipv4Cidr& other) const;

  /// Splits into `2^bits` equal blocks, in address order.
  std::vector<Ipv4Cidr> Split(int bits) const;
  /// The `index`-th block of prefix `new_prefix` inside this network.
  Ipv4Cidr Subnet(int new_prefix, uint32_t index) const;

  bool operator==(const Ipv4Cidr&) const = default;

 private:
  Ipv4Cidr(uint32_t address, int prefix) : address_(address), prefix_(prefix) {}
  uint32_t address_;
  int prefix_;
};

/// Parses a dotted-quad IPv4 address.
Result<uint32_t> ParseIpv4(std::string_view text);
std::string FormatIpv4(uint32_t address);

}  // namespace raycloud::net
