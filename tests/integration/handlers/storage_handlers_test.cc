// S3, EFS and MemoryDB handlers against the emulator.
#include <gtest/gtest.h>

#include "cloud/exec/handlers/handlers.h"
#include "cloud/plan/resource_kinds.h"
#include "integration/handlers/handler_fixture.h"

namespace raycloud::cloud::testing {
namespace {

using json = nlohmann::json;
namespace h = handlers;

class StorageHandlersTest : public HandlerTest {
 protected:
  ResolvedSpec BucketSpec(const std::string& name = "raycloud-data-handlers-test") {
    return Spec("bucket", kind::kBucket,
                {{"bucket_name", name}, {"region", "us-west-2"}, {"tags", Tags("bucket")}});
  }
  void PutObject(const std::string& bucket, const std::string& key) {
    Aws("s3", "PutObject", {{"Bucket", bucket}, {"Key", key}, {"Body", "data"}});
  }
  json TagsOfBucket(const std::string& bucket) {
    return Aws("s3", "GetBucketTagging", {{"Bucket", bucket}})["TagSet"];
  }
};

std::optional<std::string> Tag(const json& tags, const std::string& key) {
  for (const auto& tag : tags) {
    if (tag.value("Key", "") == key) return tag.value("Value", "");
  }
  return std::nullopt;
}

TEST_F(StorageHandlersTest, BucketIsCreatedInTheRegionTaggedAdoptedAndDeleted) {
  auto spec = BucketSpec();
  ResourceState bucket = CreateAndAdopt(h::BucketHandler(), spec);
  EXPECT_EQ(bucket.physical_id, "raycloud-data-handlers-test");
  EXPECT_EQ(bucket.attributes["arn"], "arn:aws:s3:::raycloud-data-handlers-test");
  json location = Aws("s3", "GetBucketLocation", {{"Bucket", bucket.physical_id}});
  EXPECT_EQ(location.value("LocationConstraint", ""), "us-west-2");
  EXPECT_EQ(Tag(TagsOfBucket(bucket.physical_id), "raycloud-cloud-id"), identity_.cloud_id);
  DeleteAndForget(h::BucketHandler(), spec, bucket);
}

TEST_F(StorageHandlersTest, BucketOfAnotherOwnerIsNeverAdopted) {
  Aws("s3", "CreateBucket",
      {{"Bucket", "someone-elses"},
       {"CreateBucketConfiguration", {{"LocationConstraint", "us-west-2"}}}});
  PutObject("someone-elses", "their-data");
  auto found = h::BucketHandler().Find(BucketSpec("someone-elses"), *context_);
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message.find("S3 bucket someone-elses"), std::string::npos)
      << found.error().message;

  Aws("s3", "PutBucketTagging",
      {{"Bucket", "someone-elses"},
       {"Tagging", {{"TagSet", {{{"Key", "raycloud-cloud-id"}, {"Value", "cld_other"}}}}}}});
  found = h::BucketHandler().Find(BucketSpec("someone-elses"), *context_);
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message.find("cld_other"), std::string::npos);
}

TEST_F(StorageHandlersTest, UntaggedEmptyBucketFromAnInterruptedCreateIsAdoptedAndTagged) {
  // CreateBucket took effect, then the process died before PutBucketTagging.
  Aws("s3", "CreateBucket",
      {{"Bucket", "raycloud-data-handlers-test"},
       {"CreateBucketConfiguration", {{"LocationConstraint", "us-west-2"}}}});
  auto spec = BucketSpec();
  auto found = h::BucketHandler().Find(spec, *context_);
  ASSERT_TRUE(found) << found.error().message;
  ASSERT_TRUE(found->has_value());
  ASSERT_TRUE(h::BucketHandler().WaitReady(spec, **found, *context_));
  EXPECT_EQ(Tag(TagsOfBucket("raycloud-data-handlers-test"), "raycloud-cloud-id"),
            identity_.cloud_id);
}

