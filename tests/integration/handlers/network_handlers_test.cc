// EC2 handlers against the emulator: each creates, is adopted by Find, and is deleted.
#include <gtest/gtest.h>

#include "cloud/exec/handlers/handlers.h"
#include "cloud/plan/resource_kinds.h"
#include "integration/handlers/handler_fixture.h"

namespace raycloud::cloud::testing {
namespace {

using json = nlohmann::json;
namespace h = handlers;

class NetworkHandlersTest : public HandlerTest {};

TEST_F(NetworkHandlersTest, VpcIsTaggedAtCreationAdoptedAndDeleted) {
  auto spec = Spec("vpc", kind::kVpc, {{"cidr_block", "10.1.0.0/16"}, {"tags", Tags("vpc")}});
  ResourceState vpc = CreateAndAdopt(h::VpcHandler(), spec);
  json described = Aws("ec2", "DescribeVpcs", {{"VpcIds", {vpc.physical_id}}});
  ASSERT_EQ(described["Vpcs"].size(), 1u);
  EXPECT_EQ(described["Vpcs"][0]["CidrBlock"], "10.1.0.0/16");
  EXPECT_EQ(described["Vpcs"][0]["Tags"].size(), 5u);
  EXPECT_EQ(emulator().CallCount("ec2", "CreateVpc").value(), 1);
  // Another cloud's VPC of the same Name is not adopted.
  identity_.cloud_id = "cld_someone0else0entirely000";
  auto other = h::VpcHandler().Find(spec, *context_);
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->has_value());
  identity_.cloud_id = "cld_handlers0test0cloud0id00";
  DeleteAndForget(h::VpcHandler(), spec, vpc);
}

TEST_F(NetworkHandlersTest, VpcAttributeIsSetFoundAndLeftToTheVpc) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  auto spec = Spec("vpc-dns-hostnames", kind::kVpcAttribute,
                   {{"vpc", vpc}, {"attribute", "enableDnsHostnames"}, {"value", true}});
  auto before = h::VpcAttributeHandler().Find(spec, *context_);
  ASSERT_TRUE(before);
  EXPECT_FALSE(before->has_value());  // moto's new VPCs have DNS hostnames off
  ResourceState state = CreateAndAdopt(h::VpcAttributeHandler(), spec);
  EXPECT_EQ(state.physical_id, vpc + "/enableDnsHostnames");
  json attribute =
      Aws("ec2", "DescribeVpcAttribute", {{"VpcId", vpc}, {"Attribute", "enableDnsHostnames"}});
  EXPECT_EQ(attribute["EnableDnsHostnames"]["Value"], true);
  EXPECT_TRUE(h::VpcAttributeHandler().Delete(state, *context_));
  // While deleting, an unresolved VPC reference means nothing to find.
  auto gone = Spec("vpc-dns-hostnames", kind::kVpcAttribute,
                   {{"vpc", nullptr}, {"attribute", "enableDnsHostnames"}, {"value", true}});
  auto found = h::VpcAttributeHandler().Find(gone, *context_);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());
}

TEST_F(NetworkHandlersTest, SubnetMapsPublicIpsEvenWhenAdopted) {
  auto [vpc, unused] = MakeVpcAndSubnet();
  auto spec = Spec("subnet-us-west-2b", kind::kSubnet,
                   {{"vpc", vpc},
                    {"cidr_block", "10.0.32.0/19"},
                    {"availability_zone", "us-west-2b"},
                    {"map_public_ip_on_launch", true},
                    {"tags", Tags("subnet-us-west-2b")}});
  ResourceState subnet = CreateAndAdopt(h::SubnetHandler(), spec);
  EXPECT_EQ(subnet.attributes["vpc_id"], vpc);
  json described = Aws("ec2", "DescribeSubnets", {{"SubnetIds", {subnet.physical_id}}});
  EXPECT_EQ(described["Subnets"][0]["MapPublicIpOnLaunch"], true);
  EXPECT_EQ(described["Subnets"][0]["AvailabilityZone"], "us-west-2b");
  // WaitReady on an adopted subnet that lost the attribute puts it back.
  Aws("ec2", "ModifySubnetAttribute",
      {{"SubnetId", subnet.physical_id}, {"MapPublicIpOnLaunch", {{"Value", false}}}});
  ASSERT_TRUE(h::SubnetHandler().WaitReady(spec, subnet, *context_));
  described = Aws("ec2", "DescribeSubnets", {{"SubnetIds", {subnet.physical_id}}});
  EXPECT_EQ(described["Subnets"][0]["MapPublicIpOnLaunch"], true);
  DeleteAndForget(h::SubnetHandler(), spec, subnet);
}

