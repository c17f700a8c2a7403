#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;
using testing::StatusOf;
using testing::ToSnapshot;

void SetSubnet(json& document, const std::string& id, const std::string& key, const json& value) {
  for (const char* list : {"subnets", "vpc_subnets"}) {
    for (auto& subnet : document[list]["output"]["Subnets"]) {
      if (subnet["SubnetId"] == id) subnet[key] = value;
    }
  }
}

TEST(SubnetChecksTest, AMissingSubnetFailsOnceAndOnlyItsOwnChecksSkip) {
  auto document = testing::PublicCloud();
  document["target"]["subnet_ids"] = {"subnet-0a", "subnet-0b", "subnet-0gone"};
  Findings findings = RunChecks(ToSnapshot(document));
  EXPECT_EQ(StatusOf(findings, "subnets.exists", "subnet-0gone"), CheckStatus::kFail);
  EXPECT_EQ(StatusOf(findings, "subnets.exists", "subnet-0a"), CheckStatus::kPass);
  for (const char* id :
       {"subnets.in_vpc", "subnets.cidr_size", "subnets.free_addresses",
        "subnets.public_ip_mapping", "vpc.internet_egress", "network_acls.allow_cluster_traffic"}) {
    EXPECT_EQ(StatusOf(findings, id, "subnet-0gone"), CheckStatus::kSkip) << id;
    EXPECT_EQ(StatusOf(findings, id, "subnet-0b"), CheckStatus::kPass) << id;
  }
  int failures = 0;
  for (const auto& finding : findings) failures += finding.status == CheckStatus::kFail;
  EXPECT_EQ(failures, 1);
}

TEST(SubnetChecksTest, SubnetOfAnotherVpcFails) {
  auto document = testing::PublicCloud();
  SetSubnet(document, "subnet-0b", "VpcId", "vpc-0other");
  Finding finding = RunFinding(document, "subnets.in_vpc", "subnet-0b");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("vpc-0other"), std::string::npos);
}

TEST(SubnetChecksTest, OneSubnetOrOneZoneFails) {
  auto one = testing::PublicCloud();
  one["target"]["subnet_ids"] = {"subnet-0a"};
  EXPECT_EQ(Check(one, "subnets.count"), CheckStatus::kFail);
  EXPECT_EQ(Check(one, "subnets.availability_zones"), CheckStatus::kFail);

  auto same_zone = testing::PublicCloud();
  SetSubnet(same_zone, "subnet-0b", "AvailabilityZone", "us-west-2a");
  EXPECT_EQ(Check(same_zone, "subnets.count"), CheckStatus::kPass);
  EXPECT_EQ(Check(same_zone, "subnets.availability_zones"), CheckStatus::kFail);
}

TEST(SubnetChecksTest, TwoPublicSubnetsInOneZoneWarn) {
  auto document = testing::PublicCloud();
  json extra = document["subnets"]["output"]["Subnets"][1];
  extra["SubnetId"] = "subnet-0c";
  extra["CidrBlock"] = "10.0.64.0/19";
  extra["AvailabilityZone"] = "us-west-2a";
  document["subnets"]["output"]["Subnets"].push_back(extra);
  document["target"]["subnet_ids"].push_back("subnet-0c");
  // subnet-0c has no explicit association: it uses the main table, which has no igw route,
  // so it is private and the zones stay distinct...
  EXPECT_EQ(Check(document, "subnets.availability_zones"), CheckStatus::kPass);
  // ...until it is associated with the public table.
  document["route_tables"]["output"]["RouteTables"][1]["Associations"].push_back(
      {{"Main", false}, {"SubnetId", "subnet-0c"}});
  Finding finding = RunFinding(document, "subnets.availability_zones");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("subnet-0a and subnet-0c share availability zone us-west-2a"),
            std::string::npos);
}

TEST(SubnetChecksTest, SmallOrFullSubnetsWarn) {
  auto document = testing::PublicCloud();
  SetSubnet(document, "subnet-0a", "CidrBlock", "10.0.0.0/24");
  SetSubnet(document, "subnet-0b", "AvailableIpAddressCount", 63);
  EXPECT_EQ(Check(document, "subnets.cidr_size", "subnet-0a"), CheckStatus::kWarn);
  EXPECT_EQ(Check(document, "subnets.cidr_size", "subnet-0b"), CheckStatus::kPass);
  EXPECT_EQ(Check(document, "subnets.free_addresses", "subnet-0b"), CheckStatus::kWarn);
  EXPECT_EQ(Check(document, "subnets.free_addresses", "subnet-0a"), CheckStatus::kPass);
  SetSubnet(document, "subnet-0a", "CidrBlock", "10.0.0.0/22");
  SetSubnet(document, "subnet-0b", "AvailableIpAddressCount", 64);
  EXPECT_EQ(Check(document, "subnets.cidr_size", "subnet-0a"), CheckStatus::kPass);
  EXPECT_EQ(Check(document, "subnets.free_addresses", "subnet-0b"), CheckStatus::kPass);
}

TEST(SubnetChecksTest, PublicIpMappingFollowsTheMode) {
  auto document = testing::PublicCloud();
  SetSubnet(document, "subnet-0a", "MapPublicIpOnLaunch", false);
  Finding finding = RunFinding(document, "subnets.public_ip_mapping", "subnet-0a");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_EQ(finding.remediation,
            "aws ec2 modify-subnet-attribute --subnet-id subnet-0a --map-public-ip-on-launch "
            "--region us-west-2");
  auto private_cloud = CloudFixture("private_cloud.json");
  EXPECT_EQ(Check(private_cloud, "subnets.public_ip_mapping", "subnet-0a"), CheckStatus::kPass);
  SetSubnet(private_cloud, "subnet-0a", "MapPublicIpOnLaunch", true);
  EXPECT_EQ(Check(private_cloud, "subnets.public_ip_mapping", "subnet-0a"), CheckStatus::kWarn);
}

}  // namespace
}  // namespace raycloud::verify
