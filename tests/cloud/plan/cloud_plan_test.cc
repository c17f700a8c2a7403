#include "cloud/plan/cloud_plan.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "cloud/plan/plan_test_util.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;
using testing::TestIdentity;
using testing::TestOptions;
using testing::TestZones;

CloudPlan Build(const SetupOptions& options) {
  auto plan = BuildPlan(options, TestIdentity(), TestZones());
  EXPECT_TRUE(plan) << (plan ? "" : plan.error().message);
  return plan ? std::move(*plan) : CloudPlan{};
}

const ResourceSpec& Get(const CloudPlan& plan, std::string_view name) {
  const ResourceSpec* resource = plan.Find(name);
  if (resource == nullptr) {
    ADD_FAILURE() << "no resource " << name;
    static const ResourceSpec kEmpty;
    return kEmpty;
  }
  return *resource;
}

bool DependsOn(const ResourceSpec& resource, std::string_view name) {
  return std::find(resource.depends_on.begin(), resource.depends_on.end(), name) !=
         resource.depends_on.end();
}

std::vector<std::string> Names(const std::vector<const ResourceSpec*>& resources) {
  std::vector<std::string> names;
  for (const auto* resource : resources) names.push_back(resource->logical_name);
  return names;
}

// The invariants every plan keeps, whatever the options.
void ExpectWellFormed(const CloudPlan& plan) {
  static const std::set<std::string_view> kKinds = {kind::kVpc,
                                                    kind::kVpcAttribute,
                                                    kind::kSubnet,
                                                    kind::kInternetGateway,
                                                    kind::kInternetGatewayAttachment,
                                                    kind::kRouteTable,
                                                    kind::kRoute,
                                                    kind::kRouteTableAssociation,
                                                    kind::kEip,
                                                    kind::kNatGateway,
                                                    kind::kVpcEndpoint,
                                                    kind::kSecurityGroup,
                                                    kind::kSecurityGroupRules,
                                                    kind::kIamRole,
                                                    kind::kIamRolePolicy,
                                                    kind::kIamInstanceProfile,
                                                    kind::kBucket,
                                                    kind::kBucketPolicy,
                                                    kind::kBucketEncryption,
                                                    kind::kPublicAccessBlock,
                                                    kind::kLifecycle,
                                                    kind::kVersioning,
                                                    kind::kCors,
                                                    kind::kEfsFileSystem,
                                                    kind::kEfsMountTarget,
                                                    kind::kMemoryDbSubnetGroup,
                                                    kind::kMemoryDbParameterGroup,
                                                    kind::kMemoryDbCluster};
  ASSERT_TRUE(plan.dag.Validate());
  std::set<std::string> seen;
  for (const auto& resource : plan.resources) {
    EXPECT_TRUE(kKinds.contains(resource.kind)) << resource.kind;
    EXPECT_FALSE(CreateCalls(resource).empty()) << resource.kind;
    // Creation order: every dependency comes earlier, and every reference is a dependency.
    for (const auto& dependency : resource.depends_on) {
      EXPECT_TRUE(seen.contains(dependency))
          << resource.logical_name << " is listed before its dependency " << dependency;
    }
    for (const auto& ref : RefsIn(resource.properties)) {
      EXPECT_TRUE(DependsOn(resource, ref)) << resource.logical_name << " refers to " << ref;
    }
    EXPECT_TRUE(seen.insert(resource.logical_name).second) << "duplicate " << resource.logical_name;
  }
  EXPECT_EQ(plan.dag.nodes().size(), plan.resources.size());
}

