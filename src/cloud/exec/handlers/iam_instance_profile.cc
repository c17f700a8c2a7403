// The cluster nodes' instance profile, named like their role (cloud-resources.md,
// "Identity").
#include <algorithm>
#include <chrono>

#include "cloud/exec/aws_lookup.h"
#include "cloud/exec/handlers/handler_support.h"
#include "cloud/exec/handlers/handlers.h"

namespace raycloud::cloud::handlers {
namespace {

using json = nlohmann::json;

class IamInstanceProfileHandlerImpl final : public ResourceHandler {
 public:
  Result<std::optional<ResourceState>> Find(const ResolvedSpec& spec,
                                            ResourceContext& context) override {
    const std::string name = Text(spec.properties, "instance_profile_name");
    auto profile = Get(context, name);
    if (!profile) {
      if (IsNotFound(profile.error())) return std::optional<ResourceState>();
      return Fail(profile.error());
    }
    json tags = profile->value("Tags", json());
    if (!tags.is_array()) {
      auto listed =
          context.aws.CallAll("iam", "ListInstanceProfileTags", {{"InstanceProfileName", name}});
      if (!listed) return Fail(About(listed.error(), name));
      tags = listed->value("Tags", json::array());
    }
    if (auto owned = CheckOwned(tags, context, "IAM instance profile " + name); !owned) {
      return Fail(owned.error());
    }
    return std::optional<ResourceState>(StateOf(*profile));
  }

  Result<ResourceState> Create(const ResolvedSpec& spec, ResourceContext& context) override {
    const std::string name = Text(spec.properties, "instance_profile_name");
    // No token: after an ambiguous failure the executor finds the profile by name instead.
    auto output =
        CallFor(context, name, "iam", "CreateInstanceProfile",
                {{"InstanceProfileName", name}, {"Tags", CreationTags(spec, context)}}, Once());
    if (!output) return Fail(output.error());
    return StateOf(output->value("InstanceProfile", json::object()));
  }

  // Adds the role (after a create and after an adoption alike, so an interrupted setup
  // still ends with it). The role may be seconds old: IAM answers NoSuchEntity until it
  // has propagated, so that one error is retried on the clock, up to the propagation time.
  Status WaitReady(const ResolvedSpec& spec, const ResourceState& state,
                   ResourceContext& context) override {
    const std::string role = RoleOf(spec);
    auto profile = Get(context, state.physical_id);
    if (!profile) return Fail(profile.error());
    for (const auto& existing : profile->value("Roles", json::array())) {
      if (existing.value("RoleName", "") == role) return {};
    }
    const auto deadline = context.clock.Now() + context.timing.iam_propagation;
    auto delay = std::chrono::milliseconds(500);
    while (true) {
      auto added = CallFor(context, state.physical_id, "iam", "AddRoleToInstanceProfile",
                           {{"InstanceProfileName", state.physical_id}, {"RoleName", role}});
      if (added) return {};
      if (AwsCodeOf(added.error()) != "NoSuchEntity" || context.clock.Now() + delay > deadline) {
        return Fail(added.error());
      }
      context.clock.SleepFor(delay);
      delay = std::min(delay * 2, std::chrono::milliseconds(8000));
    }
  }

  Status Delete(const ResourceState& state, ResourceContext& context) override {
    const std::string& name = state.physical_id;
    auto profile = Get(context, name);
    if (!profile) return GoneIsFine(profile);
    // IAM refuses to delete a profile that still holds a role.
    for (const auto& role : profile->value("Roles", json::array())) {
      auto removed = GoneIsFine(
          CallFor(context, name, "iam", "RemoveRoleFromInstanceProfile",
                  {{"InstanceProfileName", name}, {"RoleName", role.value("RoleName", "")}}));
      if (!removed) return removed;
    }
    return GoneIsFine(CallFor(context, name, "iam", "DeleteInstanceProfile",
                              {{"InstanceProfileName", name}}, Once()));
  }

 private:
  static Result<json> Get(ResourceContext& context, const std::string& name) {
    auto output =
        CallFor(context, name, "iam", "GetInstanceProfile", {{"InstanceProfileName", name}});
    if (!output) return output;
    return output->value("InstanceProfile", json::object());
  }
  static std::string RoleOf(const ResolvedSpec& spec) {
    std::string role = Text(spec.properties, "role");
    return role.empty() ? Text(spec.properties, "role_name") : role;
  }
  static ResourceState StateOf(const json& profile) {
    return {profile.value("InstanceProfileName", ""),
            {{"arn", profile.value("Arn", "")},
             {"instance_profile_id", profile.value("InstanceProfileId", "")}}};
  }
};

}  // namespace

ResourceHandler& IamInstanceProfileHandler() {
  static IamInstanceProfileHandlerImpl handler;
  return handler;
}

}  // namespace raycloud::cloud::handlers
