// Elastic IPs and NAT gateways of private networking (cloud-resources.md, "Network").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

class EipHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    auto address = FindTaggedEc2(context, "DescribeAddresses", "Addresses", spec.name_tag);
    if (!address) return Fail(address.error());
    if (!address->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(StateOf(**address));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    std::string domain = Text(spec.properties, "domain");
    auto output = CallFor(
        context, spec.name_tag, "ec2", "AllocateAddress",
        {{"Domain", domain.empty() ? "vpc" : domain},
         {"TagSpecifications", TagSpecifications("elastic-ip", CreationTags(spec, context))}},
        Once());
    if (!output) return Fail(output.error());
    return StateOf(*output);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    // The plan deletes the NAT gateway (and waits until it is gone) before this.
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "ReleaseAddress",
                              {{"AllocationId", state.physical_id}}, Once()));
  }

 private:
  static ResourceState StateOf(const json& address) {
    return {address.value("AllocationId", ""), {{"public_ip", address.value("PublicIp", "")}}};
  }
};

// The gateway `id` as DescribeNatGateways shows it; nothing once AWS forgot it.
Result<json> DescribeNat(ResourceContext& context, const std::string& id) {
  auto output = CallFor(context, id, "ec2", "DescribeNatGateways", {{"NatGatewayIds", {id}}});
  if (!output) return output;
  for (const auto& gateway : output->value("NatGateways", json::array())) {
    if (gateway.value("NatGatewayId", "") == id) return gateway;
  }
  return json();
}

class NatGatewayHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    json filters = json::array();
    if (const std::string subnet = Text(spec.properties, "subnet"); !subnet.empty()) {
      filters.push_back({{"Name", "subnet-id"}, {"Values", {subnet}}});
    }
    // DescribeNatGateways names its filter list `Filter`, unlike every other describe.
    auto gateway = FindTaggedEc2(context, "DescribeNatGateways", "NatGateways", spec.name_tag,
                                 filters, "Filter");
    if (!gateway) return Fail(gateway.error());
    if (!gateway->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(StateOf(**gateway));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    // The client token makes the client's own retries safe.
    json params = {
        {"SubnetId", Text(spec.properties, "subnet")},
        {"AllocationId", Text(spec.properties, "allocation")},
        {"TagSpecifications", TagSpecifications("natgateway", CreationTags(spec, context))}};
    if (const std::string type = Text(spec.properties, "connectivity_type"); !type.empty()) {
      params["ConnectivityType"] = type;
    }
    if (const std::string token = AttemptClientToken(spec.properties); !token.empty()) {
      params["ClientToken"] = token;
    }
    auto output = CallFor(context, spec.name_tag, "ec2", "CreateNatGateway", params);
    if (!output) return Fail(output.error());
    return StateOf(output->value("NatGateway", json::object()));
  }

  Status WaitReady(const ResolvedSpec&, const ResourceState& state,
                   ResourceContext& context) override {
    return PollUntil(
        context, "NAT gateway " + state.physical_id,
        [&] { return DescribeNat(context, state.physical_id); },
        [&](const json& gateway) -> Result<bool> {
          const std::string status = gateway.is_object() ? gateway.value("State", "") : "";
          if (status == "available") return true;
          if (status == "failed" || status == "deleting" || status == "deleted") {
            return Fail(Error{ErrorKind::kAws,
                              ErrorClass::kTerminal,
                              "NAT gateway " + state.physical_id + " is " + status + ": " +
                                  gateway.value("FailureCode", "") + " " +
                                  gateway.value("FailureMessage", ""),
                              {{"aws_resource", state.physical_id}}});
          }
          return false;
        });
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    auto deleted = GoneIsFine(CallFor(context, state.physical_id, "ec2", "DeleteNatGateway",
                                      {{"NatGatewayId", state.physical_id}}, Once()));
    if (!deleted) return deleted;
    // Its Elastic IP and subnet stay in use until the gateway is `deleted`.
    return PollUntil(
        context, "NAT gateway " + state.physical_id + " to be deleted",
        [&]() -> Result<json> {
          auto gateway = DescribeNat(context, state.physical_id);
          if (!gateway && IsNotFound(gateway.error())) return json();
          return gateway;
        },
        [](const json& gateway) -> Result<bool> {
          return !gateway.is_object() || gateway.value("State", "") == "deleted";
        });
  }

 private:
  static ResourceState StateOf(const json& gateway) {
    return {gateway.value("NatGatewayId", ""),
            {{"subnet_id", gateway.value("SubnetId", "")}, {"vpc_id", gateway.value("VpcId", "")}}};
  }
};

}  // namespace

ResourceHandler& EipHandler() {
  static EipHandlerImpl handler;
  return handler;
}

ResourceHandler& NatGatewayHandler() {
  static NatGatewayHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
