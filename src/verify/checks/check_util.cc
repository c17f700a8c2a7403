#include "verify/checks/check_util.h"

#include <fmt/format.h>

#include <algorithm>

namespace raycloud::verify {

Finding MakeFinding(std::string_view id, std::optional<std::string> resource, CheckStatus status,
                    std::string message, std::string remediation) {
  // An empty id means "not configured": the finding is about no resource in particular.
  if (resource && resource->empty()) resource.reset();
  return Finding{.id = std::string(id),
                 .resource = std::move(resource),
                 .status = status,
                 .message = std::move(message),
                 .remediation = std::move(remediation)};
}

const json& ListOf(const CallResult& call, const char* list_key) {
  static const json kEmpty = json::array();
  if (!call.ok() || !call.output.is_object()) return kEmpty;
  auto it = call.output.find(list_key);
  if (it == call.output.end() || !it->is_array()) return kEmpty;
  return *it;
}

const json& Items(const json& object, const char* key) {
  static const json kEmpty = json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

const json* FindById(const CallResult& call, const char* list_key, const char* id_key,
                     std::string_view id) {
  if (id.empty()) return nullptr;
  for (const auto& item : ListOf(call, list_key)) {
    if (TextView(item, id_key) == id) return &item;
  }
  return nullptr;
}

std::string_view TextView(const json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? std::string_view(it->get_ref<const std::string&>())
                                               : std::string_view();
}

std::string Text(const json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const json* FindVpc(const CloudSnapshot& snapshot) {
  return FindById(snapshot.vpcs, "Vpcs", "VpcId", snapshot.target.vpc_id);
}

const json* FindSubnet(const CloudSnapshot& snapshot, std::string_view subnet_id) {
  if (auto* subnet = FindById(snapshot.subnets, "Subnets", "SubnetId", subnet_id)) return subnet;
  return FindById(snapshot.vpc_subnets, "Subnets", "SubnetId", subnet_id);
}

const json* FindSecurityGroup(const CloudSnapshot& snapshot, std::string_view group_id) {
  if (auto* group = FindById(snapshot.security_groups, "SecurityGroups", "GroupId", group_id)) {
    return group;
  }
  return FindById(snapshot.vpc_security_groups, "SecurityGroups", "GroupId", group_id);
}

const json* RouteTableOfSubnet(const CloudSnapshot& snapshot, const json& subnet) {
  std::string_view subnet_id = TextView(subnet, "SubnetId");
  std::string_view vpc_id = TextView(subnet, "VpcId");
  const json* main = nullptr;
  for (const auto& table : ListOf(snapshot.route_tables, "RouteTables")) {
    for (const auto& association : Items(table, "Associations")) {
      if (TextView(association, "SubnetId") == subnet_id) return &table;
      if (association.value("Main", false) && TextView(table, "VpcId") == vpc_id) main = &table;
    }
  }
  return main;
}

const json* DefaultRoute(const json& route_table) {
  for (const auto& route : Items(route_table, "Routes")) {
    if (TextView(route, "DestinationCidrBlock") == "0.0.0.0/0") return &route;
  }
  return nullptr;
}

bool InternetGatewayAttached(const CloudSnapshot& snapshot, std::string_view igw_id,
                             std::string_view vpc_id) {
  const json* igw =
      FindById(snapshot.internet_gateways, "InternetGateways", "InternetGatewayId", igw_id);
  if (igw == nullptr) return false;
  for (const auto& attachment : Items(*igw, "Attachments")) {
    std::string state = Text(attachment, "State");
    // Describe answers "available" for an attached internet gateway (not "attached").
    if (Text(attachment, "VpcId") == vpc_id && (state == "available" || state == "attached")) {
      return true;
    }
  }
  return false;
}

std::vector<std::string> NatSubnetIds(const CloudSnapshot& snapshot) {
  std::vector<std::string> out;
  auto add = [&](const std::string& id) {
    if (!id.empty() && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const json* subnet : FoundClusterSubnets(snapshot)) {
    const json* table = RouteTableOfSubnet(snapshot, *subnet);
    const json* route = table ? DefaultRoute(*table) : nullptr;
    if (route == nullptr) continue;
    std::string nat_id = Text(*route, "NatGatewayId");
    if (const json* nat = FindById(snapshot.nat_gateways, "NatGateways", "NatGatewayId", nat_id)) {
      add(Text(*nat, "SubnetId"));
    }
  }
  for (const auto& id : snapshot.target.nat_subnet_ids) add(id);
  return out;
}

std::vector<const json*> FoundClusterSubnets(const CloudSnapshot& snapshot) {
  std::vector<const json*> out;
  for (const auto& id : snapshot.target.subnet_ids) {
    if (const json* subnet = FindSubnet(snapshot, id)) out.push_back(subnet);
  }
  return out;
}

std::vector<const json*> FoundSecurityGroups(const CloudSnapshot& snapshot) {
  std::vector<const json*> out;
  for (const auto& id : snapshot.target.security_group_ids) {
    if (const json* group = FindSecurityGroup(snapshot, id)) out.push_back(group);
  }
  return out;
}

std::string RegionFlag(const CloudSnapshot& snapshot) {
  return snapshot.target.region.empty() ? "" : " --region " + snapshot.target.region;
}

std::string ShellQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  out += "'";
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  if (items.size() == 1) return items[0];
  std::string out;
  for (size_t i = 0; i + 1 < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out + " and " + items.back();
}

std::string MissingMessage(std::string_view what, std::string_view id,
                           std::string_view exists_check) {
  return fmt::format("{} {} was not found (see {})", what, id, exists_check);
}

std::string BucketRegion(const json& location_output) {
  std::string constraint = Text(location_output, "LocationConstraint");
  // An empty constraint is us-east-1; "EU" is the legacy name of eu-west-1.
  if (constraint.empty()) return "us-east-1";
  if (constraint == "EU") return "eu-west-1";
  return constraint;
}

std::string ReadFailureFix(const CallResult& call, std::string_view action) {
  const std::string& code = call.error_code;
  const bool refused = code.find("AccessDenied") != std::string::npos ||
                       code.find("Unauthorized") != std::string::npos ||
                       code.find("NotAuthorized") != std::string::npos || code == "AuthFailure" ||
                       code == "InvalidClientTokenId";
  if (refused) return fmt::format("Allow {} to the credentials raycloud runs with", action);
  return fmt::format(
      "{} failed ({}), which says nothing about the cloud: check the network "
      "and AWS's service health, then run verify again",
      action, code.empty() ? "no answer from AWS" : code);
}

}  // namespace raycloud::verify