TEST_F(NetworkHandlersTest, InternetGatewayAttachesAndDetaches) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  auto gateway_spec =
      Spec("internet-gateway", kind::kInternetGateway, {{"tags", Tags("internet-gateway")}});
  ResourceState gateway = CreateAndAdopt(h::InternetGatewayHandler(), gateway_spec);
  auto attachment_spec = Spec("internet-gateway-attachment", kind::kInternetGatewayAttachment,
                              {{"internet_gateway", gateway.physical_id}, {"vpc", vpc}});
  ResourceState attachment = CreateAndAdopt(h::InternetGatewayAttachmentHandler(), attachment_spec);
  // A repeated attach (an earlier attempt took effect) adopts the attachment.
  auto again = h::InternetGatewayAttachmentHandler().Create(attachment_spec, *context_);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->physical_id, attachment.physical_id);
  json described =
      Aws("ec2", "DescribeInternetGateways", {{"InternetGatewayIds", {gateway.physical_id}}});
  EXPECT_EQ(described["InternetGateways"][0]["Attachments"][0]["VpcId"], vpc);
  DeleteAndForget(h::InternetGatewayAttachmentHandler(), attachment_spec, attachment);
  DeleteAndForget(h::InternetGatewayHandler(), gateway_spec, gateway);
}

TEST_F(NetworkHandlersTest, RouteTableRouteAndAssociation) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  json gateway = Aws("ec2", "CreateInternetGateway");
  const std::string igw = gateway["InternetGateway"]["InternetGatewayId"];
  Aws("ec2", "AttachInternetGateway", {{"InternetGatewayId", igw}, {"VpcId", vpc}});

  auto table_spec = Spec("public-route-table", kind::kRouteTable,
                         {{"vpc", vpc},
                          {"client_token", "raycloud-test-route-table"},
                          {"tags", Tags("public-route-table")}});
  ResourceState table = CreateAndAdopt(h::RouteTableHandler(), table_spec);
  auto route_spec = Spec("public-route-default", kind::kRoute,
                         {{"route_table", table.physical_id},
                          {"destination_cidr_block", "0.0.0.0/0"},
                          {"gateway", igw}});
  ResourceState route = CreateAndAdopt(h::RouteHandler(), route_spec);
  EXPECT_EQ(route.physical_id, table.physical_id + "/0.0.0.0/0");
  // A repeated CreateRoute (RouteAlreadyExists to the same target) adopts it.
  auto again = h::RouteHandler().Create(route_spec, *context_);
  ASSERT_TRUE(again) << again.error().message;

  auto association_spec = Spec("association-subnet", kind::kRouteTableAssociation,
                               {{"subnet", subnet}, {"route_table", table.physical_id}});
  ResourceState association = CreateAndAdopt(h::RouteTableAssociationHandler(), association_spec);
  EXPECT_TRUE(association.physical_id.starts_with("rtbassoc-")) << association.physical_id;
  json described = Aws("ec2", "DescribeRouteTables", {{"RouteTableIds", {table.physical_id}}});
  bool routed = false;
  for (const auto& entry : described["RouteTables"][0]["Routes"]) {
    routed = routed || (entry.value("DestinationCidrBlock", "") == "0.0.0.0/0" &&
                        entry.value("GatewayId", "") == igw);
  }
  EXPECT_TRUE(routed);

  DeleteAndForget(h::RouteTableAssociationHandler(), association_spec, association);
  DeleteAndForget(h::RouteHandler(), route_spec, route);
  DeleteAndForget(h::RouteTableHandler(), table_spec, table);
}

