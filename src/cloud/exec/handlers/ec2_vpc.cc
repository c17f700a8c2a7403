// The VPC and its DNS attributes (cloud-resources.md, "Network").
#include <cctype>

#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/ec2_blockers.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

ResourceState VpcState(const json& vpc) {
  return {vpc.value("VpcId", ""), {{"cidr_block", vpc.value("CidrBlock", "")}}};
}

class VpcHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    auto vpc = FindTaggedEc2(context, "DescribeVpcs", "Vpcs", spec.name_tag);
    if (!vpc) return Fail(vpc.error());
    if (!vpc->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(VpcState(**vpc));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string cidr = Text(spec.properties, "cidr_block");
    auto output =
        CallFor(context, spec.name_tag, "ec2", "CreateVpc",
                {{"CidrBlock", cidr},
                 {"TagSpecifications", TagSpecifications("vpc", CreationTags(spec, context))}},
                Once());
    if (!output) return Fail(output.error());
    return VpcState(output->value("Vpc", json::object()));
  }

  Status WaitReady(const ResolvedSpec&, const ResourceState& state,
                   ResourceContext& context) override {
    return PollUntil(
        context, "VPC " + state.physical_id,
        [&] {
          return CallFor(context, state.physical_id, "ec2", "DescribeVpcs",
                         {{"VpcIds", {state.physical_id}}});
        },
        [](const json& output) -> Result<bool> {
          for (const auto& vpc : output.value("Vpcs", json::array())) {
            if (vpc.value("State", "") == "available") return true;
          }
          return false;
        });
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    // DependencyViolation (subnets, gateways, groups still draining) goes back unchanged:
    // the executor retries it.
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "DeleteVpc",
                              {{"VpcId", state.physical_id}}, Once()));
  }

  Result<std::vector<std::string>> Blockers(const ResourceState& state,
                                            ResourceContext& context) override {
    return VpcBlockers(context, state.physical_id);
  }
};

// "enableDnsSupport" -> "EnableDnsSupport", the member name of both the modify and the
// describe call.
std::string AttributeMember(std::string attribute) {
  if (!attribute.empty()) attribute[0] = static_cast<char>(std::toupper(attribute[0]));
  return attribute;
}

// A VPC attribute has no id of its own: "<vpc id>/<attribute>".
class VpcAttributeHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string vpc = Text(spec.properties, "vpc");
    const std::string attribute = Text(spec.properties, "attribute");
    if (vpc.empty()) return std::optional<ResourceState>();
    auto output = CallFor(context, vpc, "ec2", "DescribeVpcAttribute",
                          {{"VpcId", vpc}, {"Attribute", attribute}});
    if (!output) {
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(output.error());
    }
    const json value = (*output)[AttributeMember(attribute)].value("Value", json());
    if (value != spec.properties.value("value", json())) return std::optional<ResourceState>();
    return std::optional<ResourceState>(StateOf(vpc, attribute));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string vpc = Text(spec.properties, "vpc");
    const std::string attribute = Text(spec.properties, "attribute");
    // Setting an attribute is idempotent: the client's own retries are safe.
    auto output = CallFor(
        context, vpc, "ec2", "ModifyVpcAttribute",
        {{"VpcId", vpc},
         {AttributeMember(attribute), {{"Value", spec.properties.value("value", json())}}}});
    if (!output) return Fail(output.error());
    return StateOf(vpc, attribute);
  }

  Status Delete(const ResourceState&, ResourceContext&) override {
    // An attribute goes with its VPC; resetting it first would only cost a call.
    return {};
  }

 private:
  static ResourceState StateOf(const std::string& vpc, const std::string& attribute) {
    return {vpc + "/" + attribute, {{"vpc", vpc}, {"attribute", attribute}}};
  }
};

}  // namespace

ResourceHandler& VpcHandler() {
  static VpcHandlerImpl handler;
  return handler;
}

ResourceHandler& VpcAttributeHandler() {
  static VpcAttributeHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
