#include "cloud/gc/rebuild.h"

#include <gtest/gtest.h>

#include "cloud/plan/cloud_plan.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

constexpr const char* kId = "cld_abcdefghijklmnopqrstuvwx";

TaggedResource Gc(std::string_view resource_kind, std::string id, std::string role,
                  json details = json::object()) {
  TaggedResource resource{kId, "demo", std::string(resource_kind), std::move(id), "demo-" + role};
  resource.tags = json::array({{{"Key", "raycloud-cloud-id"}, {"Value", kId}},
                               {{"Key", "raycloud-cloud-name"}, {"Value", "demo"}},
                               {{"Key", "Name"}, {"Value", "demo-" + role}},
                               {{"Key", "team"}, {"Value", "ml"}}});
  resource.details = std::move(details);
  return resource;
}

OrphanCloud PrivateNfsCloud() {
  json trust = {{"Statement",
                 {{{"Effect", "Allow"},
                   {"Principal", {{"AWS", "arn:aws:iam::123456789012:root"}}},
                   {"Condition", {{"StringEquals", {{"sts:ExternalId", "ext-123"}}}}}}}}};
  return {
      kId,
      "demo",
      std::nullopt,
      {Gc(kind::kVpc, "vpc-1", "vpc", {{"cidr", "10.1.0.0/16"}}),
       // Listed out of block order: the zones follow the CIDR blocks.
       Gc(kind::kSubnet, "subnet-b", "subnet-us-west-2b",
          {{"cidr", "10.1.32.0/19"}, {"zone", "us-west-2b"}}),
       Gc(kind::kSubnet, "subnet-a", "subnet-us-west-2c",
          {{"cidr", "10.1.0.0/19"}, {"zone", "us-west-2c"}}),
       Gc(kind::kSubnet, "subnet-n", "nat-subnet-us-west-2c",
          {{"cidr", "10.1.224.0/28"}, {"zone", "us-west-2c"}}),
       Gc(kind::kNatGateway, "nat-1", "nat-gateway-us-west-2c"),
       Gc(kind::kEfsFileSystem, "fs-1", "efs"),
       Gc(kind::kSecurityGroup, "sg-1", "security-group", {{"ingress_cidrs", {"192.0.2.0/24"}}}),
       Gc(kind::kIamRole, "demo-control-plane", "control-plane-role",
          {{"arn", "arn:aws:iam::123456789012:role/demo-control-plane"}, {"trust_policy", trust}}),
       Gc(kind::kMemoryDbCluster, "demo-memorydb", "memorydb-cluster",
          {{"node_type", "db.r7g.large"}}),
       Gc(kind::kBucket, "my-bucket", "bucket")}};
}

TEST(RebuildOptionsTest, ReadsTheStructureFromWhatExists) {
  SetupOptions options = RebuildOptions(PrivateNfsCloud(), "us-west-2");
  EXPECT_EQ(options.name, "demo");
  EXPECT_EQ(options.region, "us-west-2");
  EXPECT_EQ(options.vpc_cidr, "10.1.0.0/16");
  EXPECT_EQ(options.availability_zones, (std::vector<std::string>{"us-west-2c", "us-west-2b"}));
  EXPECT_TRUE(options.private_network);
  EXPECT_EQ(options.EffectiveNatGateways(), kNatSingle);
  EXPECT_TRUE(options.nfs());
  EXPECT_TRUE(options.enable_head_node_fault_tolerance);
  EXPECT_EQ(options.memorydb_node_type, "db.r7g.large");
  EXPECT_EQ(options.bucket_name, "my-bucket");
  EXPECT_EQ(options.ingress_cidrs, (std::vector<std::string>{"192.0.2.0/24"}));
  EXPECT_EQ(options.control_plane_principal, "");  // the account root is the default
  EXPECT_EQ(options.tags, (std::vector<UserTag>{{"team", "ml"}}));
}

TEST(RebuildOptionsTest, APublicCloudKeepsTheDefaults) {
  OrphanCloud cloud{kId,
                    "demo",
                    std::nullopt,
                    {Gc(kind::kBucket, "raycloud-data-abcdefghijklmnopqrstuvwx", "bucket")}};
  SetupOptions options = RebuildOptions(cloud, "eu-west-1");
  EXPECT_FALSE(options.private_network);
  EXPECT_FALSE(options.nfs());
  EXPECT_FALSE(options.enable_head_node_fault_tolerance);
  EXPECT_EQ(options.bucket_name, "");  // the default name is stored as ""
  EXPECT_EQ(options.vpc_cidr, "10.0.0.0/16");
}

TEST(RebuildRecordTest, TakesIdAccountAndExternalIdFromTheResources) {
  OrphanCloud cloud = PrivateNfsCloud();
  EXPECT_EQ(AccountOfResources(cloud.resources), "123456789012");
  store::CloudRecord record = RebuildRecord(cloud, "us-west-2", "org_x");
  EXPECT_EQ(record.id, kId);
  EXPECT_EQ(record.name, "demo");
  EXPECT_EQ(record.org_id, "org_x");
  EXPECT_EQ(record.external_id, "ext-123");
  EXPECT_TRUE(record.managed);
  auto options = SetupOptionsFromJson(record.options);
  ASSERT_TRUE(options);
  EXPECT_EQ(*options, RebuildOptions(cloud, "us-west-2"));
}

TEST(RebuildRecordTest, RebuiltOptionsBuildAPlanWithTheSameNames) {
  OrphanCloud cloud = PrivateNfsCloud();
  SetupOptions options = RebuildOptions(cloud, "us-west-2");
  CloudIdentity identity{kId, "org_x", "123456789012", "aws", "us-west-2", "ext-123"};
  auto plan = BuildPlan(options, identity, {});
  ASSERT_TRUE(plan) << plan.error().message;
  for (const auto& resource : cloud.resources) {
    EXPECT_NE(plan->Find(resource.Role()), nullptr) << resource.Role();
  }
}

}  // namespace
}  // namespace raycloud::cloud