TEST_F(NetworkHandlersTest, NatGatewayWaitsThroughPendingAndDeleting) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  json gateway = Aws("ec2", "CreateInternetGateway");
  Aws("ec2", "AttachInternetGateway",
      {{"InternetGatewayId", gateway["InternetGateway"]["InternetGatewayId"]}, {"VpcId", vpc}});
  ASSERT_TRUE(emulator().SetPending({{"nat_gateway", 60}, {"nat_gateway_delete", 40}}));

  auto eip_spec = Spec("nat-eip-us-west-2a", kind::kEip,
                       {{"domain", "vpc"}, {"tags", Tags("nat-eip-us-west-2a")}});
  ResourceState eip = CreateAndAdopt(h::EipHandler(), eip_spec);
  EXPECT_TRUE(eip.physical_id.starts_with("eipalloc-")) << eip.physical_id;

  auto nat_spec = Spec("nat-gateway-us-west-2a", kind::kNatGateway,
                       {{"subnet", subnet},
                        {"allocation", eip.physical_id},
                        {"connectivity_type", "public"},
                        {"client_token", "raycloud-test-nat"},
                        {"tags", Tags("nat-gateway-us-west-2a")}});
  auto slept_before = clock_.slept();
  ResourceState nat = CreateAndAdopt(h::NatGatewayHandler(), nat_spec);
  // It polled (with backoff on the injected clock) until the 60 s hold had passed.
  EXPECT_GE(clock_.slept() - slept_before, std::chrono::seconds(60));
  EXPECT_GE(emulator().CallCount("ec2", "DescribeNatGateways").value(), 3);
  // A second NAT gateway of another cloud in the same subnet is not adopted.
  json other_eip = Aws("ec2", "AllocateAddress", {{"Domain", "vpc"}});
  Aws("ec2", "CreateNatGateway",
      {{"SubnetId", subnet}, {"AllocationId", other_eip.value("AllocationId", "")}});
  auto found = h::NatGatewayHandler().Find(nat_spec, *context_);
  ASSERT_TRUE(found && found->has_value());
  EXPECT_EQ((*found)->physical_id, nat.physical_id);

  slept_before = clock_.slept();
  DeleteAndForget(h::NatGatewayHandler(), nat_spec, nat);
  EXPECT_GE(clock_.slept() - slept_before, std::chrono::seconds(40));
  json described = Aws("ec2", "DescribeNatGateways", {{"NatGatewayIds", {nat.physical_id}}});
  ASSERT_EQ(described["NatGateways"].size(), 1u);
  EXPECT_EQ(described["NatGateways"][0]["State"], "deleted");
  DeleteAndForget(h::EipHandler(), eip_spec, eip);
}

TEST_F(NetworkHandlersTest, VpcEndpointWaitsThroughPendingAndIsDeleted) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  json table = Aws("ec2", "CreateRouteTable", {{"VpcId", vpc}});
  const std::string table_id = table["RouteTable"]["RouteTableId"];
  ASSERT_TRUE(emulator().SetPending({{"vpc_endpoint", 20}}));
  auto spec = Spec("s3-endpoint", kind::kVpcEndpoint,
                   {{"vpc", vpc},
                    {"service_name", "com.amazonaws.us-west-2.s3"},
                    {"vpc_endpoint_type", "Gateway"},
                    {"route_tables", {table_id}},
                    {"client_token", "raycloud-test-endpoint"},
                    {"tags", Tags("s3-endpoint")}});
  ResourceState endpoint = CreateAndAdopt(h::VpcEndpointHandler(), spec);
  EXPECT_GE(clock_.slept(), std::chrono::seconds(20));
  json described = Aws("ec2", "DescribeRouteTables", {{"RouteTableIds", {table_id}}});
  bool prefix_route = false;
  for (const auto& route : described["RouteTables"][0]["Routes"]) {
    prefix_route = prefix_route || route.value("GatewayId", "") == endpoint.physical_id;
  }
  EXPECT_TRUE(prefix_route) << described.dump();
  DeleteAndForget(h::VpcEndpointHandler(), spec, endpoint);
}

TEST_F(NetworkHandlersTest, AdoptedVpcEndpointGainsPlannedRouteTables) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  json first = Aws("ec2", "CreateRouteTable", {{"VpcId", vpc}});
  json second = Aws("ec2", "CreateRouteTable", {{"VpcId", vpc}});
  const std::string table_a = first["RouteTable"]["RouteTableId"];
  const std::string table_b = second["RouteTable"]["RouteTableId"];
  auto spec = Spec("s3-endpoint", kind::kVpcEndpoint,
                   {{"vpc", vpc},
                    {"service_name", "com.amazonaws.us-west-2.s3"},
                    {"vpc_endpoint_type", "Gateway"},
                    {"route_tables", {table_a}},
                    {"tags", Tags("s3-endpoint")}});
  ResourceState endpoint = CreateAndAdopt(h::VpcEndpointHandler(), spec);
  // A resumed setup whose plan has gained a route table associates it on WaitReady. (Not
  // deleted here: moto adds no route for tables added later, and then fails the delete.)
  auto grown = Spec("s3-endpoint", kind::kVpcEndpoint,
                    {{"vpc", vpc},
                     {"service_name", "com.amazonaws.us-west-2.s3"},
                     {"vpc_endpoint_type", "Gateway"},
                     {"route_tables", {table_a, table_b}},
                     {"tags", Tags("s3-endpoint")}});
  ASSERT_TRUE(h::VpcEndpointHandler().WaitReady(grown, endpoint, *context_));
  json described = Aws("ec2", "DescribeVpcEndpoints", {{"VpcEndpointIds", {endpoint.physical_id}}});
  EXPECT_EQ(described["VpcEndpoints"][0]["RouteTableIds"], json::array({table_a, table_b}));
  EXPECT_EQ(emulator().CallCount("ec2", "ModifyVpcEndpoint").value(), 1);
  // Nothing left to add: no further call.
  ASSERT_TRUE(h::VpcEndpointHandler().WaitReady(grown, endpoint, *context_));
  EXPECT_EQ(emulator().CallCount("ec2", "ModifyVpcEndpoint").value(), 1);
}

