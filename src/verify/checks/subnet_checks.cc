// subnets.exists, in_vpc, count, availability_zones, cidr_size, free_addresses,
// public_ip_mapping.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "net/cidr.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"

namespace raycloud::verify {
namespace {

// A subnet is public when its default route goes to an internet gateway.
bool IsPublic(const CloudSnapshot& s, const json& subnet) {
  const json* table = RouteTableOfSubnet(s, subnet);
  const json* route = table ? DefaultRoute(*table) : nullptr;
  return route != nullptr && Text(*route, "GatewayId").starts_with("igw-");
}

Finding Exists(const CloudSnapshot& s, const std::string& id, const json* subnet) {
  if (subnet != nullptr) {
    return MakeFinding(
        "subnets.exists", id, CheckStatus::kPass,
        fmt::format("subnet {} exists in {}", id, Text(*subnet, "AvailabilityZone")));
  }
  if (s.subnets.failed() && s.subnets.error_code != "InvalidSubnetID.NotFound") {
    return MakeFinding("subnets.exists", id, CheckStatus::kFail,
                       fmt::format("could not describe subnet {}: {}", id, s.subnets.Describe()),
                       ReadFailureFix(s.subnets, "ec2:DescribeSubnets"));
  }
  return MakeFinding(
      "subnets.exists", id, CheckStatus::kFail,
      fmt::format("subnet {} was not found in {}", id, s.target.region),
      fmt::format("Register the cloud with --subnet-ids of existing subnets of {} (list them: aws "
                  "ec2 describe-subnets --filters Name=vpc-id,Values={}{})",
                  s.target.vpc_id, s.target.vpc_id, RegionFlag(s)));
}

Finding InVpc(const CloudSnapshot& s, const std::string& id, const json& subnet) {
  std::string vpc = Text(subnet, "VpcId");
  if (vpc == s.target.vpc_id) {
    return MakeFinding("subnets.in_vpc", id, CheckStatus::kPass,
                       fmt::format("subnet {} is in {}", id, vpc));
  }
  return MakeFinding(
      "subnets.in_vpc", id, CheckStatus::kFail,
      fmt::format("subnet {} belongs to {}, not to the cloud's VPC {}", id, vpc, s.target.vpc_id),
      fmt::format("Register the cloud with subnets of {} (list them: aws ec2 "
                  "describe-subnets --filters Name=vpc-id,Values={}{})",
                  s.target.vpc_id, s.target.vpc_id, RegionFlag(s)));
}

Finding Count(const CloudSnapshot& s) {
  std::set<std::string> ids(s.target.subnet_ids.begin(), s.target.subnet_ids.end());
  if (ids.size() >= 2) {
    return MakeFinding("subnets.count", s.target.vpc_id, CheckStatus::kPass,
                       fmt::format("{} subnets", ids.size()));
  }
  return MakeFinding("subnets.count", s.target.vpc_id, CheckStatus::kFail,
                     fmt::format("{} subnet{}: clusters need at least 2 for high availability",
                                 ids.size(), ids.size() == 1 ? "" : "s"),
                     fmt::format("aws ec2 create-subnet --vpc-id {} --availability-zone <another "
                                 "AZ> --cidr-block <a free /22>{} and register it with the "
                                 "others (--subnet-ids)",
                                 s.target.vpc_id, RegionFlag(s)));
}

Finding AvailabilityZones(const CloudSnapshot& s, const std::vector<const json*>& cluster) {
  const std::string& vpc_id = s.target.vpc_id;
  std::set<std::string> zones;
  for (const json* subnet : cluster) zones.insert(Text(*subnet, "AvailabilityZone"));
  if (zones.size() < 2) {
    return MakeFinding("subnets.availability_zones", vpc_id, CheckStatus::kFail,
                       fmt::format("the subnets span {} availability zone{}: clusters need 2 or "
                                   "more to survive a zone outage",
                                   zones.size(), zones.size() == 1 ? "" : "s"),
                       fmt::format("aws ec2 create-subnet --vpc-id {} --availability-zone <an AZ "
                                   "other than {}> --cidr-block <a free /22>{} and register it",
                                   vpc_id, JoinList({zones.begin(), zones.end()}), RegionFlag(s)));
  }
  // Public subnets (cluster subnets in public mode, NAT subnets in private mode) each hold
  // one zone's internet path; two in one zone means another zone has none.
  std::vector<std::string> ids = s.target.subnet_ids;
  for (const auto& id : NatSubnetIds(s)) ids.push_back(id);
  std::map<std::string, std::vector<std::string>> public_by_zone;
  std::set<std::string> seen;
  for (const auto& id : ids) {
    const json* subnet = FindSubnet(s, id);
    if (subnet == nullptr || !seen.insert(id).second || !IsPublic(s, *subnet)) continue;
    public_by_zone[Text(*subnet, "AvailabilityZone")].push_back(id);
  }
  for (const auto& [zone, subnets] : public_by_zone) {
    if (subnets.size() < 2) continue;
    return MakeFinding(
        "subnets.availability_zones", vpc_id, CheckStatus::kWarn,
        fmt::format("public subnets {} share availability zone {}", JoinList(subnets), zone),
        "Use one public subnet per availability zone: move one of them to a zone "
        "that has none (aws ec2 create-subnet --availability-zone <zone> ...)");
  }
  return MakeFinding("subnets.availability_zones", vpc_id, CheckStatus::kPass,
                     fmt::format("the subnets span {} availability zones", zones.size()));
}

Finding CidrSize(const CloudSnapshot& s, const std::string& id, const json& subnet) {
  std::string text = Text(subnet, "CidrBlock");
  auto cidr = net::Ipv4Cidr::Parse(text, false);
  if (!cidr) {
    return MakeFinding("subnets.cidr_size", id, CheckStatus::kSkip,
                       fmt::format("subnet {} has no readable IPv4 CIDR ({})", id, text));
  }
  if (cidr->prefix() > 22) {
    return MakeFinding(
        "subnets.cidr_size", id, CheckStatus::kWarn,
        fmt::format("subnet {} is {}, smaller than /22: room for few nodes", id, text),
        fmt::format("aws ec2 create-subnet --vpc-id {} --availability-zone {} "
                    "--cidr-block <a free /22>{} and register it instead of {}",
                    Text(subnet, "VpcId"), Text(subnet, "AvailabilityZone"), RegionFlag(s), id));
  }
  return MakeFinding("subnets.cidr_size", id, CheckStatus::kPass,
                     fmt::format("subnet {} is {}", id, text));
}

Finding FreeAddresses(const CloudSnapshot& s, const std::string& id, const json& subnet) {
  int64_t available = subnet.value("AvailableIpAddressCount", int64_t{0});
  if (available < 64) {
    return MakeFinding(
        "subnets.free_addresses", id, CheckStatus::kWarn,
        fmt::format("subnet {} has {} free addresses (fewer than 64)", id, available),
        fmt::format("Free addresses in {} (release unused network interfaces: aws "
                    "ec2 describe-network-interfaces --filters "
                    "Name=subnet-id,Values={} Name=status,Values=available{}) or "
                    "register a larger subnet",
                    id, id, RegionFlag(s)));
  }
  return MakeFinding("subnets.free_addresses", id, CheckStatus::kPass,
                     fmt::format("subnet {} has {} free addresses", id, available));
}

Finding PublicIpMapping(const CloudSnapshot& s, const std::string& id, const json& subnet) {
  bool maps = subnet.value("MapPublicIpOnLaunch", false);
  bool want = !s.target.private_network;
  if (maps == want) {
    return MakeFinding(
        "subnets.public_ip_mapping", id, CheckStatus::kPass,
        fmt::format("subnet {} {} public IPs on launch", id, maps ? "assigns" : "does not assign"));
  }
  std::string message =
      want ? fmt::format(
                 "public mode: subnet {} does not assign public IPs, so nodes cannot "
                 "reach the internet through the internet gateway",
                 id)
           : fmt::format("private mode: subnet {} assigns public IPs to nodes", id);
  return MakeFinding(
      "subnets.public_ip_mapping", id, CheckStatus::kWarn, message,
      fmt::format("aws ec2 modify-subnet-attribute --subnet-id {} {}{}", id,
                  want ? "--map-public-ip-on-launch" : "--no-map-public-ip-on-launch",
                  RegionFlag(s)));
}

}  // namespace

Findings CheckSubnets(const CloudSnapshot& s) {
  Findings exists, in_vpc, cidr_size, free, mapping;
  for (const auto& id : s.target.subnet_ids) {
    const json* subnet = FindSubnet(s, id);
    exists.push_back(Exists(s, id, subnet));
    if (subnet == nullptr) {
      std::string why = MissingMessage("subnet", id, "subnets.exists");
      for (auto [check, list] :
           {std::pair{"subnets.in_vpc", &in_vpc}, std::pair{"subnets.cidr_size", &cidr_size},
            std::pair{"subnets.free_addresses", &free},
            std::pair{"subnets.public_ip_mapping", &mapping}}) {
        list->push_back(MakeFinding(check, id, CheckStatus::kSkip, why));
      }
      continue;
    }
    in_vpc.push_back(InVpc(s, id, *subnet));
    cidr_size.push_back(CidrSize(s, id, *subnet));
    free.push_back(FreeAddresses(s, id, *subnet));
    mapping.push_back(PublicIpMapping(s, id, *subnet));
  }
  Findings out = std::move(exists);
  out.insert(out.end(), in_vpc.begin(), in_vpc.end());
  out.push_back(Count(s));
  auto cluster = FoundClusterSubnets(s);
  if (cluster.empty()) {
    out.push_back(MakeFinding("subnets.availability_zones", s.target.vpc_id, CheckStatus::kSkip,
                              "none of the cloud's subnets was found (see subnets.exists)"));
  } else {
    out.push_back(AvailabilityZones(s, cluster));
  }
  for (auto* list : {&cidr_size, &free, &mapping})
    out.insert(out.end(), list->begin(), list->end());
  return out;
}

}  // namespace raycloud::verify
