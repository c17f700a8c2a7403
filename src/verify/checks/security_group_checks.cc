// security_groups.exists, https_ingress, intra_cluster_ingress, intra_cluster_egress,
// internet_egress, exposed_ports. Instances carry every one of the cloud's groups, so the
// rule checks look at the union of their rules; findings name the first group.
#include <fmt/format.h>

#include <set>

#include "common/strings.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/security_group_rules.h"

namespace raycloud::verify {
namespace {

struct Rule {
  std::string group_id;
  const json* permission;
};

std::string IpPermissionsArg(const json& permissions) {
  return "--ip-permissions " + ShellQuote(permissions.dump());
}

class GroupChecks {
 public:
  GroupChecks(const CloudSnapshot& s, std::vector<const json*> groups)
      : s_(s), groups_(std::move(groups)), main_(Text(*groups_.front(), "GroupId")) {
    for (const json* group : groups_) ids_.insert(Text(*group, "GroupId"));
  }

  Finding HttpsIngress() const {
    std::vector<std::string> world;
    bool any = false;
    for (const auto& rule : Inbound()) {
      // Users arrive from addresses: a rule whose only sources are security groups (the
      // intra-cluster rule) admits no user.
      bool from_addresses = !PermissionCidrs(*rule.permission).empty() ||
                            !Items(*rule.permission, "PrefixListIds").empty();
      if (!CoversTcpPort(*rule.permission, 443) || !from_addresses) continue;
      any = true;
      for (const auto& cidr : WorldCidrs(*rule.permission)) {
        world.push_back(
            fmt::format("{} ({}, {})", cidr, rule.group_id, DescribePorts(*rule.permission)));
      }
    }
    if (!any) {
      std::vector<std::string> commands;
      for (const auto& cidr : s_.target.ingress_cidrs) {
        commands.push_back(fmt::format(
            "aws ec2 authorize-security-group-ingress --group-id {} --protocol tcp --port 443 "
            "--cidr {}{}",
            main_, cidr, RegionFlag(s_)));
      }
      return Make("security_groups.https_ingress", CheckStatus::kFail,
                  "no inbound rule admits TCP 443: users cannot reach clusters",
                  strings::Join(commands, " && "));
    }
    if (!world.empty()) {
      return Make("security_groups.https_ingress", CheckStatus::kWarn,
                  "TCP 443 is open to the whole internet from " + JoinList(world),
                  fmt::format("Restrict 443 to your networks: aws ec2 "
                              "authorize-security-group-ingress --group-id {} --protocol tcp "
                              "--port 443 --cidr <your range>{} && aws ec2 "
                              "revoke-security-group-ingress --group-id {} --protocol tcp --port "
                              "443 --cidr 0.0.0.0/0{}",
                              main_, RegionFlag(s_), main_, RegionFlag(s_)));
    }
    return Make("security_groups.https_ingress", CheckStatus::kPass,
                "TCP 443 is admitted from the configured sources only");
  }

  Finding IntraClusterIngress() const {
    for (const auto& rule : Inbound()) {
      if (IsAllTraffic(*rule.permission) && ReferencesGroup(*rule.permission, ids_)) {
        return Make(
            "security_groups.intra_cluster_ingress", CheckStatus::kPass,
            fmt::format("{} admits all traffic from the cloud's security groups", rule.group_id));
      }
    }
    return Make("security_groups.intra_cluster_ingress", CheckStatus::kFail,
                "no inbound all-traffic rule from the group itself: Ray nodes cannot reach each "
                "other",
                fmt::format("aws ec2 authorize-security-group-ingress --group-id {} --protocol -1 "
                            "--source-group {}{}",
                            main_, main_, RegionFlag(s_)));
  }

  Finding IntraClusterEgress() const {
    for (const auto& rule : Outbound()) {
      if (!IsAllTraffic(*rule.permission)) continue;
      bool world = false;
      for (const auto& cidr : WorldCidrs(*rule.permission)) world = world || cidr == "0.0.0.0/0";
      if (world || ReferencesGroup(*rule.permission, ids_)) {
        return Make("security_groups.intra_cluster_egress", CheckStatus::kPass,
                    fmt::format("{} allows all outbound traffic to {}", rule.group_id,
                                world ? "0.0.0.0/0" : "the cloud's security groups"));
      }
    }
    json permissions = json::array(
        {{{"IpProtocol", "-1"}, {"UserIdGroupPairs", json::array({{{"GroupId", main_}}})}}});
    return Make("security_groups.intra_cluster_egress", CheckStatus::kFail,
                "no outbound all-traffic rule to the group itself or to 0.0.0.0/0",
                fmt::format("aws ec2 authorize-security-group-egress --group-id {} {}{}", main_,
                            IpPermissionsArg(permissions), RegionFlag(s_)));
  }