TEST_F(NetworkHandlersTest, SecurityGroupRulesConvergeToThePlan) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  auto group_spec = Spec("security-group", kind::kSecurityGroup,
                         {{"group_name", "demo-cluster-nodes"},
                          {"description", "raycloud cloud demo: cluster nodes"},
                          {"vpc", vpc},
                          {"tags", Tags("security-group")}});
  ResourceState group = CreateAndAdopt(h::SecurityGroupHandler(), group_spec);
  const std::string& id = group.physical_id;
  // Someone opened SSH: it is not in the plan and must go.
  Aws("ec2", "AuthorizeSecurityGroupIngress",
      {{"GroupId", id},
       {"IpPermissions",
        {{{"IpProtocol", "tcp"},
          {"FromPort", 22},
          {"ToPort", 22},
          {"IpRanges", {{{"CidrIp", "0.0.0.0/0"}}}}}}}});
  json rules = {
      {"security_group", id},
      {"ingress",
       {{{"ip_protocol", "tcp"},
         {"from_port", 443},
         {"to_port", 443},
         {"cidr_ip", "203.0.113.0/24"},
         {"description", "HTTPS to clusters"}},
        {{"ip_protocol", "-1"}, {"source_security_group", id}, {"description", "internal"}}}},
      {"egress",
       {{{"ip_protocol", "-1"}, {"cidr_ip", "0.0.0.0/0"}, {"description", "egress"}},
        {{"ip_protocol", "-1"}, {"destination_security_group", id}, {"description", "internal"}}}}};
  auto rules_spec = Spec("security-group-rules", kind::kSecurityGroupRules, rules);
  ResourceState state = CreateAndAdopt(h::SecurityGroupRulesHandler(), rules_spec);

  json described = Aws("ec2", "DescribeSecurityGroups", {{"GroupIds", {id}}});
  const json& sg = described["SecurityGroups"][0];
  std::vector<int> ports;
  bool self_ingress = false;
  for (const auto& permission : sg["IpPermissions"]) {
    if (permission.value("IpProtocol", "") == "tcp") ports.push_back(permission["FromPort"]);
    for (const auto& pair : permission.value("UserIdGroupPairs", json::array())) {
      self_ingress = self_ingress || pair.value("GroupId", "") == id;
    }
  }
  EXPECT_EQ(ports, std::vector<int>{443});  // no port 22 any more
  EXPECT_TRUE(self_ingress);

  DeleteAndForget(h::SecurityGroupRulesHandler(), rules_spec, state);
  described = Aws("ec2", "DescribeSecurityGroups", {{"GroupIds", {id}}});
  EXPECT_TRUE(described["SecurityGroups"][0].value("IpPermissions", json::array()).empty());
  DeleteAndForget(h::SecurityGroupHandler(), group_spec, group);
}

TEST_F(NetworkHandlersTest, DeleteReturnsDependencyViolationUnchanged) {
  auto [vpc, subnet] = MakeVpcAndSubnet();
  ASSERT_TRUE(emulator().InjectFault("ec2", "DeleteSubnet", "dependency_violation", 1));
  ResourceState state{subnet};
  auto deleted = h::SubnetHandler().Delete(state, *context_);
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().details.at("aws_code"), "DependencyViolation");
  EXPECT_NE(deleted.error().message.find(subnet), std::string::npos) << deleted.error().message;
  EXPECT_NE(deleted.error().message.find("DeleteSubnet"), std::string::npos);
  // One attempt only: the executor decides when to try again.
  EXPECT_EQ(emulator().CallCount("ec2", "DeleteSubnet").value(), 1);
  EXPECT_TRUE(h::SubnetHandler().Delete(state, *context_));
}

}  // namespace
}  // namespace raycloud::cloud::testing
