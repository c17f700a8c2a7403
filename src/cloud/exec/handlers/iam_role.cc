// The control-plane and cluster-node roles and their inline policies
// (cloud-resources.md, "Identity").
#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

// A JSON property that the API takes as a string (policy documents).
std::string DocumentText(const json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// Every page of a list call; the list under `key`.
Result<json> ListAll(ResourceContext& context, const std::string& role, std::string_view operation,
                     std::string_view key) {
  auto output = context.aws.CallAll("iam", operation, {{"RoleName", role}});
  if (!output) return Fail(About(output.error(), role));
  return output->value(std::string(key), json::array());
}

class IamRoleHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string name = Text(spec.properties, "role_name");
    auto output = CallFor(context, name, "iam", "GetRole", {{"RoleName", name}});
    if (!output) {
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(output.error());
    }
    const json role = output->value("Role", json::object());
    json tags = role.value("Tags", json());
    if (!tags.is_array()) {
      auto listed = ListAll(context, name, "ListRoleTags", "Tags");
      if (!listed) return Fail(listed.error());
      tags = *listed;
    }
    if (auto owned = CheckOwned(tags, context, "IAM role " + name); !owned) {
      return Fail(owned.error());
    }
    return std::optional<ResourceState>(StateOf(role));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string name = Text(spec.properties, "role_name");
    json params = {
        {"RoleName", name},
        {"AssumeRolePolicyDocument",
         DocumentText(spec.properties.value("assume_role_policy_document", json::object()))},
        {"Tags", CreationTags(spec, context)}};
    if (const std::string description = Text(spec.properties, "description");
        !description.empty()) {
      params["Description"] = description;
    }
    if (spec.properties.contains("max_session_duration")) {
      params["MaxSessionDuration"] = spec.properties["max_session_duration"];
    }
    // No token: after an ambiguous failure the executor finds the role by name instead.
    auto output = CallFor(context, name, "iam", "CreateRole", params, Once());
    if (!output) return Fail(output.error());
    return StateOf(output->value("Role", json::object()));
  }

  // The trust policy is what an update may have to change (a new principal or condition);
  // tags changes come from the options and need no comparison.
  Result<bool> InSync(const ResolvedSpec& spec, const ResourceState& state,
                      ResourceContext& context) override {
    auto output = CallFor(context, state.physical_id, "iam", "GetRole",
                          {{"RoleName", state.physical_id}});
    if (!output) return Fail(output.error());
    const json role = output->value("Role", json::object());
    return PolicyJson(role.value("AssumeRolePolicyDocument", json())) ==
           PolicyJson(spec.properties.value("assume_role_policy_document", json()));
  }

  Result<ResourceState> Reconcile(const ResolvedSpec& spec, const ResourceState& state,
                                  ResourceContext& context) override {
    auto trust = CallFor(
        context, state.physical_id, "iam", "UpdateAssumeRolePolicy",
        {{"RoleName", state.physical_id},
         {"PolicyDocument",
          DocumentText(spec.properties.value("assume_role_policy_document", json::object()))}});
    if (!trust) return Fail(trust.error());
    if (auto tagged = ApplyPlannedTags(spec, state, context); !tagged) return Fail(tagged.error());
    return state;
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    const std::string& name = state.physical_id;
    // IAM refuses to delete a role that still has policies or instance profiles.
    auto inline_policies = ListAll(context, name, "ListRolePolicies", "PolicyNames");
    if (!inline_policies) return GoneIsFine(inline_policies);
    for (const auto& policy : *inline_policies) {
      auto deleted = GoneIsFine(CallFor(context, name, "iam", "DeleteRolePolicy",
                                        {{"RoleName", name}, {"PolicyName", policy}}));
      if (!deleted) return deleted;
    }
    auto attached = ListAll(context, name, "ListAttachedRolePolicies", "AttachedPolicies");
    if (!attached) return GoneIsFine(attached);
    for (const auto& policy : *attached) {
      auto detached =
          GoneIsFine(CallFor(context, name, "iam", "DetachRolePolicy",
                             {{"RoleName", name}, {"PolicyArn", policy.value("PolicyArn", "")}}));
      if (!detached) return detached;
    }
    auto profiles = ListAll(context, name, "ListInstanceProfilesForRole", "InstanceProfiles");
    if (!profiles) return GoneIsFine(profiles);
    for (const auto& profile : *profiles) {
      auto removed = GoneIsFine(CallFor(
          context, name, "iam", "RemoveRoleFromInstanceProfile",
          {{"RoleName", name}, {"InstanceProfileName", profile.value("InstanceProfileName", "")}}));
      if (!removed) return removed;
    }
    return GoneIsFine(CallFor(context, name, "iam", "DeleteRole", {{"RoleName", name}}, Once()));
  }

 private:
  static ResourceState StateOf(const json& role) {
    return {role.value("RoleName", ""),
            {{"arn", role.value("Arn", "")}, {"role_id", role.value("RoleId", "")}}};
  }
};

