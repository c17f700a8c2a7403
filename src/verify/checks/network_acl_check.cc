// network_acls.allow_cluster_traffic: the network ACL of every cluster and NAT subnet
// lets through, in both directions (ACLs are stateless), the traffic clusters need.
#include <fmt/format.h>

#include <set>

#include "common/strings.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/network_acl_eval.h"

namespace raycloud::verify {
namespace {

constexpr const char* kNetworkAclCheckId = "network_acls.allow_cluster_traffic";

struct NeededFlow {
  std::string description;  // "inbound TCP 443 from 0.0.0.0/0"
  bool egress;
  std::string cidr;
  bool all_traffic;
  int port_lo, port_hi;
};

const json* AclOfSubnet(const CloudSnapshot& s, const json& subnet) {
  std::string_view subnet_id = TextView(subnet, "SubnetId");
  const json* fallback = nullptr;
  for (const auto& acl : ListOf(s.network_acls, "NetworkAcls")) {
    for (const auto& association : Items(acl, "Associations")) {
      if (TextView(association, "SubnetId") == subnet_id) return &acl;
    }
    if (acl.value("IsDefault", false) && TextView(acl, "VpcId") == TextView(subnet, "VpcId")) {
      fallback = &acl;
    }
  }
  return fallback;  // a subnet with no explicit association uses its VPC's default ACL
}

std::vector<std::string> VpcCidrs(const CloudSnapshot& s) {
  std::vector<std::string> out;
  if (const json* vpc = FindVpc(s)) {
    for (const auto& association : Items(*vpc, "CidrBlockAssociationSet")) {
      std::string state = association.value("CidrBlockState", json::object()).value("State", "");
      if (state.empty() || state == "associated") out.push_back(Text(association, "CidrBlock"));
    }
    if (out.empty()) out.push_back(Text(*vpc, "CidrBlock"));
  }
  return out;
}

std::vector<NeededFlow> FlowsFor(const CloudSnapshot& s, bool cluster_subnet) {
  std::vector<NeededFlow> flows;
  constexpr int kEphemeralLo = 1024, kEphemeralHi = 65535;
  if (cluster_subnet) {
    for (const auto& cidr : s.target.ingress_cidrs) {
      if (cidr.find(':') != std::string::npos) continue;  // IPv4 only
      flows.push_back({"inbound TCP 443 from " + cidr, false, cidr, false, 443, 443});
      flows.push_back({"outbound TCP 1024-65535 to " + cidr + " (replies to inbound 443)", true,
                       cidr, false, kEphemeralLo, kEphemeralHi});
    }
  }
  for (const auto& cidr : VpcCidrs(s)) {
    flows.push_back(
        {"inbound all traffic from " + cidr + " (within the VPC)", false, cidr, true, 0, 65535});
    flows.push_back(
        {"outbound all traffic to " + cidr + " (within the VPC)", true, cidr, true, 0, 65535});
  }
  flows.push_back({"outbound TCP 443 to 0.0.0.0/0", true, "0.0.0.0/0", false, 443, 443});
  flows.push_back({"inbound TCP 1024-65535 from 0.0.0.0/0 (replies to outbound 443)", false,
                   "0.0.0.0/0", false, kEphemeralLo, kEphemeralHi});
  return flows;
}

std::string EntryCommand(const CloudSnapshot& s, const std::string& acl_id, const json& acl,
                         const NeededFlow& flow, std::optional<int> deny_rule,
                         std::set<int>& taken) {
  auto number = FreeRuleNumber(acl, flow.egress, deny_rule.value_or(kDefaultRuleNumber), taken);
  if (number) taken.insert(*number);
  std::string ports = flow.all_traffic ? "--protocol -1"
                                       : fmt::format("--protocol tcp --port-range From={},To={}",
                                                     flow.port_lo, flow.port_hi);
  if (!number) {
    return fmt::format("Renumber the entries of {} to free a number below {} for: {}", acl_id,
                       deny_rule.value_or(kDefaultRuleNumber), flow.description);
  }
  return fmt::format(
      "aws ec2 create-network-acl-entry --network-acl-id {} {} --rule-number {} {} "
      "--cidr-block {} --rule-action allow{}",
      acl_id, flow.egress ? "--egress" : "--ingress", *number, ports, flow.cidr, RegionFlag(s));
}

Finding CheckSubnet(const CloudSnapshot& s, const std::string& subnet_id, bool cluster_subnet) {
  const json* subnet = FindSubnet(s, subnet_id);
  if (subnet == nullptr) {
    return MakeFinding(kNetworkAclCheckId, subnet_id, CheckStatus::kSkip,
                       MissingMessage("subnet", subnet_id, "subnets.exists"));
  }
  const json* acl = AclOfSubnet(s, *subnet);
  if (acl == nullptr) {
    return MakeFinding(kNetworkAclCheckId, subnet_id, CheckStatus::kSkip,
                       fmt::format("no network ACL found for subnet {}", subnet_id));
  }
  std::string acl_id = Text(*acl, "NetworkAclId");
  std::vector<std::string> denied;
  std::vector<std::string> commands;
  std::set<int> taken_ingress, taken_egress;  // numbers this remediation already uses
  for (const auto& needed : FlowsFor(s, cluster_subnet)) {
    auto flow =
        MakeAclFlow(needed.egress, needed.cidr, needed.all_traffic, needed.port_lo, needed.port_hi);
    if (!flow) continue;
    AclVerdict verdict = EvaluateAcl(*acl, *flow);
    if (verdict.allowed) continue;
    bool by_default = !verdict.deny_rule || *verdict.deny_rule >= kDefaultRuleNumber;
    denied.push_back(needed.description +
                     (by_default
                          ? std::string(" matches no allow rule (the final * rule denies it)")
                          : fmt::format(" is denied by rule {}", *verdict.deny_rule)));
    commands.push_back(EntryCommand(s, acl_id, *acl, needed,
                                    by_default ? std::nullopt : verdict.deny_rule,
                                    needed.egress ? taken_egress : taken_ingress));
  }
  if (denied.empty()) {
    return MakeFinding(kNetworkAclCheckId, subnet_id, CheckStatus::kPass,
                       fmt::format("{} allows the cluster's traffic in both directions", acl_id));
  }
  return MakeFinding(
      kNetworkAclCheckId, subnet_id, CheckStatus::kFail,
      fmt::format("{} of subnet {}: {}", acl_id, subnet_id, strings::Join(denied, "; ")),
      strings::Join(commands, " && "));
}

}  // namespace

Findings CheckNetworkAcls(const CloudSnapshot& s) {
  Findings out;
  if (!s.network_acls.ok()) {
    for (const auto& id : s.target.subnet_ids) {
      out.push_back(MakeFinding(kNetworkAclCheckId, id, CheckStatus::kSkip,
                                "could not read network ACLs: " + s.network_acls.Describe()));
    }
    return out;
  }
  std::set<std::string> seen;
  for (const auto& id : s.target.subnet_ids) {
    if (seen.insert(id).second) out.push_back(CheckSubnet(s, id, true));
  }
  for (const auto& id : NatSubnetIds(s)) {
    if (seen.insert(id).second) out.push_back(CheckSubnet(s, id, false));
  }
  return out;
}

}  // namespace raycloud::verify
