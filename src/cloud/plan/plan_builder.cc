#include "cloud/plan/plan_builder.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "cloud/plan/resource_names.h"
#include "cloud/policy/required_actions.h"

namespace raycloud::cloud {

using nlohmann::json;

void PlanBuilder::Add(std::string logical_name, std::string_view kind,
                      std::vector<std::string> depends_on, json properties) {
  for (auto& ref : RefsIn(properties)) {
    if (std::find(depends_on.begin(), depends_on.end(), ref) == depends_on.end()) {
      depends_on.push_back(std::move(ref));
    }
  }
  resources_.push_back(
      {std::move(logical_name), std::string(kind), std::move(depends_on), std::move(properties)});
}

json PlanBuilder::Tags(std::string_view role) const {
  json tags = json::array();
  auto add = [&tags](std::string_view key, std::string_view value) {
    tags.push_back({{"Key", key}, {"Value", value}});
  };
  add(kCloudIdTag, identity_.cloud_id);
  add("raycloud-cloud-name", options_.name);
  add("raycloud-org-id", identity_.org_id);
  add("Name", NameTag(options_.name, role));
  for (const auto& tag : options_.tags) add(tag.key, tag.value);
  return tags;
}

Result<std::vector<std::string>> ChooseZones(const SetupOptions& options,
                                             const std::vector<Az>& azs) {
  constexpr size_t kDefaultZones = 3;
  if (!options.availability_zones.empty()) {
    if (!azs.empty()) {
      for (const auto& zone : options.availability_zones) {
        auto found =
            std::find_if(azs.begin(), azs.end(), [&](const Az& az) { return az.name == zone; });
        if (found == azs.end()) {
          std::vector<std::string> known;
          for (const auto& az : azs) known.push_back(az.name);
          Error error = Error::Invalid(
              fmt::format("--availability-zones: '{}' does not exist in region {} (available: {})",
                          zone, options.region, fmt::join(known, ", ")));
          error.details["flag"] = "--availability-zones";
          return Fail(std::move(error));
        }
      }
    }
    return options.availability_zones;
  }
  // The default is the first zones by zone id: zone names are shuffled per account, zone
  // ids are not, so every account gets the same physical zones.
  std::vector<Az> sorted = azs;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Az& a, const Az& b) { return a.zone_id < b.zone_id; });
  if (sorted.size() < static_cast<size_t>(kMinAvailabilityZones)) {
    return Fail(Error::Invalid(
        fmt::format("--availability-zones: region {} offers {} zones; a cloud needs at least {}",
                    options.region, sorted.size(), kMinAvailabilityZones)));
  }
  std::vector<std::string> zones;
  for (size_t i = 0; i < std::min(kDefaultZones, sorted.size()); ++i) {
    zones.push_back(sorted[i].name);
  }
  return zones;
}

PolicyParams PolicyParamsFor(const SetupOptions& options, const CloudIdentity& identity) {
  PolicyParams params;
  params.partition = identity.partition;
  params.account_id = identity.account_id;
  params.region = identity.region.empty() ? options.region : identity.region;
  params.cloud_id = identity.cloud_id;
  params.bucket_name =
      options.bucket_name.empty() ? DefaultBucketName(identity.cloud_id) : options.bucket_name;
  const std::string iam_prefix = "arn:" + identity.partition + ":iam::" + identity.account_id;
  params.control_plane_role_arn = iam_prefix + ":role/" + ControlPlaneRoleName(options.name);
  params.instance_role_arn = iam_prefix + ":role/" + InstanceRoleName(options.name);
  params.instance_profile_name = InstanceRoleName(options.name);
  params.external_id = identity.external_id;
  params.control_plane_principal = options.control_plane_principal.empty()
                                       ? identity.account_id
                                       : options.control_plane_principal;
  params.kms_key_id = options.kms_key_id;
  params.enable_ecr_access = options.enable_ecr_access;
  return params;
}

Result<CloudPlan> BuildPlan(const SetupOptions& options, const CloudIdentity& given_identity,
                            const std::vector<Az>& azs) {
  CloudIdentity identity = given_identity;
  if (identity.region.empty()) identity.region = options.region;
  auto zones = ChooseZones(options, azs);
  if (!zones) return Fail(zones.error());

  CloudPlan plan;
  plan.policy_params = PolicyParamsFor(options, identity);
  PlanNames& names = plan.names;
  names.zones = *zones;
  names.bucket = plan.policy_params.bucket_name;
  names.control_plane_role = ControlPlaneRoleName(options.name);
  names.control_plane_role_arn = plan.policy_params.control_plane_role_arn;
  names.instance_role = InstanceRoleName(options.name);
  names.instance_role_arn = plan.policy_params.instance_role_arn;
  names.instance_profile_arn = "arn:" + identity.partition + ":iam::" + identity.account_id +
                               ":instance-profile/" + names.instance_role;
  names.security_group = SecurityGroupName(options.name);
  if (options.enable_head_node_fault_tolerance) {
    names.memorydb_cluster = MemoryDbName(options.name, "memorydb");
  }

  if (options.enable_head_node_fault_tolerance) {
    for (const auto& zone : names.zones) {
      auto az = std::find_if(azs.begin(), azs.end(), [&](const Az& a) { return a.name == zone; });
      if (az == azs.end() || az->memorydb_supported)
        names.memorydb_subnets.push_back("subnet-" + zone);
    }
    if (names.memorydb_subnets.empty()) {
      Error error = Error::Invalid(fmt::format(
          "--enable-head-node-fault-tolerance: MemoryDB is not offered in any of the zones {}; "
          "choose others with --availability-zones",
          fmt::join(names.zones, ", ")));
      error.details["flag"] = "--enable-head-node-fault-tolerance";
      return Fail(std::move(error));
    }
  }

  PlanBuilder builder(options, identity, names);
  if (auto status = AddNetwork(builder); !status) return Fail(status.error());
  AddIdentity(builder, plan.policy_params);
  AddStorage(builder, plan.policy_params);
  plan.resources = builder.TakeResources();
  for (const auto& resource : plan.resources) {
    plan.dag.Add(resource.logical_name, resource.depends_on);
  }
  if (auto status = plan.dag.Validate(); !status) {
    return Fail(Error::Internal("the cloud plan is not a valid graph: " + status.error().message));
  }
  return plan;
}

}  // namespace raycloud::cloud