// An inline policy: "<role name>/<policy name>". PutRolePolicy replaces the document, so
// Create doubles as the repair of a drifted one.
class IamRolePolicyHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string role = RoleOf(spec);
    const std::string policy = Text(spec.properties, "policy_name");
    if (role.empty()) return std::optional<ResourceState>();
    auto output = CallFor(context, role + "/" + policy, "iam", "GetRolePolicy",
                          {{"RoleName", role}, {"PolicyName", policy}});
    if (!output) {
      if (IsNotFound(output.error())) return std::optional<ResourceState>();
      return Fail(output.error());
    }
    // A document other than the plan's is treated as missing: Create puts the plan's.
    const json planned = PolicyJson(spec.properties.value("policy_document", json()));
    if (PolicyJson(output->value("PolicyDocument", json())) != planned) {
      return std::optional<ResourceState>();
    }
    return std::optional<ResourceState>(StateOf(role, policy));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string role = RoleOf(spec);
    const std::string policy = Text(spec.properties, "policy_name");
    // Idempotent (a put), so the client's own retries are safe.
    auto output = CallFor(
        context, role + "/" + policy, "iam", "PutRolePolicy",
        {{"RoleName", role},
         {"PolicyName", policy},
         {"PolicyDocument", DocumentText(spec.properties.value("policy_document", json()))}});
    if (!output) return Fail(output.error());
    return StateOf(role, policy);
  }

  // Find adopts only the planned document, so "found" is "in sync".
  Result<bool> InSync(const ResolvedSpec& spec, const ResourceState&,
                      ResourceContext& context) override {
    auto found = Find(spec, context);
    if (!found) return Fail(found.error());
    return found->has_value();
  }

  // PutRolePolicy replaces the document.
  Result<ResourceState> Reconcile(const ResolvedSpec& spec, const ResourceState&,
                                  ResourceContext& context) override {
    return Create(spec, context);
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    const std::string role = state.attributes.value("role_name", "");
    const std::string policy = state.attributes.value("policy_name", "");
    return GoneIsFine(CallFor(context, state.physical_id, "iam", "DeleteRolePolicy",
                              {{"RoleName", role}, {"PolicyName", policy}}));
  }

 private:
  // The resolved role reference is the role's name; `role_name` says the same up front.
  static std::string RoleOf(const ResolvedSpec& spec) {
    std::string role = Text(spec.properties, "role");
    return role.empty() ? Text(spec.properties, "role_name") : role;
  }
  static ResourceState StateOf(const std::string& role, const std::string& policy) {
    return {role + "/" + policy, {{"role_name", role}, {"policy_name", policy}}};
  }
};

}  // namespace

ResourceHandler& IamRoleHandler() {
  static IamRoleHandlerImpl handler;
  return handler;
}

ResourceHandler& IamRolePolicyHandler() {
  static IamRolePolicyHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
