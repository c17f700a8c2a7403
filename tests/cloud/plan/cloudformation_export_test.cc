#include "cloud/plan/cloudformation_export.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "cloud/plan/plan_test_util.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using nlohmann::ordered_json;
using testing::TestIdentity;
using testing::TestOptions;

struct Mode {
  const char* name;
  SetupOptions options;
};

std::vector<Mode> Modes() {
  std::vector<Mode> modes;
  modes.push_back({"public", TestOptions()});
  SetupOptions full = TestOptions();
  full.private_network = true;
  full.shared_storage = "nfs";
  full.enable_head_node_fault_tolerance = true;
  full.enable_versioning = true;
  full.enable_ecr_access = true;
  full.kms_key_id = "alias/raycloud";
  full.console_origins = {"https://console.example.com"};
  full.ingress_cidrs = {"203.0.113.0/24", "198.51.100.0/24"};
  full.availability_zones = {"us-west-2a", "us-west-2b", "us-west-2c", "us-west-2d"};
  full.control_plane_principal = "arn:aws:iam::111122223333:role/raycloud";
  full.bucket_name = "my-ray-data";
  full.tags = {{"team", "ml"}};
  modes.push_back({"private-per-az-full", full});
  SetupOptions single = TestOptions();
  single.private_network = true;
  single.nat_gateways = "single";
  single.availability_zones = {"us-west-2a", "us-west-2b"};
  modes.push_back({"private-single", single});
  return modes;
}

ordered_json Template(const SetupOptions& options) {
  auto document = CloudFormationTemplate(options, TestIdentity());
  EXPECT_TRUE(document) << (document ? "" : document.error().message);
  return document ? *document : ordered_json::object();
}

std::map<std::string, int> CountTypes(const ordered_json& document) {
  std::map<std::string, int> counts;
  for (const auto& [id, resource] : document["Resources"].items()) {
    counts[resource["Type"].get<std::string>()]++;
  }
  return counts;
}

// Every Ref, GetAtt and DependsOn names a resource, a parameter or a pseudo parameter.
void ExpectReferencesResolve(const ordered_json& document) {
  std::set<std::string> known = {"AWS::Region", "AWS::AccountId", "AWS::Partition"};
  for (const auto& [id, resource] : document["Resources"].items()) known.insert(id);
  for (const auto& [id, parameter] : document["Parameters"].items()) known.insert(id);
  std::function<void(const ordered_json&)> walk = [&](const ordered_json& value) {
    if (value.is_object()) {
      if (value.contains("Fn::Sub")) return;  // see ExpectSubVariablesResolve
      if (value.contains("Ref")) {
        EXPECT_TRUE(known.contains(value["Ref"])) << value.dump();
      }
      if (value.contains("Fn::GetAtt")) {
        EXPECT_TRUE(known.contains(value["Fn::GetAtt"][0])) << value.dump();
      }
      for (const auto& [key, member] : value.items()) walk(member);
    } else if (value.is_array()) {
      for (const auto& member : value) walk(member);
    } else if (value.is_string()) {
      // A ${...} outside Fn::Sub would reach AWS literally.
      EXPECT_EQ(value.get<std::string>().find("${"), std::string::npos) << value;
    }
  };
  for (const auto& [id, resource] : document["Resources"].items()) {
    for (const auto& [key, member] : resource.items()) {
      if (key == "DependsOn") {
        for (const auto& dependency : member) EXPECT_TRUE(known.contains(dependency)) << dependency;
      } else {
        walk(member);
      }
    }
  }
  for (const auto& [id, output] : document["Outputs"].items()) walk(output["Value"]);
}

// Fn::Sub strings are skipped by the walk above: check their variables separately.
void ExpectSubVariablesResolve(const ordered_json& document) {
  std::set<std::string> known = {"AWS::Region", "AWS::AccountId", "AWS::Partition", "SubnetList"};
  for (const auto& [id, resource] : document["Resources"].items()) known.insert(id);
  for (const auto& [id, parameter] : document["Parameters"].items()) known.insert(id);
  std::function<void(const ordered_json&)> walk = [&](const ordered_json& value) {
    if (value.is_object()) {
      if (value.contains("Fn::Sub")) {
        const ordered_json& sub = value["Fn::Sub"];
        std::string text = sub.is_array() ? sub[0].get<std::string>() : sub.get<std::string>();
        for (size_t start = text.find("${"); start != std::string::npos;
             start = text.find("${", start + 2)) {
          std::string name = text.substr(start + 2, text.find('}', start) - start - 2);
          name = name.substr(0, name.find('.'));  // ${Resource.Attribute}
          EXPECT_TRUE(known.contains(name)) << name << " in " << text;
        }
        return;
      }
      for (const auto& [key, member] : value.items()) walk(member);
    } else if (value.is_array()) {
      for (const auto& member : value) walk(member);
    }
  };
  walk(document["Resources"]);
  walk(document["Outputs"]);
}

