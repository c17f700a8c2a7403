// Discovery of the EC2 network resources of raycloud clouds (`cloud gc`).
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/gc/discovery.h"
#include "cloud/plan/resource_kinds.h"
#include "common/strings.h"

namespace raycloud::cloud::discovery {
namespace {

using json = nlohmann::json;

struct Ec2Listing {
  std::string_view operation;
  std::string_view list_key;
  std::string_view id_key;
  std::string_view kind;
  std::string_view filter_member = "Filters";  // DescribeNatGateways says "Filter"
};

constexpr Ec2Listing kEc2Listings[] = {
    {"DescribeVpcs", "Vpcs", "VpcId", kind::kVpc},
    {"DescribeSubnets", "Subnets", "SubnetId", kind::kSubnet},
    {"DescribeInternetGateways", "InternetGateways", "InternetGatewayId", kind::kInternetGateway},
    {"DescribeRouteTables", "RouteTables", "RouteTableId", kind::kRouteTable},
    {"DescribeAddresses", "Addresses", "AllocationId", kind::kEip},
    {"DescribeNatGateways", "NatGateways", "NatGatewayId", kind::kNatGateway, "Filter"},
    {"DescribeVpcEndpoints", "VpcEndpoints", "VpcEndpointId", kind::kVpcEndpoint},
    {"DescribeSecurityGroups", "SecurityGroups", "GroupId", kind::kSecurityGroup},
};

// The sources of the group's inbound TCP 443 rules (the --ingress-cidr list).
json HttpsIngressCidrs(const json& group) {
  json cidrs = json::array();
  for (const auto& permission : group.value("IpPermissions", json::array())) {
    if (permission.value("IpProtocol", "") != "tcp" || permission.value("FromPort", 0) != 443) {
      continue;
    }
    for (const auto& range : permission.value("IpRanges", json::array())) {
      cidrs.push_back(range.value("CidrIp", ""));
    }
  }
  return cidrs;
}

}  // namespace

Status DiscoverEc2(aws::AwsClient& aws, std::vector<TaggedResource>& out) {
  const json filters =
      json::array({{{"Name", "tag-key"}, {"Values", {std::string(handlers::kCloudIdTag)}}}});
  for (const Ec2Listing& listing : kEc2Listings) {
    auto output =
        aws.CallAll("ec2", listing.operation, {{std::string(listing.filter_member), filters}});
    if (!output) return Fail(output.error());
    for (const auto& item : output->value(std::string(listing.list_key), json::array())) {
      // Deleted NAT gateways and endpoints stay visible for a while; they are gone.
      const std::string state = strings::Lower(item.value("State", item.value("state", "")));
      if (state == "deleted" || state == "deleting" || state == "failed") continue;
      // The tags are checked here too: not every describe honours the filter (moto).
      auto resource = FromTags(listing.kind, item.value(std::string(listing.id_key), ""),
                               item.value("Tags", item.value("TagSet", json::array())));
      if (!resource) continue;
      if (item.contains("CidrBlock")) resource->details["cidr"] = item.value("CidrBlock", "");
      if (item.contains("AvailabilityZone")) {
        resource->details["zone"] = item.value("AvailabilityZone", "");
      }
      if (listing.kind == kind::kSecurityGroup) {
        resource->details["ingress_cidrs"] = HttpsIngressCidrs(item);
      }
      out.push_back(std::move(*resource));
    }
  }
  return {};
}

}  // namespace raycloud::cloud::discovery
