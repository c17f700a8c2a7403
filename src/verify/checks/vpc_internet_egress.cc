// vpc.internet_egress: every cluster subnet reaches the internet through the route the
// cloud's mode requires (internet gateway in public mode, an available NAT gateway with its
// own route to an internet gateway in private mode).
#include <fmt/format.h>

#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

constexpr const char* kVpcInternetEgressId = "vpc.internet_egress";

// Targets whose onward path lives outside the VPC's own tables.
struct OpaqueTarget {
  const char* member;
  const char* what;
};
constexpr OpaqueTarget kOpaqueTargets[] = {
    {"TransitGatewayId", "transit gateway"},     {"VpcPeeringConnectionId", "peering connection"},
    {"NetworkInterfaceId", "network interface"}, {"InstanceId", "instance"},
    {"CoreNetworkArn", "core network"},          {"LocalGatewayId", "local gateway"},
    {"CarrierGatewayId", "carrier gateway"},
};

std::string InternetGatewayOf(const CloudSnapshot& s, const std::string& vpc_id) {
  for (const auto& igw : ListOf(s.internet_gateways, "InternetGateways")) {
    std::string id = Text(igw, "InternetGatewayId");
    if (InternetGatewayAttached(s, id, vpc_id)) return id;
  }
  return "";
}

// An available public NAT gateway, preferring the subnet's own AZ.
std::string NatGatewayFor(const CloudSnapshot& s, const json& subnet) {
  std::string fallback;
  for (const auto& nat : ListOf(s.nat_gateways, "NatGateways")) {
    if (Text(nat, "State") != "available" || Text(nat, "ConnectivityType") == "private") continue;
    if (Text(nat, "VpcId") != Text(subnet, "VpcId")) continue;
    const json* nat_subnet = FindSubnet(s, Text(nat, "SubnetId"));
    if (nat_subnet && Text(*nat_subnet, "AvailabilityZone") == Text(subnet, "AvailabilityZone")) {
      return Text(nat, "NatGatewayId");
    }
    if (fallback.empty()) fallback = Text(nat, "NatGatewayId");
  }
  return fallback;
}

// The command that points the table's default route at `target_flag target_id`.
std::string RouteCommand(const CloudSnapshot& s, const std::string& table_id, bool has_route,
                         const char* target_flag, const std::string& target_id) {
  return fmt::format("aws ec2 {} --route-table-id {} --destination-cidr-block 0.0.0.0/0 {} {}{}",
                     has_route ? "replace-route" : "create-route", table_id, target_flag,
                     target_id.empty() ? "<id>" : target_id, RegionFlag(s));
}

std::string FixFor(const CloudSnapshot& s, const json& subnet, const std::string& table_id,
                   bool has_route) {
  if (s.target.private_network) {
    std::string nat = NatGatewayFor(s, subnet);
    return RouteCommand(s, table_id, has_route, "--nat-gateway-id", nat);
  }
  return RouteCommand(s, table_id, has_route, "--gateway-id",
                      InternetGatewayOf(s, Text(subnet, "VpcId")));
}

// Private mode: the NAT gateway is up and its own subnet routes to an internet gateway.
Finding CheckNatPath(const CloudSnapshot& s, const json& subnet, const std::string& table_id,
                     const std::string& nat_id) {
  const std::string subnet_id = Text(subnet, "SubnetId");
  const json* nat = FindById(s.nat_gateways, "NatGateways", "NatGatewayId", nat_id);
  auto fail = [&](std::string why, std::string fix) {
    return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kFail, std::move(why),
                       std::move(fix));
  };
  if (nat == nullptr) {
    return fail(fmt::format("the default route of {} goes to NAT gateway {}, which does not exist",
                            table_id, nat_id),
                FixFor(s, subnet, table_id, true));
  }
  std::string state = Text(*nat, "State");
  if (state != "available") {
    return fail(fmt::format("NAT gateway {} is {}, not available", nat_id, state),
                FixFor(s, subnet, table_id, true));
  }
  if (Text(*nat, "ConnectivityType") == "private") {
    return fail(fmt::format("NAT gateway {} is a private NAT gateway: it cannot reach the internet",
                            nat_id),
                FixFor(s, subnet, table_id, true));
  }
  std::string nat_subnet_id = Text(*nat, "SubnetId");
  const json* nat_subnet = FindSubnet(s, nat_subnet_id);
  const json* nat_table = nat_subnet ? RouteTableOfSubnet(s, *nat_subnet) : nullptr;
  const json* nat_route = nat_table ? DefaultRoute(*nat_table) : nullptr;
  std::string vpc_id = Text(subnet, "VpcId");
  std::string igw = nat_route ? Text(*nat_route, "GatewayId") : "";
  if (nat_route && Text(*nat_route, "State") != "blackhole" && igw.starts_with("igw-") &&
      InternetGatewayAttached(s, igw, vpc_id)) {
    return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kPass,
                       fmt::format("0.0.0.0/0 goes to NAT gateway {} in {}, which routes to {}",
                                   nat_id, nat_subnet_id, igw));
  }
  std::string nat_table_id = nat_table ? Text(*nat_table, "RouteTableId") : "<route-table-id>";
  return fail(fmt::format("NAT gateway {} is in subnet {}, which has no 0.0.0.0/0 route to an "
                          "internet gateway attached to {}",
                          nat_id, nat_subnet_id, vpc_id),
              RouteCommand(s, nat_table_id, nat_route != nullptr, "--gateway-id",
                           InternetGatewayOf(s, vpc_id)));
}