TEST_F(StorageHandlersTest, BucketHoldingObjectsIsRetainedUnlessDeleteBucket) {
  auto spec = BucketSpec();
  ResourceState bucket = CreateAndAdopt(h::BucketHandler(), spec);
  PutObject(bucket.physical_id, "org/cld/logs/a.txt");
  auto kept = h::BucketHandler().Delete(bucket, *context_);
  ASSERT_FALSE(kept);
  EXPECT_EQ(kept.error().details.at("retained"), "true");
  EXPECT_EQ(Tag(TagsOfBucket(bucket.physical_id), "raycloud-retained"), "true");
  EXPECT_EQ(Tag(TagsOfBucket(bucket.physical_id), "raycloud-cloud-id"), identity_.cloud_id);
  auto still = h::BucketHandler().Find(spec, *context_);
  ASSERT_TRUE(still && still->has_value());

  // With --delete-bucket every version and delete marker goes, then the bucket.
  Aws("s3", "PutBucketVersioning",
      {{"Bucket", bucket.physical_id}, {"VersioningConfiguration", {{"Status", "Enabled"}}}});
  PutObject(bucket.physical_id, "org/cld/logs/a.txt");
  PutObject(bucket.physical_id, "org/cld/logs/b.txt");
  Aws("s3", "DeleteObject", {{"Bucket", bucket.physical_id}, {"Key", "org/cld/logs/b.txt"}});
  context_->delete_bucket = true;
  DeleteAndForget(h::BucketHandler(), spec, bucket);
  EXPECT_GE(emulator().CallCount("s3", "DeleteObjects").value(), 1);
}

TEST_F(StorageHandlersTest, BucketSettingsArePutAdoptedAndLeftWithTheBucket) {
  auto bucket_spec = BucketSpec();
  ResourceState bucket = CreateAndAdopt(h::BucketHandler(), bucket_spec);
  const std::string name = bucket.physical_id;
  json policy = {{"Version", "2012-10-17"},
                 {"Statement",
                  {{{"Sid", "DenyInsecureTransport"},
                    {"Effect", "Deny"},
                    {"Principal", "*"},
                    {"Action", "s3:*"},
                    {"Resource", {"arn:aws:s3:::" + name, "arn:aws:s3:::" + name + "/*"}},
                    {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}}}}}};
  struct Case {
    ResourceHandler& handler;
    ResolvedSpec spec;
  };
  std::vector<Case> cases = {
      {h::PublicAccessBlockHandler(), Spec("bucket-public-access-block", kind::kPublicAccessBlock,
                                           {{"bucket", name},
                                            {"configuration",
                                             {{"BlockPublicAcls", true},
                                              {"IgnorePublicAcls", true},
                                              {"BlockPublicPolicy", true},
                                              {"RestrictPublicBuckets", true}}}})},
      {h::BucketEncryptionHandler(),
       Spec("bucket-encryption", kind::kBucketEncryption,
            {{"bucket", name},
             {"rules",
              {{{"ApplyServerSideEncryptionByDefault", {{"SSEAlgorithm", "AES256"}}},
                {"BucketKeyEnabled", false}}}}})},
      {h::VersioningHandler(),
       Spec("bucket-versioning", kind::kVersioning, {{"bucket", name}, {"status", "Enabled"}})},
      {h::LifecycleHandler(),
       Spec("bucket-lifecycle", kind::kLifecycle,
            {{"bucket", name},
             {"rules",
              {{{"ID", "expire-logs"},
                {"Status", "Enabled"},
                {"Filter", {{"Prefix", "org/cld/logs/"}}},
                {"Expiration", {{"Days", 30}}}},
               {{"ID", "abort-incomplete-multipart-uploads"},
                {"Status", "Enabled"},
                {"Filter", {{"Prefix", ""}}},
                {"AbortIncompleteMultipartUpload", {{"DaysAfterInitiation", 7}}}}}}})},
      {h::CorsHandler(), Spec("bucket-cors", kind::kCors,
                              {{"bucket", name},
                               {"cors_rules",
                                {{{"AllowedHeaders", {"*"}},
                                  {"AllowedMethods", {"GET", "PUT"}},
                                  {"AllowedOrigins", {"https://console.example.com"}}}}}})},
      {h::BucketPolicyHandler(),
       Spec("bucket-policy", kind::kBucketPolicy, {{"bucket", name}, {"policy", policy}})},
  };
  std::vector<ResourceState> states;
  for (auto& item : cases) {
    SCOPED_TRACE(item.spec.spec.logical_name);
    states.push_back(CreateAndAdopt(item.handler, item.spec));
    EXPECT_EQ(states.back().physical_id, name + "/" + item.spec.spec.logical_name.substr(7));
  }
  json versioning = Aws("s3", "GetBucketVersioning", {{"Bucket", name}});
  EXPECT_EQ(versioning["Status"], "Enabled");
  json block = Aws("s3", "GetPublicAccessBlock", {{"Bucket", name}});
  EXPECT_EQ(block["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"], true);

  // Delete removes CORS only; the others stay until the bucket goes.
  for (size_t i = 0; i < cases.size(); ++i) {
    ASSERT_TRUE(cases[i].handler.Delete(states[i], *context_));
  }
  EXPECT_FALSE(client_->Call("s3", "GetBucketCors", {{"Bucket", name}}));
  EXPECT_TRUE(client_->Call("s3", "GetBucketPolicy", {{"Bucket", name}}));
  EXPECT_TRUE(client_->Call("s3", "GetPublicAccessBlock", {{"Bucket", name}}));
}

