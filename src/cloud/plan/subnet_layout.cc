#include "cloud/plan/subnet_layout.h"

#include <fmt/format.h>

namespace raycloud::cloud {
namespace {

constexpr int kBlockBits = 3;  // eight equal blocks
constexpr int kNatPrefix = 28;

}  // namespace

Result<SubnetLayout> CarveSubnets(const net::Ipv4Cidr& vpc, size_t cluster_count,
                                  size_t nat_count) {
  const auto blocks = vpc.Split(kBlockBits);
  // The last block is reserved for the NAT subnets, so at most seven cluster subnets.
  if (cluster_count > blocks.size() - 1) {
    return Fail(Error::Invalid(fmt::format("{} cluster subnets do not fit in {} (at most {})",
                                           cluster_count, vpc.ToString(), blocks.size() - 1)));
  }
  const net::Ipv4Cidr& nat_block = blocks.back();
  if (nat_block.prefix() > kNatPrefix ||
      nat_count > (uint64_t{1} << (kNatPrefix - nat_block.prefix()))) {
    return Fail(Error::Invalid(
        fmt::format("{} NAT subnets do not fit in {}", nat_count, nat_block.ToString())));
  }
  SubnetLayout layout;
  layout.cluster.assign(blocks.begin(), blocks.begin() + static_cast<long>(cluster_count));
  for (size_t i = 0; i < nat_count; ++i) {
    layout.nat.push_back(nat_block.Subnet(kNatPrefix, static_cast<uint32_t>(i)));
  }
  return layout;
}

}  // namespace raycloud::cloud