Finding CheckSubnet(const CloudSnapshot& s, const json& subnet) {
  const std::string subnet_id = Text(subnet, "SubnetId");
  const bool private_mode = s.target.private_network;
  const json* table = RouteTableOfSubnet(s, subnet);
  if (table == nullptr) {
    if (!s.route_tables.ok()) {
      return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kSkip,
                         "could not read route tables: " + s.route_tables.Describe());
    }
    return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
                       fmt::format("subnet {} has no route table", subnet_id),
                       fmt::format("aws ec2 associate-route-table --subnet-id {} --route-table-id "
                                   "<route-table-id>{}",
                                   subnet_id, RegionFlag(s)));
  }
  const std::string table_id = Text(*table, "RouteTableId");
  const json* route = DefaultRoute(*table);
  if (route == nullptr) {
    return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
                       fmt::format("route table {} has no 0.0.0.0/0 route", table_id),
                       FixFor(s, subnet, table_id, false));
  }
  if (Text(*route, "State") == "blackhole") {
    return MakeFinding(
        kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
        fmt::format("the 0.0.0.0/0 route of {} is a blackhole (its target is gone)", table_id),
        FixFor(s, subnet, table_id, true));
  }
  std::string gateway = Text(*route, "GatewayId");
  std::string nat_id = Text(*route, "NatGatewayId");
  const std::string vpc_id = Text(subnet, "VpcId");
  if (gateway.starts_with("igw-")) {
    if (private_mode) {
      return MakeFinding(
          kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
          fmt::format("private mode: 0.0.0.0/0 of {} goes to internet gateway {}, but nodes have "
                      "no public IP and so no internet access through it; route through a NAT "
                      "gateway",
                      table_id, gateway),
          FixFor(s, subnet, table_id, true));
    }
    if (!InternetGatewayAttached(s, gateway, vpc_id)) {
      return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
                         fmt::format("0.0.0.0/0 of {} goes to internet gateway {}, which is not "
                                     "attached to {}",
                                     table_id, gateway, vpc_id),
                         fmt::format("aws ec2 attach-internet-gateway --internet-gateway-id {} "
                                     "--vpc-id {}{}",
                                     gateway, vpc_id, RegionFlag(s)));
    }
    return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kPass,
                       fmt::format("0.0.0.0/0 goes to internet gateway {}", gateway));
  }
  if (!nat_id.empty()) {
    if (!private_mode) {
      return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
                         fmt::format("public mode: 0.0.0.0/0 of {} goes to NAT gateway {}, not "
                                     "to an internet gateway",
                                     table_id, nat_id),
                         FixFor(s, subnet, table_id, true));
    }
    return CheckNatPath(s, subnet, table_id, nat_id);
  }
  // Gateway-load-balancer and firewall endpoints appear as a GatewayId "vpce-...".
  if (gateway.starts_with("vpce-")) {
    return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kWarn,
                       fmt::format("0.0.0.0/0 of {} goes to firewall endpoint {}, whose path to "
                                   "the internet cannot be verified from the VPC",
                                   table_id, gateway),
                       "Check that the firewall forwards HTTPS to the internet (AWS console: "
                       "VPC > Firewalls)");
  }
  for (const auto& opaque : kOpaqueTargets) {
    std::string target = Text(*route, opaque.member);
    if (target.empty()) continue;
    return MakeFinding(
        kVpcInternetEgressId, subnet_id, CheckStatus::kWarn,
        fmt::format("0.0.0.0/0 of {} goes to {} {}, whose path to the internet "
                    "cannot be verified from the VPC",
                    table_id, opaque.what, target),
        fmt::format("Check that {} {} forwards traffic to the internet", opaque.what, target));
  }
  return MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kFail,
                     fmt::format("0.0.0.0/0 of {} goes to {}, which gives no internet access",
                                 table_id, gateway.empty() ? "an unknown target" : gateway),
                     FixFor(s, subnet, table_id, true));
}

}  // namespace

Findings CheckVpcInternetEgress(const CloudSnapshot& s) {
  Findings out;
  // Without the VPC there is no gateway to judge a route by: say so once (vpc.exists).
  if (FindVpc(s) == nullptr) {
    out.push_back(MakeFinding(kVpcInternetEgressId, s.target.vpc_id, CheckStatus::kSkip,
                              MissingMessage("VPC", s.target.vpc_id, "vpc.exists")));
    return out;
  }
  for (const auto& subnet_id : s.target.subnet_ids) {
    const json* subnet = FindSubnet(s, subnet_id);
    if (subnet == nullptr) {
      out.push_back(MakeFinding(kVpcInternetEgressId, subnet_id, CheckStatus::kSkip,
                                MissingMessage("subnet", subnet_id, "subnets.exists")));
      continue;
    }
    out.push_back(CheckSubnet(s, *subnet));
  }
  return out;
}

}  // namespace raycloud::verify
