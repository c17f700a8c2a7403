// The cloud's security group and its rules (cloud-resources.md, "Network": HTTPS from the
// ingress CIDRs, everything within the group, all egress; nothing else).
#include <algorithm>
#include <vector>

#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/ec2_blockers.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

class SecurityGroupHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    json filters = json::array();
    if (const std::string vpc = Text(spec.properties, "vpc"); !vpc.empty()) {
      filters.push_back({{"Name", "vpc-id"}, {"Values", {vpc}}});
    }
    auto group =
        FindTaggedEc2(context, "DescribeSecurityGroups", "SecurityGroups", spec.name_tag, filters);
    if (!group) return Fail(group.error());
    if (!group->has_value()) return std::optional<ResourceState>();
    return std::optional<ResourceState>(ResourceState{(*group)->value("GroupId", "")});
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    // No token, but names are unique per VPC: a repeat answers InvalidGroup.Duplicate (a
    // conflict), after which the executor adopts the group by its tags.
    auto output = CallFor(
        context, spec.name_tag, "ec2", "CreateSecurityGroup",
        {{"GroupName", Text(spec.properties, "group_name")},
         {"Description", Text(spec.properties, "description")},
         {"VpcId", Text(spec.properties, "vpc")},
         {"TagSpecifications", TagSpecifications("security-group", CreationTags(spec, context))}},
        Once());
    if (!output) return Fail(output.error());
    return ResourceState{output->value("GroupId", "")};
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    // DependencyViolation (ENIs of mount targets or instances still draining) goes back
    // unchanged for the executor to retry.
    return GoneIsFine(CallFor(context, state.physical_id, "ec2", "DeleteSecurityGroup",
                              {{"GroupId", state.physical_id}}, Once()));
  }

  Result<std::vector<std::string>> Blockers(const ResourceState& state,
                                            ResourceContext& context) override {
    return InterfacesBlocking(context, "group-id", state.physical_id);
  }
};

// One rule: a protocol and port range to or from one CIDR or one group.
struct Rule {
  bool egress = false;
  std::string protocol;
  int from_port = -1;
  int to_port = -1;
  std::string cidr;
  std::string group;
  std::string description;

  bool SameAs(const Rule& other) const {
    // Ports mean nothing for "all traffic"; AWS omits them there.
    const bool ports_matter = protocol != "-1";
    return egress == other.egress && protocol == other.protocol && cidr == other.cidr &&
           group == other.group &&
           (!ports_matter || (from_port == other.from_port && to_port == other.to_port));
  }

  // The rule as one IpPermission of the Authorize/Revoke calls.
  json Permission() const {
    json permission = {{"IpProtocol", protocol}};
    if (protocol != "-1") {
      permission["FromPort"] = from_port;
      permission["ToPort"] = to_port;
    }
    if (!cidr.empty()) {
      json range = {{"CidrIp", cidr}};
      if (!description.empty()) range["Description"] = description;
      permission["IpRanges"] = json::array({range});
    } else {
      json pair = {{"GroupId", group}};
      if (!description.empty()) pair["Description"] = description;
      permission["UserIdGroupPairs"] = json::array({pair});
    }
    return permission;
  }

  json ToJson() const {
    return {{"egress", egress},          {"ip_protocol", protocol}, {"from_port", from_port},
            {"to_port", to_port},        {"cidr_ip", cidr},         {"group", group},
            {"description", description}};
  }
};

// The plan's rules: {ip_protocol, from_port, to_port, cidr_ip | source_security_group |
// destination_security_group, description}.
std::vector<Rule> PlannedRules(const json& properties) {
  std::vector<Rule> rules;
  for (const char* direction : {"ingress", "egress"}) {
    for (const auto& item : properties.value(direction, json::array())) {
      Rule rule;
      rule.egress = std::string(direction) == "egress";
      rule.protocol = item.value("ip_protocol", "-1");
      rule.from_port = item.value("from_port", -1);
      rule.to_port = item.value("to_port", -1);
      rule.cidr = Text(item, "cidr_ip");
      rule.group = Text(item, rule.egress ? "destination_security_group" : "source_security_group");
      rule.description = Text(item, "description");
      rules.push_back(std::move(rule));
    }
  }
  return rules;
}

