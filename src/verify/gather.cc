#include "verify/gather.h"

#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <future>
#include <set>

#include "common/log.h"
#include "common/thread_pool.h"
#include "verify/checks/check_util.h"
#include "verify/checks/kms_key_access.h"
#include "verify/policy_reader.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;

constexpr const char* kVcpuQuotaCodes[] = {"L-1216C47A", "L-34B43A08", "L-DB2E81BA",
                                           "L-3819A6DF", "L-417A185B", "L-7212CCBC"};
constexpr const char* kVpcQuotaCodes[] = {"L-F678F1CE", "L-A4707A72"};
// Pages of GetAccountAuthorizationDetails before falling back to reading policies one by
// one: a dedicated account fits in one; a crowded one should not cost dozens of calls.
constexpr size_t kMaxPolicyPages = 3;

// One round of calls run concurrently; every task writes only its own result slot.
class Round {
 public:
  explicit Round(ThreadPool& pool) : pool_(pool) {}

  void Add(std::function<void()> task) { pending_.push_back(pool_.Submit(std::move(task))); }

  void Call(aws::AwsClient& client, CallResult* out, std::string service, std::string operation,
            json params) {
    Add([&client, out, service = std::move(service), operation = std::move(operation),
         params = std::move(params)] {
      *out = CallResult::From(client.CallAll(service, operation, params));
    });
  }

  void Wait() {
    for (auto& future : pending_) future.get();
    pending_.clear();
  }

 private:
  ThreadPool& pool_;
  std::vector<std::future<void>> pending_;
};

json Filter(const char* name, const std::vector<std::string>& values) {
  return json::array({{{"Name", name}, {"Values", values}}});
}

std::string RoleName(const std::string& arn) {
  auto slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

void AddRoleCalls(Round& round, aws::AwsClient& client, RoleSnapshot& role, bool profile) {
  json name = {{"RoleName", role.name}};
  round.Call(client, &role.role, "iam", "GetRole", name);
  round.Call(client, &role.inline_policies, "iam", "ListRolePolicies", name);
  round.Call(client, &role.attached_policies, "iam", "ListAttachedRolePolicies", name);
  if (profile) {
    round.Call(client, &role.instance_profile, "iam", "GetInstanceProfile",
               {{"InstanceProfileName", role.name}});
  }
}

// A customer-managed policy of a role whose document comes from the bulk read.
struct DeferredPolicy {
  RoleSnapshot* role;
  size_t slot;
  std::string arn;
  PolicyDocument::Kind kind;
};

// The policy documents of a role, once its lists are known. Each document is read by its
// own task into its own slot, except customer-managed ones: those are appended to
// `deferred` and read in bulk, so the number of calls does not grow with the policies.
void AddPolicyCalls(Round& round, aws::AwsClient& client, RoleSnapshot& role,
                    std::vector<DeferredPolicy>& deferred) {
  std::vector<std::pair<std::string, PolicyDocument::Kind>> managed;
  for (const auto& attached : ListOf(role.attached_policies, "AttachedPolicies")) {
    managed.emplace_back(Text(attached, "PolicyArn"), PolicyDocument::Kind::kManaged);
  }
  if (role.role.ok()) {
    std::string boundary = Text(
        role.role.output.value("Role", json::object()).value("PermissionsBoundary", json::object()),
        "PermissionsBoundaryArn");
    if (!boundary.empty()) managed.emplace_back(boundary, PolicyDocument::Kind::kBoundary);
  }
  const json& inline_names = ListOf(role.inline_policies, "PolicyNames");
  role.policies.resize(inline_names.size() + managed.size());
  size_t slot = 0;
  for (const auto& name : inline_names) {
    round.Add([&client, &role, slot, name = name.get<std::string>()] {
      role.policies[slot] = ReadInlinePolicy(client, role.name, name);
    });
    ++slot;
  }
  for (auto& [arn, kind] : managed) {
    if (IsCustomerManagedPolicy(arn)) {
      deferred.push_back({&role, slot, arn, kind});
    } else {
      round.Add([&client, &role, slot, arn, kind] {
        role.policies[slot] = ReadManagedPolicy(client, arn, kind);
      });
    }
    ++slot;
  }
}

// Fills the deferred policies from the bulk read; any it did not return is read alone.
void AddDeferredPolicies(Round& round, aws::AwsClient& client,
                         const std::vector<DeferredPolicy>& deferred,
                         const std::map<std::string, json>& documents) {
  for (const auto& policy : deferred) {
    auto found = documents.find(policy.arn);
    if (found != documents.end()) {
      policy.role->policies[policy.slot] =
          PolicyDocument{.name = policy.arn, .kind = policy.kind, .document = found->second};
      continue;
    }
    round.Add([&client, policy] {
      policy.role->policies[policy.slot] = ReadManagedPolicy(client, policy.arn, policy.kind);
    });
  }
}

// The KMS key the bucket encrypts with, or the one the cloud asked for.
std::string KmsKeyToRead(const CloudSnapshot& s) {
  std::string key = BucketKmsKey(s);
  return key.empty() || key == "aws/s3" ? s.target.kms_key_id : key;
}

bool IsKmsAlias(const std::string& key) {
  return key.starts_with("alias/") || key.find(":alias/") != std::string::npos;
}

}  // namespace

