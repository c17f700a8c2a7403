#include "cloud/plan/cloud_plan.h"

#include <algorithm>

#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

void CollectRefs(const nlohmann::json& value, std::vector<std::string>& out) {
  if (value.is_object()) {
    if (value.size() == 1 && value.contains("ref") && value["ref"].is_string()) {
      auto name = value["ref"].get<std::string>();
      if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(std::move(name));
      return;
    }
    for (const auto& [key, member] : value.items()) CollectRefs(member, out);
  } else if (value.is_array()) {
    for (const auto& member : value) CollectRefs(member, out);
  }
}

}  // namespace

const ResourceSpec* CloudPlan::Find(std::string_view logical_name) const {
  for (const auto& resource : resources) {
    if (resource.logical_name == logical_name) return &resource;
  }
  return nullptr;
}

std::vector<const ResourceSpec*> CloudPlan::OfKind(std::string_view kind) const {
  std::vector<const ResourceSpec*> out;
  for (const auto& resource : resources) {
    if (resource.kind == kind) out.push_back(&resource);
  }
  return out;
}

double ProvisioningDelaySeconds(std::string_view resource_kind) {
  if (resource_kind == kind::kNatGateway) return 60;
  if (resource_kind == kind::kEfsFileSystem) return 10;
  if (resource_kind == kind::kEfsMountTarget) return 90;
  if (resource_kind == kind::kMemoryDbCluster) return 600;
  return 0;
}

double CriticalPathSeconds(const CloudPlan& plan) {
  return plan.dag.CriticalPath([&plan](const std::string& name) {
    const ResourceSpec* resource = plan.Find(name);
    return resource ? ProvisioningDelaySeconds(resource->kind) : 0.0;
  });
}

nlohmann::json Ref(std::string_view logical_name) { return {{"ref", logical_name}}; }

std::vector<std::string> RefsIn(const nlohmann::json& value) {
  std::vector<std::string> out;
  CollectRefs(value, out);
  return out;
}

}  // namespace raycloud::cloud