TEST(CloudPlanTest, PublicModeUsesTheFirstThreeZonesByZoneId) {
  CloudPlan plan = Build(TestOptions());
  ExpectWellFormed(plan);
  EXPECT_EQ(plan.names.zones, (std::vector<std::string>{"us-west-2b", "us-west-2a", "us-west-2c"}));
  EXPECT_EQ(
      Names(plan.OfKind(kind::kSubnet)),
      (std::vector<std::string>{"subnet-us-west-2b", "subnet-us-west-2a", "subnet-us-west-2c"}));
  // Blocks 0, 1, 2 of eight /19s, in zone order; public addresses on launch.
  const char* cidrs[] = {"10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"};
  for (size_t i = 0; i < 3; ++i) {
    const auto& subnet = Get(plan, "subnet-" + plan.names.zones[i]);
    EXPECT_EQ(subnet.properties["cidr_block"], cidrs[i]);
    EXPECT_EQ(subnet.properties["availability_zone"], plan.names.zones[i]);
    EXPECT_EQ(subnet.properties["map_public_ip_on_launch"], true);
    const auto& association = Get(plan, "association-subnet-" + plan.names.zones[i]);
    EXPECT_EQ(association.properties["route_table"], Ref("public-route-table"));
  }
  EXPECT_TRUE(plan.OfKind(kind::kNatGateway).empty());
  EXPECT_TRUE(plan.OfKind(kind::kEip).empty());
  EXPECT_TRUE(plan.names.nat_subnets.empty());
  EXPECT_EQ(Get(plan, "s3-endpoint").properties["route_tables"],
            json::array({Ref("public-route-table")}));
  EXPECT_EQ(Get(plan, "s3-endpoint").properties["service_name"], "com.amazonaws.us-west-2.s3");
  EXPECT_TRUE(plan.OfKind(kind::kEfsFileSystem).empty());
  EXPECT_TRUE(plan.OfKind(kind::kMemoryDbCluster).empty());
  EXPECT_TRUE(plan.OfKind(kind::kCors).empty());
  EXPECT_TRUE(plan.OfKind(kind::kVersioning).empty());
}

TEST(CloudPlanTest, VpcHasDnsSupportThenHostnames) {
  CloudPlan plan = Build(TestOptions());
  EXPECT_EQ(Get(plan, "vpc").properties["cidr_block"], "10.0.0.0/16");
  const auto& support = Get(plan, "vpc-dns-support");
  const auto& hostnames = Get(plan, "vpc-dns-hostnames");
  EXPECT_EQ(support.properties["attribute"], "enableDnsSupport");
  EXPECT_EQ(hostnames.properties["attribute"], "enableDnsHostnames");
  EXPECT_EQ(support.properties["value"], true);
  EXPECT_EQ(hostnames.properties["value"], true);
  EXPECT_TRUE(DependsOn(hostnames, "vpc-dns-support"));
  const auto& route = Get(plan, "public-route-default");
  EXPECT_EQ(route.properties["destination_cidr_block"], "0.0.0.0/0");
  EXPECT_EQ(route.properties["gateway"], Ref("internet-gateway"));
  EXPECT_TRUE(DependsOn(route, "internet-gateway-attachment"));
}