TEST_F(StorageHandlersTest, BucketPolicyWaitsForNewPrincipalsToPropagate) {
  ResourceState bucket = CreateAndAdopt(h::BucketHandler(), BucketSpec());
  raycloud::testing::FaultSpec fault{.service = "s3",
                                     .operation = "PutBucketPolicy",
                                     .kind = "error",
                                     .code = "MalformedPolicy",
                                     .message = "Invalid principal in policy",
                                     .times = 2};
  ASSERT_TRUE(emulator().InjectFault(fault));
  auto spec = Spec("bucket-policy", kind::kBucketPolicy,
                   {{"bucket", bucket.physical_id},
                    {"policy",
                     {{"Version", "2012-10-17"},
                      {"Statement",
                       {{{"Effect", "Allow"},
                         {"Principal", {{"AWS", "arn:aws:iam::123456789012:role/new"}}},
                         {"Action", "s3:GetObject"},
                         {"Resource", "arn:aws:s3:::" + bucket.physical_id + "/*"}}}}}}});
  auto created = h::BucketPolicyHandler().Create(spec, *context_);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(emulator().CallCount("s3", "PutBucketPolicy").value(), 3);
  // Other malformed policies fail at once.
  fault.message = "Policy has invalid action";
  fault.times = 1;
  ASSERT_TRUE(emulator().InjectFault(fault));
  EXPECT_FALSE(h::BucketPolicyHandler().Create(spec, *context_));
  EXPECT_EQ(emulator().CallCount("s3", "PutBucketPolicy").value(), 4);
}

TEST_F(StorageHandlersTest, EfsFileSystemAndMountTargetWaitThroughCreating) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  json group = Aws("ec2", "CreateSecurityGroup",
                   {{"GroupName", "nfs"}, {"Description", "nfs"}, {"VpcId", vpc}});
  ASSERT_TRUE(emulator().SetPending({{"efs_file_system", 10}, {"efs_mount_target", 90}}));
  auto fs_spec = Spec("efs", kind::kEfsFileSystem,
                      {{"creation_token", "raycloud-test-efs"},
                       {"performance_mode", "generalPurpose"},
                       {"throughput_mode", "bursting"},
                       {"encrypted", true},
                       {"backup", true},
                       {"lifecycle_policies", {{{"TransitionToIA", "AFTER_30_DAYS"}}}},
                       {"tags", Tags("efs")}});
  ResourceState fs = CreateAndAdopt(h::EfsFileSystemHandler(), fs_spec);
  EXPECT_GE(clock_.slept(), std::chrono::seconds(10));
  json lifecycle = Aws("efs", "DescribeLifecycleConfiguration", {{"FileSystemId", fs.physical_id}});
  EXPECT_EQ(lifecycle["LifecyclePolicies"][0]["TransitionToIA"], "AFTER_30_DAYS");
  // The creation token makes a repeated create a conflict (never a second file system),
  // after which the executor adopts the one Find returns.
  auto again = h::EfsFileSystemHandler().Create(fs_spec, *context_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().error_class, ErrorClass::kConflict) << again.error().message;
  EXPECT_EQ(Aws("efs", "DescribeFileSystems")["FileSystems"].size(), 1u);

  auto target_spec = Spec("efs-mount-target-us-west-2a", kind::kEfsMountTarget,
                          {{"file_system", fs.physical_id},
                           {"subnet", subnet},
                           {"security_groups", {group["GroupId"]}}});
  auto slept = clock_.slept();
  ResourceState target = CreateAndAdopt(h::EfsMountTargetHandler(), target_spec);
  EXPECT_GE(clock_.slept() - slept, std::chrono::seconds(90));
  EXPECT_EQ(target.attributes["subnet"], subnet);

  DeleteAndForget(h::EfsMountTargetHandler(), target_spec, target);
  DeleteAndForget(h::EfsFileSystemHandler(), fs_spec, fs);
}

