// The internet gateway and its attachment to the VPC (cloud-resources.md, "Network").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

class InternetGatewayHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    auto gateway =
        FindTaggedEc2(context, "DescribeInternetGateways", "InternetGateways", spec.name_tag);
    if (!gateway) return Fail(gateway.error());
    if (!gateway->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(ResourceState{(*gateway)->value("InternetGatewayId", "")});
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    auto output = CallFor(
        context, spec.name_tag, "ec2", "CreateInternetGateway",
        {{"TagSpecifications", TagSpecifications("internet-gateway", CreationTags(spec, context))}},
        Once());
    if (!output) return Fail(output.error());
    return ResourceState{
        output->value("InternetGateway", json::object()).value("InternetGatewayId", "")};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "DeleteInternetGateway",
                              {{"InternetGatewayId", state.physical_id}}, Once()));
  }
};

// An attachment has no id of its own: "<igw id>/<vpc id>".
class InternetGatewayAttachmentHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string gateway = Text(spec.properties, "internet_gateway");
    const std::string vpc = Text(spec.properties, "vpc");
    if (gateway.empty() || vpc.empty()) return std::optional<ResourceState>();
    auto output = CallFor(context, gateway, "ec2", "DescribeInternetGateways",
                          {{"InternetGatewayIds", {gateway}}});
    if (!output) {
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(output.error());
    }
    for (const auto& item : output->value("InternetGateways", json::array())) {
      for (const auto& attachment : item.value("Attachments", json::array())) {
        const std::string state = attachment.value("State", "");
        if (attachment.value("VpcId", "") == vpc && state != "detaching" && state != "detached") {
          return std::optional<ResourceState>(StateOf(gateway, vpc));
        }
      }
    }
    return std::optional<ResourceState>();
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string gateway = Text(spec.properties, "internet_gateway");
    const std::string vpc = Text(spec.properties, "vpc");
    auto output = CallFor(context, gateway, "ec2", "AttachInternetGateway",
                          {{"InternetGatewayId", gateway}, {"VpcId", vpc}}, Once());
    if (!output) {
      // An earlier attempt that took effect: attached already is what we want.
      if (AwsCodeOf(output.error()) == "Resource.AlreadyAssociated") {
        auto found = Find(spec, context);
        if (found && found->has_value()) return **found;
      }
      return Fail(output.error());
    }
    return StateOf(gateway, vpc);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    const std::string gateway = state.attributes.value("internet_gateway", "");
    const std::string vpc = state.attributes.value("vpc", "");
    auto output = CallFor(context, gateway, "ec2", "DetachInternetGateway",
                          {{"InternetGatewayId", gateway}, {"VpcId", vpc}}, Once());
    // DependencyViolation (public addresses still mapped in the VPC) goes back unchanged.
    if (!output && AwsCodeOf(output.error()) == "Gateway.NotAttached") return {};
    return GoneIsFine(output);
  }

 private:
  static ResourceState StateOf(const std::string& gateway, const std::string& vpc) {
    return {gateway + "/" + vpc, {{"internet_gateway", gateway}, {"vpc", vpc}}};
  }
};

}  // namespace

ResourceHandler& InternetGatewayHandler() {
  static InternetGatewayHandlerImpl handler;
  return handler;
}

ResourceHandler& InternetGatewayAttachmentHandler() {
  static InternetGatewayAttachmentHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