TEST(CloudPlanTest, PrivateModePerAzNatGateways) {
  auto options = TestOptions();
  options.private_network = true;
  options.availability_zones = {"us-west-2a", "us-west-2b", "us-west-2c"};
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  EXPECT_EQ(plan.names.nat_subnets,
            (std::vector<std::string>{"nat-subnet-us-west-2a", "nat-subnet-us-west-2b",
                                      "nat-subnet-us-west-2c"}));
  const char* nat_cidrs[] = {"10.0.224.0/28", "10.0.224.16/28", "10.0.224.32/28"};
  std::vector<json> route_tables = {Ref("public-route-table")};
  for (size_t i = 0; i < 3; ++i) {
    const std::string zone = options.availability_zones[i];
    const auto& cluster = Get(plan, "subnet-" + zone);
    EXPECT_EQ(cluster.properties["map_public_ip_on_launch"], false);
    const auto& nat_subnet = Get(plan, "nat-subnet-" + zone);
    EXPECT_EQ(nat_subnet.properties["cidr_block"], nat_cidrs[i]);
    EXPECT_EQ(nat_subnet.properties["map_public_ip_on_launch"], true);
    EXPECT_EQ(Get(plan, "association-nat-subnet-" + zone).properties["route_table"],
              Ref("public-route-table"));
    const auto& nat = Get(plan, "nat-gateway-" + zone);
    EXPECT_EQ(nat.properties["subnet"], Ref("nat-subnet-" + zone));
    EXPECT_EQ(nat.properties["allocation"], Ref("nat-eip-" + zone));
    EXPECT_TRUE(DependsOn(nat, "public-route-default"));
    EXPECT_FALSE(nat.properties["client_token"].get<std::string>().empty());
    // The cluster subnet of each zone leaves through the NAT gateway of the same zone.
    const auto& route = Get(plan, "private-route-default-" + zone);
    EXPECT_EQ(route.properties["nat_gateway"], Ref("nat-gateway-" + zone));
    EXPECT_EQ(route.properties["route_table"], Ref("private-route-table-" + zone));
    EXPECT_EQ(Get(plan, "association-subnet-" + zone).properties["route_table"],
              Ref("private-route-table-" + zone));
    route_tables.push_back(Ref("private-route-table-" + zone));
  }
  EXPECT_EQ(plan.OfKind(kind::kNatGateway).size(), 3u);
  EXPECT_EQ(Get(plan, "s3-endpoint").properties["route_tables"], json(route_tables));
  EXPECT_EQ(CriticalPathSeconds(plan), 60);
}

TEST(CloudPlanTest, PrivateModeSingleNatGateway) {
  auto options = TestOptions();
  options.private_network = true;
  options.nat_gateways = "single";
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  const std::string first = plan.names.zones.front();
  EXPECT_EQ(plan.names.nat_subnets, std::vector<std::string>{"nat-subnet-" + first});
  EXPECT_EQ(Names(plan.OfKind(kind::kNatGateway)),
            std::vector<std::string>{"nat-gateway-" + first});
  EXPECT_EQ(plan.OfKind(kind::kEip).size(), 1u);
  for (const auto& zone : plan.names.zones) {
    EXPECT_EQ(Get(plan, "private-route-default-" + zone).properties["nat_gateway"],
              Ref("nat-gateway-" + first));
  }
}

TEST(CloudPlanTest, Slash19VpcGivesSlash22Subnets) {
  auto options = TestOptions();
  options.vpc_cidr = "172.16.32.0/19";
  options.private_network = true;
  options.availability_zones = {"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"};
  CloudPlan plan = Build(options);
  EXPECT_EQ(Get(plan, "subnet-us-west-2a").properties["cidr_block"], "172.16.32.0/22");
  EXPECT_EQ(Get(plan, "subnet-us-west-2d").properties["cidr_block"], "172.16.44.0/22");
  EXPECT_EQ(Get(plan, "nat-subnet-us-west-2a").properties["cidr_block"], "172.16.60.0/28");
  EXPECT_EQ(Get(plan, "nat-subnet-us-west-2d").properties["cidr_block"], "172.16.60.48/28");
}

TEST(CloudPlanTest, UnknownZoneIsInvalidArgument) {
  auto options = TestOptions();
  options.availability_zones = {"us-west-2a", "us-west-2z"};
  auto plan = BuildPlan(options, TestIdentity(), TestZones());
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(plan.error().message.find("us-west-2z"), std::string::npos);
  EXPECT_NE(plan.error().message.find("--availability-zones"), std::string::npos);

  auto too_few = BuildPlan(TestOptions(), TestIdentity(), {{"us-west-2a", "usw2-az1"}});
  ASSERT_FALSE(too_few);
  EXPECT_EQ(too_few.error().kind, ErrorKind::kInvalidArgument);

  // Offline (no zone list), the chosen zones are taken as given.
  options.availability_zones = {"us-west-2a", "us-west-2z"};
  EXPECT_TRUE(BuildPlan(options, TestIdentity(), {}));
}

