#include "cloud/exec/handlers/ec2_blockers.h"

#include "cloud/exec/handlers/handler_support.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

json VpcFilter(std::string_view name, const std::string& value) {
  return json::array({{{"Name", name}, {"Values", {value}}}});
}

std::string DescribeInterface(const json& eni) {
  std::string text = eni.value("NetworkInterfaceId", "") + " (" +
                     eni.value("InterfaceType", std::string("interface"));
  if (const std::string description = eni.value("Description", ""); !description.empty()) {
    text += "; " + description;
  }
  const json attachment = eni.value("Attachment", json::object());
  if (const std::string instance = attachment.value("InstanceId", ""); !instance.empty()) {
    text += "; attached to " + instance;
  } else if (eni.value("RequesterManaged", false)) {  // an AWS service's own interface
    text += "; managed by " + eni.value("RequesterId", std::string("an AWS service"));
  }
  return text + ")";
}

// One kind of resource in the VPC: which describe call lists it and how to name it.
struct VpcMember {
  const char* what;
  const char* operation;
  const char* list_key;
  const char* id_key;
  const char* filter_member;
  const char* vpc_filter;
};

constexpr VpcMember kVpcMembers[] = {
    {"subnet", "DescribeSubnets", "Subnets", "SubnetId", "Filters", "vpc-id"},
    {"security group", "DescribeSecurityGroups", "SecurityGroups", "GroupId", "Filters", "vpc-id"},
    {"internet gateway", "DescribeInternetGateways", "InternetGateways", "InternetGatewayId",
     "Filters", "attachment.vpc-id"},
    {"NAT gateway", "DescribeNatGateways", "NatGateways", "NatGatewayId", "Filter", "vpc-id"},
    {"VPC endpoint", "DescribeVpcEndpoints", "VpcEndpoints", "VpcEndpointId", "Filters", "vpc-id"},
};

bool Gone(const json& item) {
  const std::string state = item.value("State", item.value("state", ""));
  return state == "deleted" || state == "deleting" || state == "failed";
}

}  // namespace

Result<std::vector<std::string>> InterfacesBlocking(ResourceContext& context,
                                                    std::string_view filter,
                                                    const std::string& id) {
  auto output =
      context.aws.CallAll("ec2", "DescribeNetworkInterfaces", {{"Filters", VpcFilter(filter, id)}});
  if (!output) return Fail(About(output.error(), id));
  std::vector<std::string> blockers;
  for (const auto& eni : output->value("NetworkInterfaces", json::array())) {
    blockers.push_back(DescribeInterface(eni));
  }
  return blockers;
}

Result<std::vector<std::string>> VpcBlockers(ResourceContext& context, const std::string& vpc_id) {
  std::vector<std::string> blockers;
  for (const VpcMember& member : kVpcMembers) {
    auto output = context.aws.CallAll(
        "ec2", member.operation, {{member.filter_member, VpcFilter(member.vpc_filter, vpc_id)}});
    if (!output) return Fail(About(output.error(), vpc_id));
    for (const auto& item : output->value(member.list_key, json::array())) {
      const json tags = item.value("Tags", item.value("TagSet", json::array()));
      if (TagValue(tags, kCloudIdTag) == context.identity.cloud_id || Gone(item)) continue;
      if (item.value("GroupName", "") == "default") continue;  // goes with the VPC
      blockers.push_back(std::string(member.what) + " " + item.value(member.id_key, ""));
    }
  }
  auto interfaces = InterfacesBlocking(context, "vpc-id", vpc_id);
  if (!interfaces) return Fail(interfaces.error());
  blockers.insert(blockers.end(), interfaces->begin(), interfaces->end());
  return blockers;
}

}  // namespace raycloud::cloud::handlers
