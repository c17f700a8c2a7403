// The S3 gateway endpoint, associated with every route table (cloud-resources.md, "Network").
#include <algorithm>

#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"
#include "common/strings.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

// AWS spells endpoint states `Available`, older answers and moto `available`.
std::string StateOf(const json& endpoint) { return strings::Lower(endpoint.value("State", "")); }

// The endpoint `id` as DescribeVpcEndpoints shows it; null once AWS forgot it.
Result<json> DescribeEndpoint(ResourceContext& context, const std::string& id) {
  auto output = CallFor(context, id, "ec2", "DescribeVpcEndpoints", {{"VpcEndpointIds", {id}}});
  if (!output) return output;
  for (const auto& endpoint : output->value("VpcEndpoints", json::array())) {
    if (endpoint.value("VpcEndpointId", "") == id) return endpoint;
  }
  return json();
}

class VpcEndpointHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    json filters = json::array();
    if (const std::string vpc = Text(spec.properties, "vpc"); !vpc.empty()) {
      filters.push_back({{"Name", "vpc-id"}, {"Values", {vpc}}});
    }
    auto endpoint =
        FindTaggedEc2(context, "DescribeVpcEndpoints", "VpcEndpoints", spec.name_tag, filters);
    if (!endpoint) return Fail(endpoint.error());
    if (!endpoint->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(ResourceState{(*endpoint)->value("VpcEndpointId", "")});
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    // The client token makes the client's own retries safe.
    json params = {
        {"VpcId", Text(spec.properties, "vpc")},
        {"ServiceName", Text(spec.properties, "service_name")},
        {"VpcEndpointType", Text(spec.properties, "vpc_endpoint_type")},
        {"RouteTableIds", RouteTables(spec)},
        {"TagSpecifications", TagSpecifications("vpc-endpoint", CreationTags(spec, context))}};
    if (const std::string token = AttemptClientToken(spec.properties); !token.empty()) {
      params["ClientToken"] = token;
    }
    auto output = CallFor(context, spec.name_tag, "ec2", "CreateVpcEndpoint", params);
    if (!output) return Fail(output.error());
    return ResourceState{output->value("VpcEndpoint", json::object()).value("VpcEndpointId", "")};
  }

  // Waits for `available`, then associates any planned route table an adopted endpoint
  // lacks (a route table created after the endpoint, on a resumed setup).
  Status WaitReady(const ResolvedSpec& spec, const ResourceState& state,
                   ResourceContext& context) override {
    json endpoint;
    auto ready = PollUntil(
        context, "VPC endpoint " + state.physical_id,
        [&] { return DescribeEndpoint(context, state.physical_id); },
        [&](const json& described) -> Result<bool> {
          const std::string status = described.is_object() ? StateOf(described) : "";
          if (status == "available") {
            endpoint = described;
            return true;
          }
          if (status == "failed" || status == "rejected" || status == "expired" ||
              status == "deleted" || status == "deleting") {
            return Fail(Error{ErrorKind::kAws,
                              ErrorClass::kTerminal,
                              "VPC endpoint " + state.physical_id + " is " + status,
                              {{"aws_resource", state.physical_id}}});
          }
          return false;
        });
    if (!ready) return ready;
    json missing = json::array();
    const json present = endpoint.value("RouteTableIds", json::array());
    for (const auto& table : RouteTables(spec)) {
      if (std::find(present.begin(), present.end(), table) == present.end()) {
        missing.push_back(table);
      }
    }
    if (missing.empty()) return {};
    auto modified = CallFor(context, state.physical_id, "ec2", "ModifyVpcEndpoint",
                            {{"VpcEndpointId", state.physical_id}, {"AddRouteTableIds", missing}});
    if (!modified) return Fail(modified.error());
    return {};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    // Deleted endpoints stay listed for a while; deleting one again is not always a no-op.
    auto current = DescribeEndpoint(context, state.physical_id);
    if (!current) return GoneIsFine(current);
    if (!current->is_object() || StateOf(*current) == "deleted") return {};
    if (StateOf(*current) != "deleting") {
      if (auto requested = RequestDelete(context, state.physical_id); !requested) {
        return requested;
      }
    }
    // Its routes leave the route tables only once the endpoint is gone.
    return PollUntil(
        context, "VPC endpoint " + state.physical_id + " to be deleted",
        [&]() -> Result<json> {
          auto endpoint = DescribeEndpoint(context, state.physical_id);
          if (!endpoint && IsNotFound(endpoint.error())) return json();
          return endpoint;
        },
        [](const json& endpoint) -> Result<bool> {
          return !endpoint.is_object() || StateOf(endpoint) == "deleted";
        });
  }

 private:
  static Status RequestDelete(ResourceContext& context, const std::string& id) {
    auto output =
        CallFor(context, id, "ec2", "DeleteVpcEndpoints", {{"VpcEndpointIds", {id}}}, Once());
    // Only the endpoint's own not-found means gone (a missing route, say, is a failure).
    if (!output) {
      if (AwsCodeOf(output.error()) == "InvalidVpcEndpointId.NotFound") return {};
      return Fail(output.error());
    }
    // The batch call reports per-endpoint failures in its answer, not as an error.
    for (const auto& item : output->value("Unsuccessful", json::array())) {
      const json error = item.value("Error", json::object());
      const std::string code = error.value("Code", "");
      if (code == "InvalidVpcEndpointId.NotFound") continue;
      return Fail(
          Error{ErrorKind::kAws,
                ErrorClass::kTerminal,
                id + ": ec2 DeleteVpcEndpoints failed: " + code + ": " + error.value("Message", ""),
                {{"aws_code", code}, {"aws_resource", id}}});
    }
    return {};
  }

  static json RouteTables(const ResolvedSpec& spec) {
    json tables = json::array();
    for (const auto& table : spec.properties.value("route_tables", json::array())) {
      if (table.is_string()) tables.push_back(table);
    }
    return tables;
  }
};

}  // namespace

ResourceHandler& VpcEndpointHandler() {
  static VpcEndpointHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