  Finding InternetEgress() const {
    for (const auto& rule : Outbound()) {
      if (!CoversTcpPort(*rule.permission, 443)) continue;
      for (const auto& cidr : WorldCidrs(*rule.permission)) {
        if (cidr != "0.0.0.0/0") continue;
        return Make("security_groups.internet_egress", CheckStatus::kPass,
                    fmt::format("{} allows outbound TCP 443 to 0.0.0.0/0", rule.group_id));
      }
    }
    json permissions = json::array({{{"IpProtocol", "tcp"},
                                     {"FromPort", 443},
                                     {"ToPort", 443},
                                     {"IpRanges", json::array({{{"CidrIp", "0.0.0.0/0"}}})}}});
    return Make("security_groups.internet_egress", CheckStatus::kFail,
                "no outbound rule reaches 0.0.0.0/0 on TCP 443: nodes cannot reach the control "
                "plane or AWS APIs",
                fmt::format("aws ec2 authorize-security-group-egress --group-id {} {}{}", main_,
                            IpPermissionsArg(permissions), RegionFlag(s_)));
  }

  Finding ExposedPorts() const {
    std::vector<std::string> exposed;
    std::vector<std::string> commands;
    for (const auto& rule : Inbound()) {
      const json& permission = *rule.permission;
      bool https_only = PermissionProtocol(permission) == "tcp" &&
                        permission.value("FromPort", -1) == 443 &&
                        permission.value("ToPort", -1) == 443;
      if (https_only) continue;
      for (const auto& cidr : WorldCidrs(permission)) {
        exposed.push_back(
            fmt::format("{} from {} ({})", DescribePorts(permission), cidr, rule.group_id));
        commands.push_back(fmt::format(
            "aws ec2 revoke-security-group-ingress --group-id {} {}{}", rule.group_id,
            IpPermissionsArg(json::array({PermissionWithCidr(permission, cidr)})), RegionFlag(s_)));
      }
    }
    if (exposed.empty()) {
      return Make("security_groups.exposed_ports", CheckStatus::kPass,
                  "no port other than 443 is open to the internet");
    }
    return Make("security_groups.exposed_ports", CheckStatus::kWarn,
                "open to the internet: " + JoinList(exposed), strings::Join(commands, " && "));
  }

 private:
  std::vector<Rule> Inbound() const { return Collect("IpPermissions"); }
  std::vector<Rule> Outbound() const { return Collect("IpPermissionsEgress"); }

  std::vector<Rule> Collect(const char* member) const {
    std::vector<Rule> out;
    for (const json* group : groups_) {
      auto it = group->find(member);
      if (it == group->end() || !it->is_array()) continue;
      for (const auto& permission : *it) out.push_back({Text(*group, "GroupId"), &permission});
    }
    return out;
  }

  Finding Make(const char* id, CheckStatus status, std::string message,
               std::string remediation = {}) const {
    return MakeFinding(id, main_, status, std::move(message), std::move(remediation));
  }

  const CloudSnapshot& s_;
  std::vector<const json*> groups_;
  std::string main_;
  std::set<std::string> ids_;
};

constexpr const char* kRuleChecks[] = {
    "security_groups.https_ingress",        "security_groups.intra_cluster_ingress",
    "security_groups.intra_cluster_egress", "security_groups.internet_egress",
    "security_groups.exposed_ports",
};

Finding Exists(const CloudSnapshot& s, const std::string& id, bool found) {
  if (found) {
    return MakeFinding("security_groups.exists", id, CheckStatus::kPass,
                       fmt::format("security group {} exists", id));
  }
  if (s.security_groups.failed() && s.security_groups.error_code != "InvalidGroup.NotFound") {
    return MakeFinding(
        "security_groups.exists", id, CheckStatus::kFail,
        fmt::format("could not describe security group {}: {}", id, s.security_groups.Describe()),
        ReadFailureFix(s.security_groups, "ec2:DescribeSecurityGroups"));
  }
  return MakeFinding("security_groups.exists", id, CheckStatus::kFail,
                     fmt::format("security group {} was not found in {}", id, s.target.region),
                     fmt::format("Register the cloud with --security-group-ids of groups of {} "
                                 "(list them: aws ec2 describe-security-groups --filters "
                                 "Name=vpc-id,Values={}{})",
                                 s.target.vpc_id, s.target.vpc_id, RegionFlag(s)));
}

}  // namespace

Findings CheckSecurityGroups(const CloudSnapshot& s) {
  Findings out;
  for (const auto& id : s.target.security_group_ids) {
    out.push_back(Exists(s, id, FindSecurityGroup(s, id) != nullptr));
  }
  if (s.target.security_group_ids.empty()) {
    out.push_back(MakeFinding("security_groups.exists", std::nullopt, CheckStatus::kFail,
                              "no security group is configured",
                              "Register the cloud with --security-group-ids"));
  }
  auto groups = FoundSecurityGroups(s);
  if (groups.empty()) {
    std::string first =
        s.target.security_group_ids.empty() ? "" : s.target.security_group_ids.front();
    for (const char* id : kRuleChecks) {
      out.push_back(MakeFinding(id, first, CheckStatus::kSkip,
                                "none of the cloud's security groups was found (see "
                                "security_groups.exists)"));
    }
    return out;
  }
  GroupChecks checks(s, std::move(groups));
  out.push_back(checks.HttpsIngress());
  out.push_back(checks.IntraClusterIngress());
  out.push_back(checks.IntraClusterEgress());
  out.push_back(checks.InternetEgress());
  out.push_back(checks.ExposedPorts());
  return out;
}

}  // namespace raycloud::verify