TEST(CloudFormationExportTest, LogicalIds) {
  EXPECT_EQ(CloudFormationLogicalId("vpc"), "Vpc");
  EXPECT_EQ(CloudFormationLogicalId("nat-subnet-${AvailabilityZone2}"),
            "NatSubnetAvailabilityZone2");
  EXPECT_EQ(CloudFormationLogicalId("control-plane-role"), "ControlPlaneRole");
}

TEST(CloudFormationExportTest, PublicModeHasThePlansResources) {
  ordered_json document = Template(TestOptions());
  ExpectReferencesResolve(document);
  ExpectSubVariablesResolve(document);
  auto counts = CountTypes(document);
  EXPECT_EQ(counts["AWS::EC2::VPC"], 1);
  EXPECT_EQ(counts["AWS::EC2::Subnet"], 3);
  EXPECT_EQ(counts["AWS::EC2::NatGateway"], 0);
  EXPECT_EQ(counts["AWS::EC2::RouteTable"], 1);
  EXPECT_EQ(counts["AWS::EC2::SubnetRouteTableAssociation"], 3);
  EXPECT_EQ(counts["AWS::EC2::VPCEndpoint"], 1);
  EXPECT_EQ(counts["AWS::IAM::Role"], 2);
  EXPECT_EQ(counts["AWS::IAM::RolePolicy"], 2);
  EXPECT_EQ(counts["AWS::IAM::InstanceProfile"], 1);
  EXPECT_EQ(counts["AWS::S3::Bucket"], 1);
  EXPECT_EQ(counts["AWS::S3::BucketPolicy"], 1);
  EXPECT_EQ(counts["AWS::EFS::FileSystem"], 0);
  EXPECT_EQ(counts["AWS::MemoryDB::Cluster"], 0);
  const auto& vpc = document["Resources"]["Vpc"]["Properties"];
  EXPECT_EQ(vpc["EnableDnsSupport"], true);
  EXPECT_EQ(vpc["EnableDnsHostnames"], true);
  EXPECT_EQ(vpc["CidrBlock"], "10.0.0.0/16");
  // Zones are parameters defaulting to the region's; the subnet takes its zone from one.
  EXPECT_EQ(document["Parameters"]["AvailabilityZone1"]["Default"], "us-west-2a");
  EXPECT_EQ(document["Resources"]["SubnetAvailabilityZone1"]["Properties"]["AvailabilityZone"],
            ordered_json({{"Fn::Sub", "${AvailabilityZone1}"}}));
  EXPECT_EQ(document["Parameters"]["ExternalId"]["Default"], TestIdentity().external_id);
  EXPECT_EQ(document["Parameters"]["BucketName"]["Default"],
            "raycloud-data-abcdefghijklmnopqrstuvwx");
  // The route to the internet gateway waits for its attachment.
  EXPECT_EQ(document["Resources"]["PublicRouteDefault"]["DependsOn"],
            ordered_json::array({"InternetGatewayAttachment"}));
  // The bucket policy waits for both roles it names.
  const auto& policy_deps = document["Resources"]["BucketPolicy"]["DependsOn"];
  EXPECT_NE(std::find(policy_deps.begin(), policy_deps.end(), "ControlPlaneRole"),
            policy_deps.end());
  EXPECT_NE(std::find(policy_deps.begin(), policy_deps.end(), "InstanceRole"), policy_deps.end());
  std::set<std::string> outputs;
  for (const auto& [key, value] : document["Outputs"].items()) outputs.insert(key);
  EXPECT_EQ(outputs, (std::set<std::string>{"VpcId", "SubnetIds", "SecurityGroupIds", "S3BucketId",
                                            "ControlPlaneRoleArn", "InstanceRoleArn", "ExternalId",
                                            "PrivateNetwork", "RegisterCommand"}));
}

