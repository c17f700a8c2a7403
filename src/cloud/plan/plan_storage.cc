// Storage of a cloud (cloud-resources.md, "Storage"): the bucket, EFS, MemoryDB.
#include <fmt/format.h>

#include "cloud/plan/plan_builder.h"
#include "cloud/plan/resource_kinds.h"
#include "cloud/plan/resource_names.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;

constexpr int kAbortMultipartDays = 7;
constexpr int kNoncurrentVersionDays = 30;

// PutBucketLifecycleConfiguration's Rules.
json LifecycleRules(const SetupOptions& options, const CloudIdentity& identity) {
  json rules = json::array();
  rules.push_back({{"ID", "expire-logs"},
                   {"Status", "Enabled"},
                   {"Filter", {{"Prefix", identity.org_id + "/" + identity.cloud_id + "/logs/"}}},
                   {"Expiration", {{"Days", options.log_retention_days}}}});
  rules.push_back(
      {{"ID", "abort-incomplete-multipart-uploads"},
       {"Status", "Enabled"},
       {"Filter", {{"Prefix", ""}}},
       {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", kAbortMultipartDays}}}});
  rules.push_back({{"ID", "intelligent-tiering"},
                   {"Status", "Enabled"},
                   {"Filter", {{"Prefix", ""}}},
                   {"Transitions", {{{"Days", 0}, {"StorageClass", "INTELLIGENT_TIERING"}}}}});
  if (options.enable_versioning) {
    rules.push_back(
        {{"ID", "expire-noncurrent-versions"},
         {"Status", "Enabled"},
         {"Filter", {{"Prefix", ""}}},
         {"NoncurrentVersionExpiration", {{"NoncurrentDays", kNoncurrentVersionDays}}}});
  }
  return rules;
}

void AddBucket(PlanBuilder& builder, const PolicyParams& params) {
  const auto& options = builder.options();
  const auto& identity = builder.identity();
  builder.Add("bucket", kind::kBucket, {},
              {{"bucket_name", params.bucket_name},
               {"region", params.region},
               {"tags", builder.Tags("bucket")}});
  builder.Add("bucket-public-access-block", kind::kPublicAccessBlock, {},
              {{"bucket", Ref("bucket")},
               {"configuration",
                {{"BlockPublicAcls", true},
                 {"IgnorePublicAcls", true},
                 {"BlockPublicPolicy", true},
                 {"RestrictPublicBuckets", true}}}});
  json default_encryption = {{"SSEAlgorithm", "AES256"}};
  if (!options.kms_key_id.empty()) {
    default_encryption = {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", options.kms_key_id}};
  }
  builder.Add("bucket-encryption", kind::kBucketEncryption, {},
              {{"bucket", Ref("bucket")},
               {"rules",
                {{{"ApplyServerSideEncryptionByDefault", default_encryption},
                  {"BucketKeyEnabled", !options.kms_key_id.empty()}}}}});
  if (options.enable_versioning) {
    builder.Add("bucket-versioning", kind::kVersioning, {},
                {{"bucket", Ref("bucket")}, {"status", "Enabled"}});
  }
  builder.Add("bucket-lifecycle", kind::kLifecycle, {},
              {{"bucket", Ref("bucket")}, {"rules", LifecycleRules(options, identity)}});
  if (!options.console_origins.empty()) {
    builder.Add("bucket-cors", kind::kCors, {},
                {{"bucket", Ref("bucket")},
                 {"cors_rules",
                  {{{"AllowedHeaders", {"*"}},
                    {"AllowedMethods", {"GET", "PUT", "POST", "HEAD", "DELETE"}},
                    {"AllowedOrigins", options.console_origins}}}}});
  }
  // S3 refuses a policy naming principals that do not exist yet, so the roles come first;
  // the public access block first too, so the bucket is never briefly open.
  builder.Add("bucket-policy", kind::kBucketPolicy,
              {"bucket-public-access-block", "control-plane-role", "instance-role"},
              {{"bucket", Ref("bucket")}, {"policy", BucketPolicy(params)}});
}

void AddEfs(PlanBuilder& builder) {
  const auto& identity = builder.identity();
  builder.Add("efs", kind::kEfsFileSystem, {},
              {{"creation_token", ClientToken(identity.cloud_id, "efs")},
               {"performance_mode", "generalPurpose"},
               {"throughput_mode", "bursting"},
               {"encrypted", true},
               {"backup", true},
               {"lifecycle_policies",
                {{{"TransitionToIA", "AFTER_30_DAYS"}},
                 {{"TransitionToPrimaryStorageClass", "AFTER_1_ACCESS"}}}},
               {"tags", builder.Tags("efs")}});
  // EFS allows one mount target per AZ: one in each cluster subnet.
  const PlanNames& names = builder.names();
  for (size_t i = 0; i < names.zones.size(); ++i) {
    builder.Add("efs-mount-target-" + names.zones[i], kind::kEfsMountTarget, {},
                {{"file_system", Ref("efs")},
                 {"subnet", Ref(names.cluster_subnets[i])},
                 {"security_groups", {Ref("security-group")}}});
  }
}

void AddMemoryDb(PlanBuilder& builder) {
  const auto& options = builder.options();
  const PlanNames& names = builder.names();
  json subnets = json::array();
  for (const auto& subnet : names.memorydb_subnets) subnets.push_back(Ref(subnet));
  builder.Add("memorydb-subnet-group", kind::kMemoryDbSubnetGroup, {},
              {{"subnet_group_name", MemoryDbName(options.name, "memorydb-subnets")},
               {"description", fmt::format("raycloud cloud {}", options.name)},
               {"subnets", subnets},
               {"tags", builder.Tags("memorydb-subnet-group")}});
  builder.Add("memorydb-parameter-group", kind::kMemoryDbParameterGroup, {},
              {{"parameter_group_name", MemoryDbName(options.name, "memorydb-params")},
               {"family", "memorydb_redis7"},
               {"description", fmt::format("raycloud cloud {}", options.name)},
               {"parameters", {{{"Name", "maxmemory-policy"}, {"Value", "allkeys-lru"}}}},
               {"tags", builder.Tags("memorydb-parameter-group")}});
  // One shard with one replica (two nodes), TLS on: the deployment guide's minimum for
  // head-node fault tolerance.
  builder.Add("memorydb-cluster", kind::kMemoryDbCluster, {},
              {{"cluster_name", names.memorydb_cluster},
               {"node_type", options.memorydb_node_type},
               {"engine", "redis"},
               {"engine_version", "7.1"},
               {"num_shards", 1},
               {"num_replicas_per_shard", 1},
               {"tls_enabled", true},
               {"acl_name", "open-access"},
               {"subnet_group", Ref("memorydb-subnet-group")},
               {"parameter_group", Ref("memorydb-parameter-group")},
               {"security_groups", {Ref("security-group")}},
               {"tags", builder.Tags("memorydb-cluster")}});
}

}  // namespace

void AddStorage(PlanBuilder& builder, const PolicyParams& params) {
  AddBucket(builder, params);
  if (builder.options().nfs()) AddEfs(builder);
  if (builder.options().enable_head_node_fault_tolerance) AddMemoryDb(builder);
}

}  // namespace raycloud::cloud
