#pragma once

// Rebuilding what the store lost about a cloud from the tags and shapes of what exists
// (`cloud gc --import`, and `cloud gc --delete` for a cloud the store never knew).

#include <string>
#include <string_view>
#include <vector>

#include "cloud/gc/orphans.h"
#include "cloud/plan/setup_options.h"
#include "store/records.h"

namespace raycloud::cloud {

/// The setup options of `cloud` as far as its resources show them: name, region, VPC
/// CIDR, zones (in subnet-block order), private network and NAT layout, NFS, MemoryDB and
/// its node type, bucket name, ingress CIDRs, control-plane principal and user tags. What
/// no resource shows (KMS key, versioning, CORS origins, ECR access, log retention) keeps
/// its default.
SetupOptions RebuildOptions(const OrphanCloud& cloud, std::string_view region);

/// The 12-digit account of the cloud's IAM ARNs; "" when no role or profile exists.
std::string AccountOfResources(const std::vector<TaggedResource>& resources);

/// The external id in the control-plane role's trust policy; "" when there is none.
std::string ExternalIdOfResources(const std::vector<TaggedResource>& resources);

/// A record for `cloud` (status `creating`, managed, in `org_id`) with the rebuilt options.
store::CloudRecord RebuildRecord(const OrphanCloud& cloud, std::string_view region,
                                 std::string_view org_id);

}  // namespace raycloud::cloud
