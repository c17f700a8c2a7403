#pragma once

#include <vector>

#include "common/error.h"
#include "net/cidr.h"

namespace raycloud::cloud {

/// How a VPC range is carved (cloud-resources.md, "Network"): eight equal blocks; cluster
/// subnet i takes block i; NAT subnets are /28s from the last block.
struct SubnetLayout {
  std::vector<net::Ipv4Cidr> cluster;
  std::vector<net::Ipv4Cidr> nat;
};

/// Carves `cluster_count` cluster subnets (at most 7) and `nat_count` NAT /28s.
Result<SubnetLayout> CarveSubnets(const net::Ipv4Cidr& vpc, size_t cluster_count, size_t nat_count);

}  // namespace raycloud::cloud
