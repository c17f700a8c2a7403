// Route tables, their default routes and their subnet associations
// (cloud-resources.md, "Network").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

// The route table `id` as DescribeRouteTables shows it, or nothing once it is gone.
Result<std::optional<json>> DescribeRouteTable(ResourceContext& context, const std::string& id) {
  auto output = CallFor(context, id, "ec2", "DescribeRouteTables", {{"RouteTableIds", {id}}});
  if (!output) {
    if (IsNotFound(output.error())) return std::optional<json>();
    return Fail(output.error());
  }
  for (const auto& table : output->value("RouteTables", json::array())) {
    if (table.value("RouteTableId", "") == id) return std::optional<json>(table);
  }
  return std::optional<json>();
}

class RouteTableHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    json filters = json::array();
    if (const std::string vpc = Text(spec.properties, "vpc"); !vpc.empty()) {
      filters.push_back({{"Name", "vpc-id"}, {"Values", {vpc}}});
    }
    auto table =
        FindTaggedEc2(context, "DescribeRouteTables", "RouteTables", spec.name_tag, filters);
    if (!table) return Fail(table.error());
    if (!table->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(ResourceState{(*table)->value("RouteTableId", "")});
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    // The client token makes the client's own retries safe.
    json params = {
        {"VpcId", Text(spec.properties, "vpc")},
        {"TagSpecifications", TagSpecifications("route-table", CreationTags(spec, context))}};
    if (const std::string token = AttemptClientToken(spec.properties); !token.empty()) {
      params["ClientToken"] = token;
    }
    auto output = CallFor(context, spec.name_tag, "ec2", "CreateRouteTable", params);
    if (!output) return Fail(output.error());
    return ResourceState{output->value("RouteTable", json::object()).value("RouteTableId", "")};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "DeleteRouteTable",
                              {{"RouteTableId", state.physical_id}}, Once()));
  }
};

// The route's target as CreateRoute members: {"GatewayId": igw} or {"NatGatewayId": nat}.
json RouteTarget(const json& properties) {
  if (const std::string nat = Text(properties, "nat_gateway"); !nat.empty()) {
    return {{"NatGatewayId", nat}};
  }
  return {{"GatewayId", Text(properties, "gateway")}};
}

// A route has no id of its own: "<route table id>/<destination>".
class RouteHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string table_id = Text(spec.properties, "route_table");
    const std::string destination = Text(spec.properties, "destination_cidr_block");
    if (table_id.empty()) return std::optional<ResourceState>();
    auto table = DescribeRouteTable(context, table_id);
    if (!table) return Fail(table.error());
    if (!table->has_value()) return std::optional<ResourceState>();
    const json target = RouteTarget(spec.properties);
    for (const auto& route : (*table)->value("Routes", json::array())) {
      if (route.value("DestinationCidrBlock", "") != destination) continue;
      // A route to something else (or a blackhole) is not ours: Create replaces it.
      bool same_target = true;
      for (const auto& [member, id] : target.items()) {
        same_target = same_target && route.value(member, "") == id.get<std::string>();
      }
      if (same_target && route.value("State", "active") == "active") {
        return std::optional<ResourceState>(StateOf(table_id, destination));
      }
    }
    return std::optional<ResourceState>();
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string table_id = Text(spec.properties, "route_table");
    const std::string destination = Text(spec.properties, "destination_cidr_block");
    json params = RouteTarget(spec.properties);
    params["RouteTableId"] = table_id;
    params["DestinationCidrBlock"] = destination;
    const std::string what = table_id + " route " + destination;
    auto output = CallFor(context, what, "ec2", "CreateRoute", params, Once());
    if (!output && AwsCodeOf(output.error()) == "RouteAlreadyExists") {
      // Either an earlier attempt took effect or the route points elsewhere (a gateway
      // that was replaced): make it point where the plan says.
      auto found = Find(spec, context);
      if (found && found->has_value()) return **found;
      output = CallFor(context, what, "ec2", "ReplaceRoute", params);
    }
    if (!output) return Fail(output.error());
    return StateOf(table_id, destination);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    const std::string table_id = state.attributes.value("route_table", "");
    const std::string destination = state.attributes.value("destination_cidr_block", "");
    return GoneIsFine(CallFor(context, table_id + " route " + destination, "ec2", "DeleteRoute",
                              {{"RouteTableId", table_id}, {"DestinationCidrBlock", destination}},
                              Once()));
  }

 private:
  static ResourceState StateOf(const std::string& table_id, const std::string& destination) {
    return {table_id + "/" + destination,
            {{"route_table", table_id}, {"destination_cidr_block", destination}}};
  }
};

// The association id is the physical id; the table and subnet are kept as attributes.
class RouteTableAssociationHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string table_id = Text(spec.properties, "route_table");
    const std::string subnet = Text(spec.properties, "subnet");
    if (table_id.empty() || subnet.empty()) return std::optional<ResourceState>();
    auto table = DescribeRouteTable(context, table_id);
    if (!table) return Fail(table.error());
    if (!table->has_value()) return std::optional<ResourceState>();
    for (const auto& association : (*table)->value("Associations", json::array())) {
      const std::string state =
          association.value("AssociationState", json::object()).value("State", "associated");
      if (association.value("SubnetId", "") == subnet &&
          (state == "associated" || state == "associating")) {
        return std::optional<ResourceState>(
            StateOf(association.value("RouteTableAssociationId", ""), table_id, subnet));
      }
    }
    return std::optional<ResourceState>();
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string table_id = Text(spec.properties, "route_table");
    const std::string subnet = Text(spec.properties, "subnet");
    auto output = CallFor(context, subnet + " -> " + table_id, "ec2", "AssociateRouteTable",
                          {{"RouteTableId", table_id}, {"SubnetId", subnet}}, Once());
    if (!output) {
      if (AwsCodeOf(output.error()) == "Resource.AlreadyAssociated") {
        auto found = Find(spec, context);
        if (found && found->has_value()) return **found;
      }
      return Fail(output.error());
    }
    return StateOf(output->value("AssociationId", ""), table_id, subnet);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "DisassociateRouteTable",
                              {{"AssociationId", state.physical_id}}, Once()));
  }

 private:
  static ResourceState StateOf(const std::string& id, const std::string& table_id,
                               const std::string& subnet) {
    return {id, {{"route_table", table_id}, {"subnet", subnet}}};
  }
};

}  // namespace

ResourceHandler& RouteTableHandler() {
  static RouteTableHandlerImpl handler;
  return handler;
}

ResourceHandler& RouteHandler() {
  static RouteHandlerImpl handler;
  return handler;
}

ResourceHandler& RouteTableAssociationHandler() {
  static RouteTableAssociationHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
