#include "verify/registry.h"

#include <chrono>
#include <cstdint>
#include <ctime>

#include "common/log.h"
#include "verify/checks/checks.h"
#include "verify/checks/tag_fixes.h"

namespace raycloud::verify {
namespace {

// CPU time of the calling thread: on a busy machine wall time mostly measures other work.
int64_t ThreadCpuMicros() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return int64_t{now.tv_sec} * 1'000'000 + now.tv_nsec / 1000;
}

}  // namespace

const std::vector<CheckEntry>& Registry() {
  static const std::vector<CheckEntry> kRegistry = {
      // Network.
      {{"vpc.exists", "vpc.cidr_size", "vpc.dns_support", "vpc.dns_hostnames"}, CheckVpc},
      {{"vpc.internet_egress"}, CheckVpcInternetEgress},
      {{"vpc.s3_endpoint"}, CheckVpcS3Endpoint},
      {{"subnets.exists", "subnets.in_vpc", "subnets.count", "subnets.availability_zones",
        "subnets.cidr_size", "subnets.free_addresses", "subnets.public_ip_mapping"},
       CheckSubnets},
      {{"security_groups.exists", "security_groups.https_ingress",
        "security_groups.intra_cluster_ingress", "security_groups.intra_cluster_egress",
        "security_groups.internet_egress", "security_groups.exposed_ports"},
       CheckSecurityGroups},
      {{"network_acls.allow_cluster_traffic"}, CheckNetworkAcls},
      // Identity.
      {{"iam.same_account"}, CheckIamSameAccount},
      {{"iam.control_plane_role.exists", "iam.control_plane_role.trust",
        "iam.control_plane_role.external_id"},
       CheckControlPlaneRole},
      {{"iam.control_plane_role.permissions"}, CheckControlPlanePermissions},
      {{"iam.control_plane_role.assume"}, CheckControlPlaneAssume},
      {{"iam.instance_role.exists", "iam.instance_role.trust",
        "iam.instance_role.instance_profile"},
       CheckInstanceRole},
      {{"iam.instance_role.s3_access"}, CheckInstanceRoleS3Access},
      // Storage.
      {{"s3.bucket.exists", "s3.bucket.region"}, CheckBucket},
      {{"s3.bucket.control_plane_access"}, CheckBucketControlPlaneAccess},
      {{"s3.bucket.cors"}, CheckBucketCors},
      {{"s3.bucket.encryption"}, CheckBucketEncryption},
      {{"s3.bucket.public_access_block"}, CheckBucketPublicAccessBlock},
      {{"s3.bucket.tls_only"}, CheckBucketTlsOnly},
      {{"s3.bucket.lifecycle"}, CheckBucketLifecycle},
      {{"efs.exists", "efs.mount_targets", "efs.mount_target_security_groups", "efs.encryption",
        "efs.backup"},
       CheckEfs},
      {{"memorydb.exists", "memorydb.tls", "memorydb.replicas", "memorydb.network",
        "memorydb.security_group", "memorydb.maxmemory_policy"},
       CheckMemoryDb},
      // Account.
      {{"quotas.vpc"}, CheckVpcQuota},
      {{"quotas.ec2_vcpu"}, CheckEc2VcpuQuotas},
      {{"audit.cloudtrail"}, CheckCloudTrail},
  };
  return kRegistry;
}

std::vector<std::string_view> AllCheckIds() {
  std::vector<std::string_view> ids;
  for (const auto& entry : Registry()) ids.insert(ids.end(), entry.ids.begin(), entry.ids.end());
  return ids;
}

std::string_view AreaOf(std::string_view id) {
  if (id.starts_with("vpc.") || id.starts_with("subnets.") || id.starts_with("security_groups.") ||
      id.starts_with("network_acls.")) {
    return "Network";
  }
  if (id.starts_with("iam.")) return "Identity";
  if (id.starts_with("s3.") || id.starts_with("efs.") || id.starts_with("memorydb.")) {
    return "Storage";
  }
  return "Account";
}

Findings RunChecks(const CloudSnapshot& snapshot) {
  auto started = std::chrono::steady_clock::now();
  int64_t cpu_started = ThreadCpuMicros();
  Findings out;
  for (const auto& entry : Registry()) {
    Findings findings = entry.run(snapshot);
    out.insert(out.end(), std::make_move_iterator(findings.begin()),
               std::make_move_iterator(findings.end()));
  }
  AddMissingTagFixes(snapshot, out);
  // Local evaluation time, apart from gathering (bench/suites/verify reads it with -v).
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  log::Get("verify")->debug("evaluated cloud={} findings={} us={} cpu_us={}",
                            snapshot.target.cloud_name, out.size(), elapsed.count(),
                            ThreadCpuMicros() - cpu_started);
  return out;
}

}  // namespace raycloud::verify