TEST(CloudFormationExportTest, FullPrivateModeHasEveryOptionalResource) {
  const Mode mode = Modes()[1];
  ordered_json document = Template(mode.options);
  ExpectReferencesResolve(document);
  ExpectSubVariablesResolve(document);
  auto counts = CountTypes(document);
  EXPECT_EQ(counts["AWS::EC2::Subnet"], 8);
  EXPECT_EQ(counts["AWS::EC2::NatGateway"], 4);
  EXPECT_EQ(counts["AWS::EC2::EIP"], 4);
  EXPECT_EQ(counts["AWS::EC2::RouteTable"], 5);
  EXPECT_EQ(counts["AWS::EC2::Route"], 5);
  EXPECT_EQ(counts["AWS::EFS::FileSystem"], 1);
  EXPECT_EQ(counts["AWS::EFS::MountTarget"], 4);
  EXPECT_EQ(counts["AWS::MemoryDB::SubnetGroup"], 1);
  EXPECT_EQ(counts["AWS::MemoryDB::ParameterGroup"], 1);
  EXPECT_EQ(counts["AWS::MemoryDB::Cluster"], 1);
  EXPECT_EQ(counts["AWS::EC2::SecurityGroupIngress"], 1);  // the self rule
  EXPECT_EQ(counts["AWS::EC2::SecurityGroupEgress"], 1);
  const auto& bucket = document["Resources"]["Bucket"]["Properties"];
  EXPECT_EQ(bucket["VersioningConfiguration"]["Status"], "Enabled");
  EXPECT_EQ(bucket["CorsConfiguration"]["CorsRules"][0]["AllowedOrigins"][0],
            "https://console.example.com");
  EXPECT_EQ(bucket["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
                  ["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
            "aws:kms");
  EXPECT_EQ(bucket["LifecycleConfiguration"]["Rules"].size(), 4u);
  const auto& group = document["Resources"]["SecurityGroup"]["Properties"];
  EXPECT_EQ(group["SecurityGroupIngress"].size(), 2u);
  EXPECT_EQ(group["SecurityGroupIngress"][0]["FromPort"], 443);
  EXPECT_EQ(document["Parameters"]["ControlPlanePrincipal"]["Default"],
            "arn:aws:iam::111122223333:role/raycloud");
  EXPECT_EQ(document["Parameters"]["AvailabilityZone4"]["Default"], "us-west-2d");
  EXPECT_TRUE(document["Outputs"].contains("EfsId"));
  EXPECT_TRUE(document["Outputs"].contains("MemorydbClusterId"));
  EXPECT_EQ(document["Outputs"]["PrivateNetwork"]["Value"], "true");
  const std::string trust =
      document["Resources"]["ControlPlaneRole"]["Properties"]["AssumeRolePolicyDocument"].dump();
  EXPECT_NE(trust.find("ControlPlanePrincipalIsOwnAccount"), std::string::npos);
  EXPECT_NE(trust.find("${ExternalId}"), std::string::npos);
}

TEST(CloudFormationExportTest, YamlParsesBackToTheSameResources) {
  for (const auto& mode : Modes()) {
    auto yaml = CloudFormationYaml(mode.options, TestIdentity());
    ASSERT_TRUE(yaml) << mode.name;
    YAML::Node node = YAML::Load(*yaml);
    EXPECT_EQ(node["AWSTemplateFormatVersion"].as<std::string>(), "2010-09-09");
    EXPECT_EQ(node["Resources"].size(), Template(mode.options)["Resources"].size()) << mode.name;
    // Strings that look like other scalars stay strings.
    EXPECT_NE(yaml->find("\"2012-10-17\""), std::string::npos);
    EXPECT_NE(yaml->find("IpProtocol: \"-1\""), std::string::npos);
  }
}

// Runs cfn-lint on the template of each mode. Registered as its own ctest
// (cloud_export_cfn_lint, which sets RAYCLOUD_CFN_LINT=1) because cfn-lint takes seconds.
TEST(CloudFormationLintTest, EveryModePassesCfnLint) {
  if (std::getenv("RAYCLOUD_CFN_LINT") == nullptr) {
    GTEST_SKIP() << "runs as the cloud_export_cfn_lint ctest";
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("raycloud-cfn-lint-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string files;
  for (const auto& mode : Modes()) {
    auto yaml = CloudFormationYaml(mode.options, TestIdentity());
    ASSERT_TRUE(yaml) << mode.name;
    const auto path = dir / (std::string(mode.name) + ".yaml");
    std::ofstream(path) << *yaml;
    files += " '" + path.string() + "'";
  }
  // cfn-lint's exit code is a bit set: 2 errors, 4 warnings, 8 informational.
  int status = std::system(("cfn-lint --format parseable --" + files + " 1>&2").c_str());
  ASSERT_TRUE(WIFEXITED(status)) << "cfn-lint did not run";
  const int code = WEXITSTATUS(status);
  EXPECT_NE(code, 127) << "cfn-lint is not installed";
  EXPECT_EQ(code & 2, 0) << "cfn-lint found errors (see stderr)";
  EXPECT_EQ(code & 4, 0) << "cfn-lint found warnings (see stderr)";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace raycloud::cloud
