#pragma once

// Every check, one pure function each (or one per small group of closely related ids):
// snapshot in, findings out. The registry (verify/registry.h) lists them in report order.

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify {

// Network (vpc_checks.cc, vpc_internet_egress.cc, vpc_s3_endpoint.cc, subnet_checks.cc,
// security_group_checks.cc, network_acl_check.cc).
Findings CheckVpc(const CloudSnapshot& snapshot);  // vpc.exists, cidr_size, dns_*
Findings CheckVpcInternetEgress(const CloudSnapshot& snapshot);
Findings CheckVpcS3Endpoint(const CloudSnapshot& snapshot);
Findings CheckSubnets(const CloudSnapshot& snapshot);         // subnets.*
Findings CheckSecurityGroups(const CloudSnapshot& snapshot);  // security_groups.*
Findings CheckNetworkAcls(const CloudSnapshot& snapshot);

// Identity (iam_*.cc).
Findings CheckIamSameAccount(const CloudSnapshot& snapshot);
Findings CheckControlPlaneRole(const CloudSnapshot& snapshot);  // exists, trust, external_id
Findings CheckControlPlanePermissions(const CloudSnapshot& snapshot);
Findings CheckControlPlaneAssume(const CloudSnapshot& snapshot);
Findings CheckInstanceRole(const CloudSnapshot& snapshot);  // exists, trust, instance_profile
Findings CheckInstanceRoleS3Access(const CloudSnapshot& snapshot);

// Storage (s3_bucket_checks.cc, s3_bucket_config_checks.cc, efs_checks.cc,
// memorydb_checks.cc).
Findings CheckBucket(const CloudSnapshot& snapshot);  // exists, region
Findings CheckBucketControlPlaneAccess(const CloudSnapshot& snapshot);
Findings CheckBucketCors(const CloudSnapshot& snapshot);
Findings CheckBucketEncryption(const CloudSnapshot& snapshot);
Findings CheckBucketPublicAccessBlock(const CloudSnapshot& snapshot);
Findings CheckBucketTlsOnly(const CloudSnapshot& snapshot);
Findings CheckBucketLifecycle(const CloudSnapshot& snapshot);
Findings CheckEfs(const CloudSnapshot& snapshot);       // efs.*
Findings CheckMemoryDb(const CloudSnapshot& snapshot);  // memorydb.*

// Account (account_checks.cc).
Findings CheckVpcQuota(const CloudSnapshot& snapshot);
Findings CheckEc2VcpuQuotas(const CloudSnapshot& snapshot);
Findings CheckCloudTrail(const CloudSnapshot& snapshot);

}  // namespace raycloud::verify