TEST_F(StorageHandlersTest, MemoryDbGroupsAndClusterWaitThroughCreating) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  json group = Aws("ec2", "CreateSecurityGroup",
                   {{"GroupName", "memorydb"}, {"Description", "memorydb"}, {"VpcId", vpc}});
  ASSERT_TRUE(emulator().SetPending({{"memorydb_cluster", 600}}));
  auto subnets_spec = Spec("memorydb-subnet-group", kind::kMemoryDbSubnetGroup,
                           {{"subnet_group_name", "demo-memorydb-subnets"},
                            {"description", "raycloud cloud demo"},
                            {"subnets", {subnet}},
                            {"tags", Tags("memorydb-subnet-group")}});
  ResourceState subnets = CreateAndAdopt(h::MemoryDbSubnetGroupHandler(), subnets_spec);
  auto params_spec =
      Spec("memorydb-parameter-group", kind::kMemoryDbParameterGroup,
           {{"parameter_group_name", "demo-memorydb-params"},
            {"family", "memorydb_redis7"},
            {"description", "raycloud cloud demo"},
            {"parameters", {{{"Name", "maxmemory-policy"}, {"Value", "allkeys-lru"}}}},
            {"tags", Tags("memorydb-parameter-group")}});
  ResourceState params = CreateAndAdopt(h::MemoryDbParameterGroupHandler(), params_spec);
  json parameters =
      Aws("memorydb", "DescribeParameters", {{"ParameterGroupName", "demo-memorydb-params"}});
  std::string policy;
  for (const auto& parameter : parameters["Parameters"]) {
    if (parameter["Name"] == "maxmemory-policy") policy = parameter["Value"];
  }
  EXPECT_EQ(policy, "allkeys-lru");

  auto cluster_spec = Spec("memorydb-cluster", kind::kMemoryDbCluster,
                           {{"cluster_name", "demo-memorydb"},
                            {"node_type", "db.t4g.small"},
                            {"engine", "redis"},
                            {"engine_version", "7.1"},
                            {"num_shards", 1},
                            {"num_replicas_per_shard", 1},
                            {"tls_enabled", true},
                            {"acl_name", "open-access"},
                            {"subnet_group", subnets.physical_id},
                            {"parameter_group", params.physical_id},
                            {"security_groups", {group["GroupId"]}},
                            {"tags", Tags("memorydb-cluster")}});
  ResourceState cluster = CreateAndAdopt(h::MemoryDbClusterHandler(), cluster_spec);
  EXPECT_GE(clock_.slept(), std::chrono::seconds(600));
  json described = Aws("memorydb", "DescribeClusters", {{"ClusterName", "demo-memorydb"}});
  EXPECT_EQ(described["Clusters"][0]["TLSEnabled"], true);
  EXPECT_EQ(described["Clusters"][0]["NumberOfShards"], 1);

  DeleteAndForget(h::MemoryDbClusterHandler(), cluster_spec, cluster);
  DeleteAndForget(h::MemoryDbParameterGroupHandler(), params_spec, params);
  DeleteAndForget(h::MemoryDbSubnetGroupHandler(), subnets_spec, subnets);
}

TEST_F(StorageHandlersTest, MemoryDbSubnetGroupOfAnotherCloudIsNotAdopted) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  Aws("memorydb", "CreateSubnetGroup",
      {{"SubnetGroupName", "demo-memorydb-subnets"},
       {"SubnetIds", {subnet}},
       {"Tags", {{{"Key", "raycloud-cloud-id"}, {"Value", "cld_other"}}}}});
  auto found =
      h::MemoryDbSubnetGroupHandler().Find(Spec("memorydb-subnet-group", kind::kMemoryDbSubnetGroup,
                                                {{"subnet_group_name", "demo-memorydb-subnets"}}),
                                           *context_);
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message.find("cld_other"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::cloud::testing
