#pragma once

#include <string_view>
#include <vector>

namespace raycloud::aws {

/// One AWS partition: a group of regions sharing DNS suffixes and a global signing region.
/// The values follow botocore's partitions.json (the `aws.partition` rules function).
struct Partition {
  std::string_view name;                    // "aws", "aws-cn", "aws-us-gov", "aws-iso"...
  std::string_view dns_suffix;              // "amazonaws.com"
  std::string_view dual_stack_dns_suffix;   // "api.aws"
  std::string_view implicit_global_region;  // signing region of partition-global endpoints
  bool supports_fips = true;
  bool supports_dual_stack = true;
};

/// The partition a region belongs to: its explicit region list first (so `aws-global` and
/// `aws-cn-global` land in theirs), then its region pattern, else "aws" (as the SDKs do,
/// so that new or private regions still resolve).
const Partition& PartitionForRegion(std::string_view region);

/// Every known partition, "aws" first.
const std::vector<Partition>& AllPartitions();

}  // namespace raycloud::aws