TEST(CloudPlanTest, EveryTaggableResourceCarriesTheCloudTags) {
  auto options = TestOptions();
  options.private_network = true;
  options.shared_storage = "nfs";
  options.enable_head_node_fault_tolerance = true;
  options.tags = {{"team", "ml"}, {"cost-center", "42"}};
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  // Kinds whose create calls (or a follow-up tagging call) take tags.
  static const std::set<std::string_view> kTaggable = {kind::kVpc,
                                                       kind::kSubnet,
                                                       kind::kInternetGateway,
                                                       kind::kRouteTable,
                                                       kind::kEip,
                                                       kind::kNatGateway,
                                                       kind::kVpcEndpoint,
                                                       kind::kSecurityGroup,
                                                       kind::kIamRole,
                                                       kind::kIamInstanceProfile,
                                                       kind::kBucket,
                                                       kind::kEfsFileSystem,
                                                       kind::kMemoryDbSubnetGroup,
                                                       kind::kMemoryDbParameterGroup,
                                                       kind::kMemoryDbCluster};
  int tagged = 0;
  for (const auto& resource : plan.resources) {
    if (!kTaggable.contains(resource.kind)) {
      EXPECT_FALSE(resource.properties.contains("tags")) << resource.logical_name;
      continue;
    }
    ++tagged;
    json expected = json::array({{{"Key", "raycloud-cloud-id"}, {"Value", TestIdentity().cloud_id}},
                                 {{"Key", "raycloud-cloud-name"}, {"Value", "demo"}},
                                 {{"Key", "raycloud-org-id"}, {"Value", TestIdentity().org_id}},
                                 {{"Key", "Name"}, {"Value", "demo-" + resource.logical_name}},
                                 {{"Key", "team"}, {"Value", "ml"}},
                                 {{"Key", "cost-center"}, {"Value", "42"}}});
    EXPECT_EQ(resource.properties["tags"], expected) << resource.logical_name;
  }
  EXPECT_GT(tagged, 20);
  EXPECT_EQ(Get(plan, "subnet-us-west-2a").properties["tags"][3]["Value"],
            "demo-subnet-us-west-2a");
}

TEST(CloudPlanTest, SecurityGroupAllowsHttpsFromIngressAndItselfOnly) {
  auto options = TestOptions();
  options.ingress_cidrs = {"203.0.113.0/24", "198.51.100.0/24"};
  CloudPlan plan = Build(options);
  const auto& group = Get(plan, "security-group");
  EXPECT_EQ(group.properties["group_name"], "demo-security-group");
  const auto& rules = Get(plan, "security-group-rules").properties;
  ASSERT_EQ(rules["ingress"].size(), 3u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(rules["ingress"][i]["ip_protocol"], "tcp");
    EXPECT_EQ(rules["ingress"][i]["from_port"], 443);
    EXPECT_EQ(rules["ingress"][i]["to_port"], 443);
    EXPECT_EQ(rules["ingress"][i]["cidr_ip"], options.ingress_cidrs[i]);
  }
  EXPECT_EQ(rules["ingress"][2]["ip_protocol"], "-1");
  EXPECT_EQ(rules["ingress"][2]["source_security_group"], Ref("security-group"));
  ASSERT_EQ(rules["egress"].size(), 2u);
  EXPECT_EQ(rules["egress"][0]["cidr_ip"], "0.0.0.0/0");
  EXPECT_EQ(rules["egress"][0]["ip_protocol"], "-1");
  EXPECT_EQ(rules["egress"][1]["destination_security_group"], Ref("security-group"));
  EXPECT_EQ(rules.dump().find("\"from_port\":22"), std::string::npos);
}