CloudSnapshot GatherSnapshot(aws::AwsClient& client, const VerifyTarget& target,
                             const GatherOptions& options) {
  auto started = std::chrono::steady_clock::now();
  uint64_t requests_before = client.requests_sent();
  CloudSnapshot s;
  s.target = target;
  const VerifyTarget& t = s.target;
  aws::AwsClient& control_plane =
      options.control_plane_client ? *options.control_plane_client : client;
  ThreadPool pool(std::max<size_t>(1, options.concurrency));
  Round round(pool);

  // Round 1: everything that needs only the target.
  round.Call(client, &s.caller, "sts", "GetCallerIdentity", json::object());
  if (&control_plane != &client) {
    round.Call(control_plane, &s.control_plane_caller, "sts", "GetCallerIdentity", json::object());
  }
  if (!t.vpc_id.empty()) {
    round.Call(client, &s.vpcs, "ec2", "DescribeVpcs", {{"Filters", Filter("vpc-id", {t.vpc_id})}});
    round.Call(client, &s.dns_support, "ec2", "DescribeVpcAttribute",
               {{"VpcId", t.vpc_id}, {"Attribute", "enableDnsSupport"}});
    round.Call(client, &s.dns_hostnames, "ec2", "DescribeVpcAttribute",
               {{"VpcId", t.vpc_id}, {"Attribute", "enableDnsHostnames"}});
    round.Call(client, &s.vpc_subnets, "ec2", "DescribeSubnets",
               {{"Filters", Filter("vpc-id", {t.vpc_id})}});
    round.Call(client, &s.internet_gateways, "ec2", "DescribeInternetGateways",
               {{"Filters", Filter("attachment.vpc-id", {t.vpc_id})}});
    // DescribeNatGateways names its filter list "Filter".
    round.Call(client, &s.nat_gateways, "ec2", "DescribeNatGateways",
               {{"Filter", Filter("vpc-id", {t.vpc_id})}});
    round.Call(client, &s.vpc_endpoints, "ec2", "DescribeVpcEndpoints",
               {{"Filters", Filter("vpc-id", {t.vpc_id})}});
    round.Call(client, &s.vpc_security_groups, "ec2", "DescribeSecurityGroups",
               {{"Filters", Filter("vpc-id", {t.vpc_id})}});
  }
  // Filtering by id (rather than passing the ids) answers with the ones that exist instead
  // of failing the whole call on the first missing one.
  if (!t.subnet_ids.empty()) {
    round.Call(client, &s.subnets, "ec2", "DescribeSubnets",
               {{"Filters", Filter("subnet-id", t.subnet_ids)}});
  }
  if (!t.security_group_ids.empty()) {
    round.Call(client, &s.security_groups, "ec2", "DescribeSecurityGroups",
               {{"Filters", Filter("group-id", t.security_group_ids)}});
  }

  s.control_plane_role.name = RoleName(t.control_plane_role_arn);
  s.instance_role.name = RoleName(t.instance_role_arn);
  if (!t.control_plane_role_arn.empty()) {
    AddRoleCalls(round, client, s.control_plane_role, false);
    if (options.try_assume_role && !t.external_id.empty()) {
      round.Add([&] {
        auto answer = control_plane.Call("sts", "AssumeRole",
                                         {{"RoleArn", t.control_plane_role_arn},
                                          {"RoleSessionName", "raycloud-verify"},
                                          {"ExternalId", t.external_id},
                                          {"DurationSeconds", 900}});
        // Only whether it worked matters: the credentials never leave this function.
        if (answer) answer->erase("Credentials");
        s.assume_role = CallResult::From(answer);
      });
    }
  }
  if (!t.instance_role_arn.empty()) AddRoleCalls(round, client, s.instance_role, true);

  if (!t.bucket.empty()) {
    json bucket = {{"Bucket", t.bucket}};
    json owned = bucket;
    if (!t.account_id.empty()) owned["ExpectedBucketOwner"] = t.account_id;
    round.Call(client, &s.bucket_location, "s3", "GetBucketLocation", owned);
    round.Call(client, &s.bucket_policy, "s3", "GetBucketPolicy", owned);
    round.Call(client, &s.bucket_cors, "s3", "GetBucketCors", owned);
    round.Call(client, &s.bucket_encryption, "s3", "GetBucketEncryption", owned);
    round.Call(client, &s.public_access_block, "s3", "GetPublicAccessBlock", owned);
    round.Call(client, &s.bucket_lifecycle, "s3", "GetBucketLifecycleConfiguration", owned);
  }
  if (!t.efs_id.empty()) {
    json fs = {{"FileSystemId", t.efs_id}};
    round.Call(client, &s.file_systems, "efs", "DescribeFileSystems", fs);
    round.Call(client, &s.mount_targets, "efs", "DescribeMountTargets", fs);
    round.Call(client, &s.backup_policy, "efs", "DescribeBackupPolicy", fs);
  }
  if (!t.memorydb_cluster_name.empty()) {
    round.Call(client, &s.memorydb_clusters, "memorydb", "DescribeClusters",
               {{"ClusterName", t.memorydb_cluster_name}, {"ShowShardDetails", true}});
  }
  for (const char* code : kVcpuQuotaCodes) {
    CallResult* slot = &s.service_quotas[std::string("ec2/") + code];
    round.Call(client, slot, "service-quotas", "GetServiceQuota",
               {{"ServiceCode", "ec2"}, {"QuotaCode", code}});
  }
  if (t.check_vpc_quota) {
    for (const char* code : kVpcQuotaCodes) {
      CallResult* slot = &s.service_quotas[std::string("vpc/") + code];
      round.Call(client, slot, "service-quotas", "GetServiceQuota",
                 {{"ServiceCode", "vpc"}, {"QuotaCode", code}});
    }
    round.Call(client, &s.region_vpcs, "ec2", "DescribeVpcs", json::object());
    round.Call(client, &s.region_internet_gateways, "ec2", "DescribeInternetGateways",
               json::object());
  }
  round.Call(client, &s.trails, "cloudtrail", "DescribeTrails", {{"includeShadowTrails", true}});
  round.Wait();
  if (&control_plane == &client) s.control_plane_caller = s.caller;

  // Round 2: what depends on round 1 (the VPCs the subnets are in, policy lists, mount
  // targets, the cluster's groups, the trails, the bucket's key).
  std::set<std::string> vpc_ids;
  if (!t.vpc_id.empty()) vpc_ids.insert(t.vpc_id);
  for (const auto& subnet : ListOf(s.subnets, "Subnets")) vpc_ids.insert(Text(subnet, "VpcId"));
  if (!vpc_ids.empty()) {
    std::vector<std::string> vpcs(vpc_ids.begin(), vpc_ids.end());
    round.Call(client, &s.route_tables, "ec2", "DescribeRouteTables",
               {{"Filters", Filter("vpc-id", vpcs)}});
    round.Call(client, &s.network_acls, "ec2", "DescribeNetworkAcls",
               {{"Filters", Filter("vpc-id", vpcs)}});
  }
  std::vector<DeferredPolicy> deferred;
  AddPolicyCalls(round, client, s.control_plane_role, deferred);
  AddPolicyCalls(round, client, s.instance_role, deferred);
  std::map<std::string, json> customer_managed;
  if (!deferred.empty()) {
    round.Add([&] { customer_managed = ReadCustomerManagedPolicies(client, kMaxPolicyPages); });
  }
  for (const auto& target : ListOf(s.mount_targets, "MountTargets")) {
    std::string id = Text(target, "MountTargetId");
    round.Call(client, &s.mount_target_security_groups[id], "efs",
               "DescribeMountTargetSecurityGroups", {{"MountTargetId", id}});
  }
  if (const json* cluster =
          FindById(s.memorydb_clusters, "Clusters", "Name", t.memorydb_cluster_name)) {
    std::string subnet_group = Text(*cluster, "SubnetGroupName");
    std::string parameter_group = Text(*cluster, "ParameterGroupName");
    if (!subnet_group.empty()) {
      round.Call(client, &s.memorydb_subnet_groups, "memorydb", "DescribeSubnetGroups",
                 {{"SubnetGroupName", subnet_group}});
    }
    if (!parameter_group.empty()) {
      round.Call(client, &s.memorydb_parameters, "memorydb", "DescribeParameters",
                 {{"ParameterGroupName", parameter_group}});
    }
  }
  for (const auto& trail : ListOf(s.trails, "trailList")) {
    bool covers = trail.value("IsMultiRegionTrail", false) || Text(trail, "HomeRegion") == t.region;
    std::string arn = Text(trail, "TrailARN");
    if (!covers || arn.empty()) continue;
    round.Call(client, &s.trail_status[arn], "cloudtrail", "GetTrailStatus", {{"Name", arn}});
  }
  if (std::string key = KmsKeyToRead(s); !key.empty() && !IsAwsManagedS3Key(key)) {
    if (IsKmsAlias(key)) {
      // GetKeyPolicy takes no alias: it reads the key DescribeKey resolves the alias to, in
      // the same task so that no round is added.
      round.Add([&client, &s, key] {
        s.kms_key = CallResult::From(client.Call("kms", "DescribeKey", {{"KeyId", key}}));
        std::string arn = s.kms_key.ok()
                              ? Text(s.kms_key.output.value("KeyMetadata", json::object()), "Arn")
                              : "";
        if (arn.empty()) return;
        s.kms_key_policy = CallResult::From(
            client.Call("kms", "GetKeyPolicy", {{"KeyId", arn}, {"PolicyName", "default"}}));
      });
    } else {
      round.Call(client, &s.kms_key, "kms", "DescribeKey", {{"KeyId", key}});
      round.Call(client, &s.kms_key_policy, "kms", "GetKeyPolicy",
                 {{"KeyId", key}, {"PolicyName", "default"}});
    }
  }
  round.Wait();

  // Round 3, rare: customer-managed policies the bulk read did not return.
  AddDeferredPolicies(round, client, deferred, customer_managed);
  round.Wait();

  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  log::Get("verify")->debug("gathered cloud={} requests={} ms={}", t.cloud_name,
                            client.requests_sent() - requests_before, elapsed.count());
  return s;
}

}  // namespace raycloud::verify
