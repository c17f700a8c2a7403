// The network of a cloud (cloud-resources.md, "Network").
#include <fmt/format.h>

#include "cloud/plan/plan_builder.h"
#include "cloud/plan/resource_kinds.h"
#include "cloud/plan/resource_names.h"
#include "cloud/plan/subnet_layout.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;

constexpr const char* kAnywhere = "0.0.0.0/0";
constexpr int kHttpsPort = 443;

json Subnet(PlanBuilder& builder, const std::string& role, const net::Ipv4Cidr& cidr,
            const std::string& zone, bool public_ip, const char* tier) {
  return {{"vpc", Ref("vpc")},
          {"cidr_block", cidr.ToString()},
          {"availability_zone", zone},
          {"map_public_ip_on_launch", public_ip},
          {"tier", tier},
          {"tags", builder.Tags(role)}};
}

json RouteTable(PlanBuilder& builder, const std::string& role) {
  return {{"vpc", Ref("vpc")},
          {"client_token", ClientToken(builder.identity().cloud_id, role)},
          {"tags", builder.Tags(role)}};
}

void Associate(PlanBuilder& builder, const std::string& subnet, const std::string& route_table) {
  builder.Add("association-" + subnet, kind::kRouteTableAssociation, {},
              {{"subnet", Ref(subnet)}, {"route_table", Ref(route_table)}});
}

void AddSecurityGroup(PlanBuilder& builder) {
  const auto& options = builder.options();
  builder.Add("security-group", kind::kSecurityGroup, {},
              {{"group_name", builder.names().security_group},
               {"description", fmt::format("raycloud cloud {}: cluster nodes", options.name)},
               {"vpc", Ref("vpc")},
               {"tags", builder.Tags("security-group")}});
  // HTTPS from the allowed sources, everything within the group; nothing else (no SSH).
  json ingress = json::array();
  for (const auto& cidr : options.ingress_cidrs) {
    ingress.push_back({{"ip_protocol", "tcp"},
                       {"from_port", kHttpsPort},
                       {"to_port", kHttpsPort},
                       {"cidr_ip", cidr},
                       {"description", "HTTPS to clusters"}});
  }
  ingress.push_back({{"ip_protocol", "-1"},
                     {"source_security_group", Ref("security-group")},
                     {"description", "cluster-internal traffic"}});
  json egress = json::array();
  egress.push_back({{"ip_protocol", "-1"}, {"cidr_ip", kAnywhere}, {"description", "egress"}});
  egress.push_back({{"ip_protocol", "-1"},
                    {"destination_security_group", Ref("security-group")},
                    {"description", "cluster-internal traffic"}});
  builder.Add(
      "security-group-rules", kind::kSecurityGroupRules, {},
      {{"security_group", Ref("security-group")}, {"ingress", ingress}, {"egress", egress}});
}

}  // namespace