TEST(CloudPlanTest, RolesPoliciesAndInstanceProfile) {
  CloudPlan plan = Build(TestOptions());
  EXPECT_EQ(plan.names.control_plane_role, "demo-control-plane");
  EXPECT_EQ(plan.names.instance_role, "demo-instance");
  EXPECT_EQ(plan.names.instance_role_arn, "arn:aws:iam::123456789012:role/demo-instance");
  EXPECT_EQ(plan.names.instance_profile_arn,
            "arn:aws:iam::123456789012:instance-profile/demo-instance");
  const auto& role = Get(plan, "control-plane-role");
  EXPECT_EQ(role.properties["assume_role_policy_document"],
            ControlPlaneTrustPolicy(plan.policy_params));
  EXPECT_EQ(Get(plan, "control-plane-role-policy").properties["policy_document"],
            ControlPlanePolicy(plan.policy_params));
  EXPECT_EQ(Get(plan, "instance-role").properties["assume_role_policy_document"],
            InstanceTrustPolicy(plan.policy_params));
  const auto& profile = Get(plan, "instance-profile");
  EXPECT_EQ(profile.properties["instance_profile_name"], "demo-instance");
  EXPECT_TRUE(DependsOn(profile, "instance-role"));
  EXPECT_EQ(plan.policy_params.external_id, TestIdentity().external_id);
  // Without --control-plane-principal, the caller's account.
  EXPECT_EQ(plan.policy_params.control_plane_principal, "123456789012");
}

TEST(CloudPlanTest, BucketDefaultsAndLifecycle) {
  CloudPlan plan = Build(TestOptions());
  EXPECT_EQ(plan.names.bucket, "raycloud-data-abcdefghijklmnopqrstuvwx");
  const auto& bucket = Get(plan, "bucket");
  EXPECT_EQ(bucket.properties["bucket_name"], plan.names.bucket);
  EXPECT_EQ(bucket.properties["region"], "us-west-2");
  const auto& block = Get(plan, "bucket-public-access-block").properties["configuration"];
  for (const char* setting :
       {"BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"}) {
    EXPECT_EQ(block[setting], true) << setting;
  }
  EXPECT_EQ(Get(plan, "bucket-encryption")
                .properties["rules"][0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"],
            "AES256");
  const auto& rules = Get(plan, "bucket-lifecycle").properties["rules"];
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0]["Filter"]["Prefix"],
            "org_0123456789abcdefghijklmn/cld_abcdefghijklmnopqrstuvwx/logs/");
  EXPECT_EQ(rules[0]["Expiration"]["Days"], 90);
  EXPECT_EQ(rules[1]["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"], 7);
  EXPECT_EQ(rules[2]["Transitions"][0]["StorageClass"], "INTELLIGENT_TIERING");
  const auto& policy = Get(plan, "bucket-policy");
  EXPECT_TRUE(DependsOn(policy, "control-plane-role"));
  EXPECT_TRUE(DependsOn(policy, "instance-role"));
  EXPECT_TRUE(DependsOn(policy, "bucket-public-access-block"));
  EXPECT_EQ(policy.properties["policy"], BucketPolicy(plan.policy_params));
}