std::vector<Rule> RulesFromJson(const json& rules_json) {
  std::vector<Rule> rules;
  for (const auto& item : rules_json) {
    rules.push_back({item.value("egress", false), item.value("ip_protocol", "-1"),
                     item.value("from_port", -1), item.value("to_port", -1),
                     item.value("cidr_ip", ""), item.value("group", ""),
                     item.value("description", "")});
  }
  return rules;
}

// The group's IPv4 and group rules as they are now, one Rule per CIDR or group.
std::vector<Rule> CurrentRules(const json& group) {
  std::vector<Rule> rules;
  for (const char* member : {"IpPermissions", "IpPermissionsEgress"}) {
    for (const auto& permission : group.value(member, json::array())) {
      Rule base;
      base.egress = std::string(member) == "IpPermissionsEgress";
      base.protocol = permission.value("IpProtocol", "-1");
      base.from_port = permission.value("FromPort", -1);
      base.to_port = permission.value("ToPort", -1);
      for (const auto& range : permission.value("IpRanges", json::array())) {
        Rule rule = base;
        rule.cidr = range.value("CidrIp", "");
        rule.description = range.value("Description", "");
        rules.push_back(rule);
      }
      for (const auto& pair : permission.value("UserIdGroupPairs", json::array())) {
        Rule rule = base;
        rule.group = pair.value("GroupId", "");
        rule.description = pair.value("Description", "");
        rules.push_back(rule);
      }
    }
  }
  return rules;
}

bool ContainsRule(const std::vector<Rule>& rules, const Rule& rule) {
  return std::any_of(rules.begin(), rules.end(), [&](const Rule& r) { return r.SameAs(rule); });
}

// The group's rules now; nothing if the group is gone.
Result<std::optional<std::vector<Rule>>> DescribeRules(ResourceContext& context,
                                                       const std::string& group_id) {
  auto output =
      CallFor(context, group_id, "ec2", "DescribeSecurityGroups", {{"GroupIds", {group_id}}});
  if (!output) {
    if (IsNotFound(output.error())) return std::optional<std::vector<Rule>>();
    return Fail(output.error());
  }
  for (const auto& group : output->value("SecurityGroups", json::array())) {
    if (group.value("GroupId", "") == group_id) {
      return std::optional<std::vector<Rule>>(CurrentRules(group));
    }
  }
  return std::optional<std::vector<Rule>>();
}

// Rules support tags like every other resource (cloud-resources.md): the ones authorised
// here carry them from creation; this also tags the rules that were already there (AWS's
// default egress rule, kept when planned) and brings every rule to the current tags.
Status TagRules(const ResolvedSpec& spec, ResourceContext& context, const std::string& group_id) {
  auto rules = CallFor(context, group_id, "ec2", "DescribeSecurityGroupRules",
                       {{"Filters", {{{"Name", "group-id"}, {"Values", {group_id}}}}}});
  if (!rules) return Fail(rules.error());
  json ids = json::array();
  for (const auto& rule : rules->value("SecurityGroupRules", json::array())) {
    ids.push_back(rule.value("SecurityGroupRuleId", ""));
  }
  if (ids.empty()) return {};
  auto tagged = CallFor(context, group_id, "ec2", "CreateTags",
                        {{"Resources", ids}, {"Tags", CreationTags(spec, context)}});
  if (!tagged) return Fail(tagged.error());
  return {};
}

