// Subnets (cloud-resources.md, "Network": cluster subnets and NAT subnets).
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/ec2_blockers.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

ResourceState SubnetState(const json& subnet) {
  return {subnet.value("SubnetId", ""),
          {{"vpc_id", subnet.value("VpcId", "")},
           {"availability_zone", subnet.value("AvailabilityZone", "")},
           {"cidr_block", subnet.value("CidrBlock", "")}}};
}

class SubnetHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    json filters = json::array();
    if (const std::string vpc = Text(spec.properties, "vpc"); !vpc.empty()) {
      filters.push_back({{"Name", "vpc-id"}, {"Values", {vpc}}});
    }
    auto subnet = FindTaggedEc2(context, "DescribeSubnets", "Subnets", spec.name_tag, filters);
    if (!subnet) return Fail(subnet.error());
    if (!subnet->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(SubnetState(**subnet));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    auto output =
        CallFor(context, spec.name_tag, "ec2", "CreateSubnet",
                {{"VpcId", Text(spec.properties, "vpc")},
                 {"CidrBlock", Text(spec.properties, "cidr_block")},
                 {"AvailabilityZone", Text(spec.properties, "availability_zone")},
                 {"TagSpecifications", TagSpecifications("subnet", CreationTags(spec, context))}},
                Once());
    if (!output) return Fail(output.error());
    return SubnetState(output->value("Subnet", json::object()));
  }

  // Runs after a create and after an adoption alike, so a setup interrupted between
  // CreateSubnet and this call still ends with the planned attribute.
  Status WaitReady(const ResolvedSpec& spec, const ResourceState& state,
                   ResourceContext& context) override {
    const bool map_public_ip = spec.properties.value("map_public_ip_on_launch", false);
    auto output = CallFor(context, state.physical_id, "ec2", "DescribeSubnets",
                          {{"SubnetIds", {state.physical_id}}});
    if (!output) return Fail(output.error());
    for (const auto& subnet : output->value("Subnets", json::array())) {
      if (subnet.value("MapPublicIpOnLaunch", false) == map_public_ip) return {};
    }
    auto modified = CallFor(
        context, state.physical_id, "ec2", "ModifySubnetAttribute",
        {{"SubnetId", state.physical_id}, {"MapPublicIpOnLaunch", {{"Value", map_public_ip}}}});
    if (!modified) return Fail(modified.error());
    return {};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "DeleteSubnet",
                              {{"SubnetId", state.physical_id}}, Once()));
  }

  Result<std::vector<std::string>> Blockers(const ResourceState& state,
                                            ResourceContext& context) override {
    return InterfacesBlocking(context, "subnet-id", state.physical_id);
  }
};

}  // namespace

ResourceHandler& SubnetHandler() {
  static SubnetHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