TEST(CloudPlanTest, BucketOptions) {
  auto options = TestOptions();
  options.bucket_name = "my-bucket";
  options.kms_key_id = "alias/raycloud";
  options.enable_versioning = true;
  options.log_retention_days = 14;
  options.console_origins = {"https://console.example.com"};
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  EXPECT_EQ(Get(plan, "bucket").properties["bucket_name"], "my-bucket");
  const auto& encryption = Get(plan, "bucket-encryption").properties["rules"][0];
  EXPECT_EQ(encryption["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms");
  EXPECT_EQ(encryption["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"], "alias/raycloud");
  EXPECT_EQ(Get(plan, "bucket-versioning").properties["status"], "Enabled");
  const auto& rules = Get(plan, "bucket-lifecycle").properties["rules"];
  ASSERT_EQ(rules.size(), 4u);
  EXPECT_EQ(rules[0]["Expiration"]["Days"], 14);
  EXPECT_EQ(rules[3]["NoncurrentVersionExpiration"]["NoncurrentDays"], 30);
  const auto& cors = Get(plan, "bucket-cors").properties["cors_rules"][0];
  EXPECT_EQ(cors["AllowedOrigins"], json::array({"https://console.example.com"}));
  EXPECT_EQ(cors["AllowedMethods"], json::array({"GET", "PUT", "POST", "HEAD", "DELETE"}));
  EXPECT_EQ(cors["AllowedHeaders"], json::array({"*"}));
}

TEST(CloudPlanTest, EfsHasOneMountTargetPerZone) {
  auto options = TestOptions();
  options.shared_storage = "nfs";
  options.private_network = true;
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  const auto& efs = Get(plan, "efs").properties;
  EXPECT_EQ(efs["encrypted"], true);
  EXPECT_EQ(efs["backup"], true);
  EXPECT_EQ(efs["performance_mode"], "generalPurpose");
  EXPECT_EQ(efs["lifecycle_policies"][0]["TransitionToIA"], "AFTER_30_DAYS");
  auto targets = plan.OfKind(kind::kEfsMountTarget);
  ASSERT_EQ(targets.size(), plan.names.zones.size());
  for (size_t i = 0; i < targets.size(); ++i) {
    EXPECT_EQ(targets[i]->properties["subnet"], Ref("subnet-" + plan.names.zones[i]));
    EXPECT_EQ(targets[i]->properties["security_groups"], json::array({Ref("security-group")}));
    EXPECT_EQ(targets[i]->properties["file_system"], Ref("efs"));
  }
  EXPECT_EQ(CriticalPathSeconds(plan), 100);  // file system 10 s, then mount targets 90 s
}

TEST(CloudPlanTest, MemoryDbForHeadNodeFaultTolerance) {
  auto options = TestOptions();
  options.enable_head_node_fault_tolerance = true;
  options.memorydb_node_type = "db.r7g.large";
  options.private_network = true;
  options.shared_storage = "nfs";
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  EXPECT_EQ(plan.names.memorydb_cluster, "demo-memorydb");
  const auto& cluster = Get(plan, "memorydb-cluster").properties;
  EXPECT_EQ(cluster["cluster_name"], "demo-memorydb");
  EXPECT_EQ(cluster["node_type"], "db.r7g.large");
  EXPECT_EQ(cluster["num_shards"], 1);
  EXPECT_EQ(cluster["num_replicas_per_shard"], 1);
  EXPECT_EQ(cluster["tls_enabled"], true);
  EXPECT_EQ(cluster["security_groups"], json::array({Ref("security-group")}));
  const auto& parameters = Get(plan, "memorydb-parameter-group").properties["parameters"];
  EXPECT_EQ(parameters, json::parse(R"([{"Name":"maxmemory-policy","Value":"allkeys-lru"}])"));
  json subnets = json::array();
  for (const auto& zone : plan.names.zones) subnets.push_back(Ref("subnet-" + zone));
  EXPECT_EQ(Get(plan, "memorydb-subnet-group").properties["subnets"], subnets);
  EXPECT_EQ(CriticalPathSeconds(plan), 600);
}

TEST(CloudPlanTest, MemoryDbSubnetGroupSkipsZonesWithoutMemoryDb) {
  auto options = TestOptions();
  options.enable_head_node_fault_tolerance = true;
  options.availability_zones = {"us-west-2a", "us-west-2b", "us-west-2c"};
  auto zones = TestZones();
  zones[1].memorydb_supported = false;  // us-west-2b
  auto plan = BuildPlan(options, TestIdentity(), zones);
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan->Find("memorydb-subnet-group")->properties["subnets"],
            json::array({Ref("subnet-us-west-2a"), Ref("subnet-us-west-2c")}));
  for (auto& zone : zones) zone.memorydb_supported = false;
  auto none = BuildPlan(options, TestIdentity(), zones);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(none.error().message.find("--enable-head-node-fault-tolerance"), std::string::npos);
}

