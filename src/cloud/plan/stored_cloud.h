#pragma once

#include <vector>

#include "cloud/plan/cloud_plan.h"
#include "store/records.h"

namespace raycloud::cloud {

/// The identity of a stored cloud, read from its record without AWS calls. The account
/// and partition come from the recorded role ARNs (or the register flags); `account_id` is
/// empty when nothing recorded tells it.
CloudIdentity StoredIdentity(const store::CloudRecord& cloud,
                             const std::vector<store::ResourceRecord>& resources);

/// The parameters of the policy documents of a stored cloud: a managed one from its setup
/// options, a registered one from its register flags. Fails when the record does not say
/// which account the cloud is in.
Result<PolicyParams> StoredPolicyParams(const store::CloudRecord& cloud,
                                        const std::vector<store::ResourceRecord>& resources);

/// The partition of a region name (aws, aws-cn, aws-us-gov, ...).
std::string PartitionOfRegion(std::string_view region);

}  // namespace raycloud::cloud
