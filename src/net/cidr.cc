#include "net/cidr.h"

#include <charconv>

#include "common/strings.h"

namespace raycloud::net {

Result<uint32_t> ParseIpv4(std::string_view text) {
  auto parts = strings::Split(text, '.');
  if (parts.size() != 4) return Fail(Error::Invalid("'" + std::string(text) + "' is not an IPv4 address"));
  uint32_t address = 0;
  for (const auto& part : parts) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc() || end != part.data() + part.size() ||
        value > 255) {
      return Fail(Error::Invalid("'" + std::string(text) + "' is not an IPv4 address"));
    }
    address = (address << 8) | value;
  }
  return address;
}

std::string FormatIpv4(uint32_t address) {
  return std::to_string(address >> 24) + "." + std::to_string((address >> 16) & 0xff) + "." +
         std::to_string((address >> 8) & 0xff) + "." + std::to_string(address & 0xff);
}

Result<Ipv4Cidr> Ipv4Cidr::Parse(std::string_view text, bool require_network_address) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return Fail(Error::Invalid("'" + std::string(text) + "' is not a CIDR block (expected a.b.c.d/n)"));
  }
  auto address = ParseIpv4(text.substr(0, slash));
  if (!address) return Fail(Error::Invalid("'" + std::string(text) + "' is not a CIDR block (expected a.b.c.d/n)"));
  std::string_view prefix_text = text.substr(slash + 1);
  int prefix = -1;
  auto [end, ec] = std::from_chars(prefix_text.data(), prefix_text.data() + prefix_text.size(), prefix);
  if (prefix_text.empty() || ec != std::errc() || end != prefix_text.data() + prefix_text.size() ||
      prefix < 0 || prefix > 32) {
    return Fail(Error::Invalid("'" + std::string(text) + "' has an invalid prefix length (0-32)"));
  }
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  if ((*address & ~mask) != 0 && require_network_address) {
    return Fail(Error::Invalid("'" + std::string(text) + "' has host bits set; the network address is " +
                               FormatIpv4(*address & mask) + "/" + std::to_string(prefix)));
  }
  return Ipv4Cidr(*address & mask, prefix);
}

std::string Ipv4Cidr::ToString() const { return FormatIpv4(address_) + "/" + std::to_string(prefix_); }

bool Ipv4Cidr::Contains(const Ipv4Cidr& other) const {
  if (other.prefix_ < prefix_) return false;
  uint32_t mask = prefix_ == 0 ? 0 : ~uint32_t{0} << (32 - prefix_);
  return (other.address_ & mask) == address_;
}

bool Ipv4Cidr::Overlaps(const Ipv4Cidr& other) const { return Contains(other) || other.Contains(*this); }

Ipv4Cidr Ipv4Cidr::Subnet(int new_prefix, uint32_t index) const {
  return Ipv4Cidr(address_ + static_cast<uint32_t>(index * (uint64_t{1} << (32 - new_prefix))), new_prefix);
}

std::vector<Ipv4Cidr> Ipv4Cidr::Split(int bits) const {
  std::vector<Ipv4Cidr> blocks;
  int new_prefix = prefix_ + bits;
  if (bits < 0 || new_prefix > 32) return blocks;
  for (uint32_t i = 0; i < (uint32_t{1} << bits); ++i) blocks.push_back(Subnet(new_prefix, i));
  return blocks;
}

}  // namespace raycloud::net