TEST(CloudPlanTest, CreateCallsForDryRun) {
  CloudPlan plan = Build(TestOptions());
  EXPECT_EQ(CreateCalls(*plan.Find("vpc")), std::vector<std::string>{"ec2:CreateVpc"});
  EXPECT_EQ(CreateCalls(*plan.Find("subnet-us-west-2a")),
            (std::vector<std::string>{"ec2:CreateSubnet", "ec2:ModifySubnetAttribute"}));
  EXPECT_EQ(CreateCalls(*plan.Find("bucket-policy")),
            std::vector<std::string>{"s3:PutBucketPolicy"});
}

TEST(CloudPlanTest, LongAndAwkwardCloudNamesStayValidForEachService) {
  auto options = TestOptions();
  options.name = "sg-" + std::string(37, 'x');  // 40 chars, starts like a group id
  options.enable_head_node_fault_tolerance = true;
  CloudPlan plan = Build(options);
  ExpectWellFormed(plan);
  EXPECT_LE(plan.names.control_plane_role.size(), 64u);
  EXPECT_LE(plan.names.instance_role.size(), 64u);
  EXPECT_FALSE(plan.names.security_group.starts_with("sg-"));
  static const std::regex kMemoryDb("[a-z][a-z0-9-]{0,39}");
  for (const auto* key :
       {"memorydb-cluster", "memorydb-subnet-group", "memorydb-parameter-group"}) {
    const auto& properties = Get(plan, key).properties;
    std::string name = properties.contains("cluster_name") ? properties["cluster_name"]
                       : properties.contains("subnet_group_name")
                           ? properties["subnet_group_name"]
                           : properties["parameter_group_name"];
    EXPECT_TRUE(std::regex_match(name, kMemoryDb)) << name;
    EXPECT_FALSE(name.ends_with("-")) << name;
    EXPECT_EQ(name.find("--"), std::string::npos) << name;
  }
  // Shortened names stay distinct.
  EXPECT_NE(Get(plan, "memorydb-cluster").properties["cluster_name"],
            Get(plan, "memorydb-subnet-group").properties["subnet_group_name"]);
}

TEST(CloudPlanTest, ProvisioningDelays) {
  EXPECT_EQ(ProvisioningDelaySeconds(kind::kNatGateway), 60);
  EXPECT_EQ(ProvisioningDelaySeconds(kind::kEfsFileSystem), 10);
  EXPECT_EQ(ProvisioningDelaySeconds(kind::kEfsMountTarget), 90);
  EXPECT_EQ(ProvisioningDelaySeconds(kind::kMemoryDbCluster), 600);
  EXPECT_EQ(ProvisioningDelaySeconds(kind::kVpc), 0);
  EXPECT_EQ(CriticalPathSeconds(Build(TestOptions())), 0);
}

TEST(CloudPlanTest, SamePlanForSameInput) {
  auto options = TestOptions();
  options.private_network = true;
  CloudPlan first = Build(options);
  CloudPlan second = Build(options);
  ASSERT_EQ(first.resources.size(), second.resources.size());
  for (size_t i = 0; i < first.resources.size(); ++i) {
    EXPECT_EQ(first.resources[i].logical_name, second.resources[i].logical_name);
    EXPECT_EQ(first.resources[i].properties, second.resources[i].properties);
  }
  // Client tokens differ between clouds.
  auto other = TestIdentity();
  other.cloud_id = "cld_zzzzzzzzzzzzzzzzzzzzzzzz";
  auto third = BuildPlan(options, other, TestZones());
  ASSERT_TRUE(third);
  EXPECT_NE(third->Find("s3-endpoint")->properties["client_token"],
            first.Find("s3-endpoint")->properties["client_token"]);
}

}  // namespace
}  // namespace raycloud::cloud