Status AddNetwork(PlanBuilder& builder) {
  const auto& options = builder.options();
  const auto& identity = builder.identity();
  PlanNames& names = builder.names();
  const std::vector<std::string>& zones = names.zones;
  const bool private_network = options.private_network;

  auto vpc_cidr = net::Ipv4Cidr::Parse(options.vpc_cidr);
  if (!vpc_cidr) return Fail(vpc_cidr.error());
  std::vector<std::string> nat_zones;
  if (private_network) {
    nat_zones = options.EffectiveNatGateways() == kNatSingle
                    ? std::vector<std::string>{zones.front()}
                    : zones;
  }
  auto layout = CarveSubnets(*vpc_cidr, zones.size(), nat_zones.size());
  if (!layout) return Fail(layout.error());

  builder.Add("vpc", kind::kVpc, {},
              {{"cidr_block", vpc_cidr->ToString()}, {"tags", builder.Tags("vpc")}});
  // DNS hostnames can only be enabled once DNS support is on; one attribute per call.
  builder.Add("vpc-dns-support", kind::kVpcAttribute, {},
              {{"vpc", Ref("vpc")}, {"attribute", "enableDnsSupport"}, {"value", true}});
  builder.Add("vpc-dns-hostnames", kind::kVpcAttribute, {"vpc-dns-support"},
              {{"vpc", Ref("vpc")}, {"attribute", "enableDnsHostnames"}, {"value", true}});
  builder.Add("internet-gateway", kind::kInternetGateway, {},
              {{"tags", builder.Tags("internet-gateway")}});
  builder.Add("internet-gateway-attachment", kind::kInternetGatewayAttachment, {},
              {{"internet_gateway", Ref("internet-gateway")}, {"vpc", Ref("vpc")}});

  for (size_t i = 0; i < zones.size(); ++i) {
    const std::string role = "subnet-" + zones[i];
    builder.Add(role, kind::kSubnet, {},
                Subnet(builder, role, layout->cluster[i], zones[i], !private_network, "cluster"));
    names.cluster_subnets.push_back(role);
  }
  for (size_t i = 0; i < nat_zones.size(); ++i) {
    const std::string role = "nat-subnet-" + nat_zones[i];
    builder.Add(role, kind::kSubnet, {},
                Subnet(builder, role, layout->nat[i], nat_zones[i], true, "nat"));
    names.nat_subnets.push_back(role);
  }

  // The public route table serves the subnets with public addresses: the cluster subnets
  // in public mode, the NAT subnets in private mode.
  std::vector<std::string> route_tables = {"public-route-table"};
  builder.Add("public-route-table", kind::kRouteTable, {},
              RouteTable(builder, "public-route-table"));
  // A route to a gateway that is not attached yet fails; hence the attachment dependency.
  builder.Add("public-route-default", kind::kRoute, {"internet-gateway-attachment"},
              {{"route_table", Ref("public-route-table")},
               {"destination_cidr_block", kAnywhere},
               {"gateway", Ref("internet-gateway")}});
  for (const auto& subnet : private_network ? names.nat_subnets : names.cluster_subnets) {
    Associate(builder, subnet, "public-route-table");
  }

  if (private_network) {
    for (const auto& zone : nat_zones) {
      builder.Add("nat-eip-" + zone, kind::kEip, {},
                  {{"domain", "vpc"}, {"tags", builder.Tags("nat-eip-" + zone)}});
      // A NAT gateway in a subnet without a route to an attached internet gateway never
      // becomes usable: wait for the public route.
      builder.Add("nat-gateway-" + zone, kind::kNatGateway,
                  {"public-route-default", "association-nat-subnet-" + zone},
                  {{"subnet", Ref("nat-subnet-" + zone)},
                   {"allocation", Ref("nat-eip-" + zone)},
                   {"connectivity_type", "public"},
                   {"client_token", ClientToken(identity.cloud_id, "nat-gateway-" + zone)},
                   {"tags", builder.Tags("nat-gateway-" + zone)}});
    }
    for (const auto& zone : zones) {
      const std::string table = "private-route-table-" + zone;
      const std::string& nat_zone = nat_zones.size() == 1 ? nat_zones.front() : zone;
      route_tables.push_back(table);
      builder.Add(table, kind::kRouteTable, {}, RouteTable(builder, table));
      builder.Add("private-route-default-" + zone, kind::kRoute, {},
                  {{"route_table", Ref(table)},
                   {"destination_cidr_block", kAnywhere},
                   {"nat_gateway", Ref("nat-gateway-" + nat_zone)}});
      Associate(builder, "subnet-" + zone, table);
    }
  }

  json route_table_refs = json::array();
  for (const auto& table : route_tables) route_table_refs.push_back(Ref(table));
  builder.Add("s3-endpoint", kind::kVpcEndpoint, {},
              {{"vpc", Ref("vpc")},
               {"service_name", "com.amazonaws." + identity.region + ".s3"},
               {"vpc_endpoint_type", "Gateway"},
               {"route_tables", route_table_refs},
               {"client_token", ClientToken(identity.cloud_id, "s3-endpoint")},
               {"tags", builder.Tags("s3-endpoint")}});
  AddSecurityGroup(builder);
  return {};
}

}  // namespace raycloud::cloud
