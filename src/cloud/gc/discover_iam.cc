// Discovery of the IAM roles and instance profiles of raycloud clouds (`cloud gc`).
#include <set>

#include "cloud/exec/handlers/handler_support.h"
#include "cloud/gc/discovery.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud::discovery {
namespace {

using json = nlohmann::json;

// Roles raycloud creates describe themselves "raycloud ..." (plan_identity.cc); reading the
// tags of every other role of the account would cost one call each.
bool MaybeRaycloudRole(const json& role) {
  if (!role.contains("Description")) return true;
  return role.value("Description", "").starts_with("raycloud ");
}

Result<json> RoleTags(aws::AwsClient& aws, const std::string& role) {
  auto output = aws.CallAll("iam", "ListRoleTags", {{"RoleName", role}});
  if (!output) return Fail(output.error());
  return output->value("Tags", json::array());
}

// GetInstanceProfile carries the tags (and moto lacks ListInstanceProfileTags).
Result<json> ProfileTags(aws::AwsClient& aws, const std::string& profile) {
  auto output = aws.Call("iam", "GetInstanceProfile", {{"InstanceProfileName", profile}});
  if (!output) return Fail(output.error());
  json tags = output->value("InstanceProfile", json::object()).value("Tags", json());
  if (tags.is_array()) return tags;
  auto listed = aws.CallAll("iam", "ListInstanceProfileTags", {{"InstanceProfileName", profile}});
  if (!listed) return Fail(listed.error());
  return listed->value("Tags", json::array());
}

}  // namespace

Status DiscoverIam(aws::AwsClient& aws, std::vector<TaggedResource>& out) {
  auto roles = aws.CallAll("iam", "ListRoles", json::object());
  if (!roles) return Fail(roles.error());
  std::set<std::string> raycloud_roles;
  for (const auto& role : roles->value("Roles", json::array())) {
    const std::string name = role.value("RoleName", "");
    if (!MaybeRaycloudRole(role)) continue;
    auto tags = RoleTags(aws, name);
    if (!tags) {
      if (tags.error().error_class == ErrorClass::kNotFound) continue;  // deleted meanwhile
      return Fail(tags.error());
    }
    auto resource = FromTags(kind::kIamRole, name, *tags);
    if (!resource) continue;
    resource->details["arn"] = role.value("Arn", "");
    resource->details["trust_policy"] =
        handlers::PolicyJson(role.value("AssumeRolePolicyDocument", json()));
    raycloud_roles.insert(name);
    out.push_back(std::move(*resource));
  }

  auto profiles = aws.CallAll("iam", "ListInstanceProfiles", json::object());
  if (!profiles) return Fail(profiles.error());
  for (const auto& profile : profiles->value("InstanceProfiles", json::array())) {
    const std::string name = profile.value("InstanceProfileName", "");
    // Ours share the instance role's name; one left without a role (its role deleted, or a
    // crash before the role was added) is checked as well.
    if (!raycloud_roles.contains(name) && !profile.value("Roles", json::array()).empty()) continue;
    auto tags = ProfileTags(aws, name);
    if (!tags) {
      if (tags.error().error_class == ErrorClass::kNotFound) continue;
      return Fail(tags.error());
    }
    auto resource = FromTags(kind::kIamInstanceProfile, name, *tags);
    if (!resource) continue;
    resource->details["arn"] = profile.value("Arn", "");
    out.push_back(std::move(*resource));
  }
  return {};
}

}  // namespace raycloud::cloud::discovery