// The rules of one group as one resource: adopted when the group has exactly the planned
// rules; Create converges it (authorises what is missing, revokes anything else).
class SecurityGroupRulesHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string group_id = Text(spec.properties, "security_group");
    if (group_id.empty()) return std::optional<ResourceState>();
    auto current = DescribeRules(context, group_id);
    if (!current) return Fail(current.error());
    if (!current->has_value()) return std::optional<ResourceState>();
    const std::vector<Rule> planned = PlannedRules(spec.properties);
    for (const auto& rule : planned) {
      if (!ContainsRule(**current, rule)) return std::optional<ResourceState>();
    }
    for (const auto& rule : **current) {
      if (!ContainsRule(planned, rule)) return std::optional<ResourceState>();
    }
    return std::optional<ResourceState>(StateOf(group_id, planned));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string group_id = Text(spec.properties, "security_group");
    auto current = DescribeRules(context, group_id);
    if (!current) return Fail(current.error());
    if (!current->has_value()) {
      return Fail(Error::NotFound("security group " + group_id + " does not exist"));
    }
    const std::vector<Rule> planned = PlannedRules(spec.properties);
    for (const auto& rule : planned) {
      if (ContainsRule(**current, rule)) continue;
      // Authorising is idempotent in effect: a repeat answers InvalidPermission.Duplicate.
      auto output =
          CallFor(context, group_id, "ec2",
                  rule.egress ? "AuthorizeSecurityGroupEgress" : "AuthorizeSecurityGroupIngress",
                  {{"GroupId", group_id},
                   {"IpPermissions", {rule.Permission()}},
                   {"TagSpecifications",
                    TagSpecifications("security-group-rule", CreationTags(spec, context))}});
      if (!output && AwsCodeOf(output.error()) != "InvalidPermission.Duplicate") {
        return Fail(output.error());
      }
    }
    // Anything else (AWS's default egress rule is one of ours) would widen access.
    for (const auto& rule : **current) {
      if (ContainsRule(planned, rule)) continue;
      if (auto revoked = Revoke(context, group_id, rule); !revoked) return Fail(revoked.error());
    }
    if (auto tagged = TagRules(spec, context, group_id); !tagged) return Fail(tagged.error());
    return StateOf(group_id, planned);
  }

  // Find adopts only exactly the planned rules, so "found" is "in sync".
  Result<bool> InSync(const ResolvedSpec& spec, const ResourceState&,
                      ResourceContext& context) override {
    auto found = Find(spec, context);
    if (!found) return Fail(found.error());
    return found->has_value();
  }

  // Create converges: authorises what is missing and revokes the rest (replaced ingress
  // CIDRs included).
  Result<ResourceState> Reconcile(const ResolvedSpec& spec, const ResourceState&,
                                  ResourceContext& context) override {
    return Create(spec, context);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    // The self-referencing rules go first, so the group itself can be deleted.
    const std::string group_id = state.attributes.value("security_group", "");
    for (const auto& rule : RulesFromJson(state.attributes.value("rules", json::array()))) {
      if (auto revoked = Revoke(context, group_id, rule); !revoked) return revoked;
    }
    return {};
  }

 private:
  static Status Revoke(ResourceContext& context, const std::string& group_id, const Rule& rule) {
    auto output = CallFor(context, group_id, "ec2",
                          rule.egress ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress",
                          {{"GroupId", group_id}, {"IpPermissions", {rule.Permission()}}});
    if (!output && AwsCodeOf(output.error()) == "InvalidPermission.NotFound") return {};
    return GoneIsFine(output);
  }

  static ResourceState StateOf(const std::string& group_id, const std::vector<Rule>& rules) {
    json rules_json = json::array();
    for (const auto& rule : rules) rules_json.push_back(rule.ToJson());
    return {group_id + "/rules", {{"security_group", group_id}, {"rules", rules_json}}};
  }
};

}  // namespace

ResourceHandler& SecurityGroupHandler() {
  static SecurityGroupHandlerImpl handler;
  return handler;
}

ResourceHandler& SecurityGroupRulesHandler() {
  static SecurityGroupRulesHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
