#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

json& RouteTable(json& document, const std::string& id) {
  for (auto& table : document["route_tables"]["output"]["RouteTables"]) {
    if (table["RouteTableId"] == id) return table;
  }
  ADD_FAILURE() << "no route table " << id;
  static json none;
  return none;
}

json& DefaultRouteOf(json& document, const std::string& table_id) {
  for (auto& route : RouteTable(document, table_id)["Routes"]) {
    if (route.value("DestinationCidrBlock", "") == "0.0.0.0/0") return route;
  }
  ADD_FAILURE() << "no default route in " << table_id;
  static json none;
  return none;
}

TEST(VpcChecksTest, CidrSizeWarnsBelowSlash19AndFailsBelowSlash24) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "vpc.cidr_size"), CheckStatus::kPass);
  document["vpcs"]["output"]["Vpcs"][0]["CidrBlock"] = "10.0.0.0/20";
  EXPECT_EQ(Check(document, "vpc.cidr_size"), CheckStatus::kWarn);
  document["vpcs"]["output"]["Vpcs"][0]["CidrBlock"] = "10.0.0.0/24";
  EXPECT_EQ(Check(document, "vpc.cidr_size"), CheckStatus::kWarn);
  document["vpcs"]["output"]["Vpcs"][0]["CidrBlock"] = "10.0.0.0/25";
  EXPECT_EQ(Check(document, "vpc.cidr_size"), CheckStatus::kFail);
}

TEST(VpcChecksTest, DisabledDnsFailsWithTheCommandAndASafeFix) {
  auto document = testing::PublicCloud();
  document["dns_hostnames"]["output"]["EnableDnsHostnames"]["Value"] = false;
  Finding finding = RunFinding(document, "vpc.dns_hostnames");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_EQ(finding.remediation,
            "aws ec2 modify-vpc-attribute --vpc-id vpc-0a1 --enable-dns-hostnames "
            "'{\"Value\":true}' --region us-west-2");
  ASSERT_EQ(finding.fixes.size(), 1u);
  EXPECT_EQ(finding.fixes[0].operation, "ModifyVpcAttribute");
  EXPECT_EQ(finding.fixes[0].params["EnableDnsHostnames"]["Value"], true);
  EXPECT_EQ(Check(document, "vpc.dns_support"), CheckStatus::kPass);
}

TEST(VpcChecksTest, UnreadableAttributeIsSkippedNotPassed) {
  auto document = testing::PublicCloud();
  document["dns_support"] = {{"error", {{"code", "UnauthorizedOperation"}, {"message", "no"}}}};
  Finding finding = RunFinding(document, "vpc.dns_support");
  EXPECT_EQ(finding.status, CheckStatus::kSkip);
  EXPECT_NE(finding.message.find("UnauthorizedOperation"), std::string::npos);
}

TEST(VpcChecksTest, DescribeErrorOtherThanNotFoundSaysSo) {
  auto document = testing::PublicCloud();
  document["vpcs"] = {{"error", {{"code", "UnauthorizedOperation"}, {"message", "denied"}}}};
  Finding finding = RunFinding(document, "vpc.exists");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("could not describe"), std::string::npos);
}

// A refused read asks for the permission; a network failure asks for another run, not for a
// permission the credentials already have.
TEST(VpcChecksTest, ReadFailureFixDependsOnWhyTheReadFailed) {
  auto document = testing::PublicCloud();
  document["vpcs"] = {{"error", {{"code", "UnauthorizedOperation"}, {"message", "denied"}}}};
  EXPECT_EQ(RunFinding(document, "vpc.exists").remediation,
            "Allow ec2:DescribeVpcs to the credentials raycloud runs with");
  document["vpcs"] = {{"error", {{"code", ""}, {"message", "ec2 DescribeVpcs: timed out"}}}};
  Finding timed_out = RunFinding(document, "vpc.exists");
  EXPECT_EQ(timed_out.status, CheckStatus::kFail);
  EXPECT_EQ(timed_out.remediation.find("Allow"), std::string::npos) << timed_out.remediation;
  EXPECT_NE(timed_out.remediation.find("run verify again"), std::string::npos);
  document["vpcs"] = {{"error", {{"code", "RequestLimitExceeded"}, {"message", "slow down"}}}};
  EXPECT_NE(RunFinding(document, "vpc.exists").remediation.find("RequestLimitExceeded"),
            std::string::npos);
}

TEST(InternetEgressTest, PublicModeNeedsAnAttachedInternetGateway) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "vpc.internet_egress", "subnet-0a"), CheckStatus::kPass);
  document["internet_gateways"]["output"]["InternetGateways"][0]["Attachments"] = json::array();
  Finding finding = RunFinding(document, "vpc.internet_egress", "subnet-0a");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.remediation.find("attach-internet-gateway --internet-gateway-id igw-0d1 "
                                     "--vpc-id vpc-0a1"),
            std::string::npos);
}

