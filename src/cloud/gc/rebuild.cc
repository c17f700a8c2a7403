#include "cloud/gc/rebuild.h"

#include <algorithm>

#include "cloud/exec/handlers/handler_support.h"
#include "cloud/plan/resource_kinds.h"
#include "cloud/plan/resource_names.h"
#include "common/strings.h"
#include "net/cidr.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;

const TaggedResource* FirstWithRole(const std::vector<TaggedResource>& resources,
                                    std::string_view role) {
  for (const auto& resource : resources) {
    if (resource.Role() == role) return &resource;
  }
  return nullptr;
}

const TaggedResource* FirstOfKind(const std::vector<TaggedResource>& resources,
                                  std::string_view resource_kind) {
  for (const auto& resource : resources) {
    if (resource.kind == resource_kind) return &resource;
  }
  return nullptr;
}

// Tags raycloud writes itself; every other tag came from --tag.
bool IsRaycloudTag(std::string_view key) {
  return key == handlers::kCloudIdTag || key == "raycloud-cloud-name" || key == "raycloud-org-id" ||
         key == "raycloud-retained" || key == "Name";
}

// The zones of the cluster subnets ("subnet-<zone>") in the order of their CIDR blocks:
// the plan gives block i to the i-th zone, so that order rebuilds the same layout.
std::vector<std::string> ClusterZones(const std::vector<TaggedResource>& resources) {
  std::vector<std::pair<uint32_t, std::string>> blocks;
  for (const auto& resource : resources) {
    const std::string role = resource.Role();
    if (resource.kind != kind::kSubnet || !role.starts_with("subnet-")) continue;
    auto cidr = net::Ipv4Cidr::Parse(resource.details.value("cidr", ""));
    std::string zone = resource.details.value("zone", role.substr(7));
    blocks.emplace_back(cidr ? cidr->address() : 0, std::move(zone));
  }
  std::sort(blocks.begin(), blocks.end());
  std::vector<std::string> zones;
  for (auto& [address, zone] : blocks) zones.push_back(std::move(zone));
  return zones;
}

// The trust statement's AWS principal and external id condition.
std::pair<std::string, std::string> TrustOf(const std::vector<TaggedResource>& resources) {
  const TaggedResource* role = FirstWithRole(resources, "control-plane-role");
  if (role == nullptr) return {};
  const json policy = role->details.value("trust_policy", json());
  if (!policy.is_object()) return {};
  json statements = policy.value("Statement", json::array());
  if (statements.is_object()) statements = json::array({statements});
  for (const auto& statement : statements) {
    const json principal = statement.value("Principal", json::object());
    json aws = principal.is_object() ? principal.value("AWS", json()) : json();
    if (aws.is_array() && !aws.empty()) aws = aws[0];
    const json condition =
        statement.value("Condition", json::object()).value("StringEquals", json::object());
    json external = condition.value("sts:ExternalId", json());
    if (external.is_array() && !external.empty()) external = external[0];
    return {aws.is_string() ? aws.get<std::string>() : "",
            external.is_string() ? external.get<std::string>() : ""};
  }
  return {};
}

}  // namespace

std::string AccountOfResources(const std::vector<TaggedResource>& resources) {
  for (const auto& resource : resources) {
    auto parts = strings::Split(resource.details.value("arn", ""), ':');
    if (parts.size() >= 6 && parts[0] == "arn" && parts[2] == "iam" && parts[4].size() == 12) {
      return std::string(parts[4]);
    }
  }
  return "";
}

std::string ExternalIdOfResources(const std::vector<TaggedResource>& resources) {
  return TrustOf(resources).second;
}

SetupOptions RebuildOptions(const OrphanCloud& cloud, std::string_view region) {
  const auto& resources = cloud.resources;
  SetupOptions options;
  options.name = cloud.cloud_name;
  options.region = std::string(region);
  if (const auto* vpc = FirstOfKind(resources, kind::kVpc)) {
    options.vpc_cidr = vpc->details.value("cidr", options.vpc_cidr);
  }
  options.availability_zones = ClusterZones(resources);
  size_t nat_subnets = 0;
  for (const auto& resource : resources) {
    if (resource.kind == kind::kSubnet && resource.Role().starts_with("nat-subnet-")) ++nat_subnets;
  }
  options.private_network = nat_subnets > 0 || FirstOfKind(resources, kind::kNatGateway);
  if (options.private_network && nat_subnets == 1 && options.availability_zones.size() > 1) {
    options.nat_gateways = kNatSingle;
  }
  if (FirstOfKind(resources, kind::kEfsFileSystem)) options.shared_storage = kSharedStorageNfs;
  const auto* memorydb = FirstOfKind(resources, kind::kMemoryDbCluster);
  if (memorydb || FirstOfKind(resources, kind::kMemoryDbSubnetGroup)) {
    options.enable_head_node_fault_tolerance = true;
    if (memorydb) {
      options.memorydb_node_type = memorydb->details.value("node_type", options.memorydb_node_type);
    }
  }
  // The default name is stored as "" (setup's own form), so only another name is kept.
  if (const auto* bucket = FirstOfKind(resources, kind::kBucket);
      bucket && bucket->id != DefaultBucketName(cloud.cloud_id)) {
    options.bucket_name = bucket->id;
  }
  if (const auto* group = FirstOfKind(resources, kind::kSecurityGroup)) {
    const json cidrs = group->details.value("ingress_cidrs", json::array());
    if (!cidrs.empty()) options.ingress_cidrs = cidrs.get<std::vector<std::string>>();
  }
  const std::string account = AccountOfResources(resources);
  if (auto principal = TrustOf(resources).first;
      !principal.empty() && principal != account && !principal.ends_with(":" + account + ":root")) {
    options.control_plane_principal = principal;
  }
  // Every resource carries the same --tag list; the VPC's (or any) is as good as another.
  const auto* tagged = FirstOfKind(resources, kind::kVpc);
  if (tagged == nullptr && !resources.empty()) tagged = &resources.front();
  if (tagged != nullptr) {
    for (const auto& tag : tagged->tags) {
      const std::string key = tag.value("Key", "");
      if (!IsRaycloudTag(key)) options.tags.push_back({key, tag.value("Value", "")});
    }
  }
  return options;
}

store::CloudRecord RebuildRecord(const OrphanCloud& cloud, std::string_view region,
                                 std::string_view org_id) {
  store::CloudRecord record;
  record.id = cloud.cloud_id;
  record.org_id = std::string(org_id);
  record.name = cloud.cloud_name;
  record.region = std::string(region);
  record.status = store::CloudStatus::kCreating;
  record.managed = true;
  record.external_id = ExternalIdOfResources(cloud.resources);
  record.options = SetupOptionsToJson(RebuildOptions(cloud, region));
  return record;
}

}  // namespace raycloud::cloud
