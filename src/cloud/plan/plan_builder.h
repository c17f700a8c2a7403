#pragma once

// Internal to src/cloud/plan: the pieces BuildPlan assembles, one file per area.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cloud/plan/cloud_plan.h"

namespace raycloud::cloud {

/// Collects resources in creation order while the plan is built.
class PlanBuilder {
 public:
  PlanBuilder(const SetupOptions& options, const CloudIdentity& identity, PlanNames& names)
      : options_(options), identity_(identity), names_(names) {}

  /// Appends a resource; every {"ref"} in `properties` is added to its dependencies.
  void Add(std::string logical_name, std::string_view kind, std::vector<std::string> depends_on,
           nlohmann::json properties);

  /// The tags of a resource with role `role` (cloud-resources.md, "Tags"), in order:
  /// raycloud-cloud-id, raycloud-cloud-name, raycloud-org-id, Name, then the user's.
  nlohmann::json Tags(std::string_view role) const;

  const SetupOptions& options() const { return options_; }
  const CloudIdentity& identity() const { return identity_; }
  PlanNames& names() { return names_; }
  std::vector<ResourceSpec> TakeResources() { return std::move(resources_); }

 private:
  const SetupOptions& options_;
  const CloudIdentity& identity_;
  PlanNames& names_;
  std::vector<ResourceSpec> resources_;
};

/// VPC, subnets, gateways, route tables, S3 endpoint and security group.
Status AddNetwork(PlanBuilder& builder);
/// The control-plane and cluster-node roles, their policies and the instance profile.
void AddIdentity(PlanBuilder& builder, const PolicyParams& params);
/// The bucket and its settings; EFS and MemoryDB when asked for.
void AddStorage(PlanBuilder& builder, const PolicyParams& params);

}  // namespace raycloud::cloud