TEST(InternetEgressTest, MissingDefaultRouteFailsWithCreateRoute) {
  auto document = testing::PublicCloud();
  auto& routes = RouteTable(document, "rtb-public")["Routes"];
  routes.erase(1);  // the 0.0.0.0/0 route
  Finding finding = RunFinding(document, "vpc.internet_egress", "subnet-0b");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_EQ(finding.remediation,
            "aws ec2 create-route --route-table-id rtb-public --destination-cidr-block 0.0.0.0/0 "
            "--gateway-id igw-0d1 --region us-west-2");
}

TEST(InternetEgressTest, BlackholeAndNatInPublicModeFail) {
  auto document = testing::PublicCloud();
  DefaultRouteOf(document, "rtb-public")["State"] = "blackhole";
  EXPECT_EQ(Check(document, "vpc.internet_egress", "subnet-0a"), CheckStatus::kFail);
  document = testing::PublicCloud();
  auto& route = DefaultRouteOf(document, "rtb-public");
  route.erase("GatewayId");
  route["NatGatewayId"] = "nat-0zz";
  EXPECT_EQ(Check(document, "vpc.internet_egress", "subnet-0a"), CheckStatus::kFail);
}

TEST(InternetEgressTest, OpaqueTargetsWarnAndSaySo) {
  for (const char* member : {"TransitGatewayId", "VpcPeeringConnectionId", "NetworkInterfaceId"}) {
    auto document = testing::PublicCloud();
    auto& route = DefaultRouteOf(document, "rtb-public");
    route.erase("GatewayId");
    route[member] = "x-0123";
    Finding finding = RunFinding(document, "vpc.internet_egress", "subnet-0a");
    EXPECT_EQ(finding.status, CheckStatus::kWarn) << member;
    EXPECT_NE(finding.message.find("cannot be verified"), std::string::npos);
  }
  auto document = testing::PublicCloud();
  DefaultRouteOf(document, "rtb-public")["GatewayId"] = "vpce-0firewall";
  EXPECT_EQ(Check(document, "vpc.internet_egress", "subnet-0a"), CheckStatus::kWarn);
}

TEST(InternetEgressTest, PrivateModeFollowsTheNatGatewayToTheInternetGateway) {
  auto document = testing::PrivateCloud();
  EXPECT_EQ(Check(document, "vpc.internet_egress", "subnet-0a"), CheckStatus::kPass);
  EXPECT_EQ(Check(document, "vpc.internet_egress", "subnet-0b"), CheckStatus::kPass);

  auto pending = testing::PrivateCloud();
  pending["nat_gateways"]["output"]["NatGateways"][0]["State"] = "failed";
  EXPECT_EQ(Check(pending, "vpc.internet_egress", "subnet-0a"), CheckStatus::kFail);
  EXPECT_EQ(Check(pending, "vpc.internet_egress", "subnet-0b"), CheckStatus::kPass);

  auto isolated = testing::PrivateCloud();
  RouteTable(isolated, "rtb-public")["Routes"].erase(1);
  Finding finding = RunFinding(isolated, "vpc.internet_egress", "subnet-0a");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("subnet-0na"), std::string::npos);
  EXPECT_NE(finding.remediation.find("create-route --route-table-id rtb-public"),
            std::string::npos);

  auto direct = testing::PrivateCloud();
  auto& route = DefaultRouteOf(direct, "rtb-private-a");
  route.erase("NatGatewayId");
  route["GatewayId"] = "igw-0d1";
  EXPECT_EQ(Check(direct, "vpc.internet_egress", "subnet-0a"), CheckStatus::kFail);

  auto private_nat = testing::PrivateCloud();
  private_nat["nat_gateways"]["output"]["NatGateways"][1]["ConnectivityType"] = "private";
  EXPECT_EQ(Check(private_nat, "vpc.internet_egress", "subnet-0b"), CheckStatus::kFail);
}

TEST(S3EndpointTest, WarnsForEachRouteTableTheEndpointMisses) {
  auto document = testing::PrivateCloud();
  EXPECT_EQ(Check(document, "vpc.s3_endpoint"), CheckStatus::kPass);
  document["vpc_endpoints"]["output"]["VpcEndpoints"][0]["RouteTableIds"] = {"rtb-public",
                                                                             "rtb-private-a"};
  Finding finding = RunFinding(document, "vpc.s3_endpoint");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_EQ(finding.remediation,
            "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0e1 --add-route-table-ids "
            "rtb-private-b --region us-west-2");
  ASSERT_EQ(finding.fixes.size(), 1u);
  EXPECT_EQ(finding.fixes[0].params["AddRouteTableIds"], json({"rtb-private-b"}));
}

TEST(S3EndpointTest, AnInterfaceOrOtherServiceEndpointDoesNotCount) {
  auto document = testing::PublicCloud();
  document["vpc_endpoints"]["output"]["VpcEndpoints"][0]["ServiceName"] =
      "com.amazonaws.us-west-2.dynamodb";
  Finding finding = RunFinding(document, "vpc.s3_endpoint");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.remediation.find("create-vpc-endpoint --vpc-id vpc-0a1 --vpc-endpoint-type "
                                     "Gateway --service-name com.amazonaws.us-west-2.s3 "
                                     "--route-table-ids rtb-public"),
            std::string::npos);
  EXPECT_TRUE(finding.fixes.empty());  // creating an endpoint is not a --fix change
}

}  // namespace
}  // namespace raycloud::verify
