#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cloud/dag.h"
#include "cloud/plan/setup_options.h"
#include "cloud/policy/policy_documents.h"

namespace raycloud::cloud {

/// Who and where a cloud is: fixed when setup starts.
struct CloudIdentity {
  std::string cloud_id;  // cld_...
  std::string org_id;    // org_...
  std::string account_id;
  std::string partition = "aws";
  std::string region;
  std::string external_id;
};

/// An availability zone of the region, as DescribeAvailabilityZones reports it.
struct Az {
  std::string name;     // us-west-2a
  std::string zone_id;  // usw2-az1
  /// MemoryDB is not offered in every zone (DescribeSubnetGroups' SupportedNetworkTypes
  /// or a failed CreateSubnetGroup tell); its subnet group leaves such zones out.
  bool memorydb_supported = true;
};

/// One resource `cloud setup` creates. `properties` says what to create, in the shapes of
/// the AWS APIs where one exists (CIDRs, AZ, names, tags as [{"Key","Value"}], policy
/// documents). A value `{"ref": NAME}` stands for the AWS id of the resource NAME once it
/// exists; every NAME referenced is in `depends_on`.
struct ResourceSpec {
  std::string logical_name;  // "subnet-us-west-2a"; the Name tag is <cloud-name>-<logical>
  std::string kind;          // resource_kinds.h
  std::vector<std::string> depends_on;
  nlohmann::json properties = nlohmann::json::object();
};

/// The names and ARNs the plan gives its resources (known before anything exists).
struct PlanNames {
  std::vector<std::string> zones;  // the cluster subnets' AZs, in order
  std::string bucket;
  std::string control_plane_role;
  std::string control_plane_role_arn;
  std::string instance_role;  // also the instance profile's name
  std::string instance_role_arn;
  std::string instance_profile_arn;
  std::string security_group;
  std::string memorydb_cluster;               // empty without head-node fault tolerance
  std::vector<std::string> memorydb_subnets;  // cluster subnets in zones MemoryDB offers
  std::vector<std::string> cluster_subnets;   // logical names, one per zone
  std::vector<std::string> nat_subnets;       // logical names (private mode)
};

/// Everything `cloud setup` creates, as data: resources in creation order and the graph.
struct CloudPlan {
  std::vector<ResourceSpec> resources;
  Dag dag;
  PlanNames names;
  PolicyParams policy_params;

  /// The resource named `logical_name`, or nullptr.
  const ResourceSpec* Find(std::string_view logical_name) const;
  /// The resources of one kind, in plan order.
  std::vector<const ResourceSpec*> OfKind(std::string_view kind) const;
};

/// Builds the plan for `options` (already validated) in the account and region of
/// `identity`. `azs` are the region's zones: chosen zones must be among them (an error
/// of kind kInvalidArgument otherwise), and without --availability-zones the first 3 by
/// zone id are used. An empty `azs` trusts the chosen zones as given (offline export).
Result<CloudPlan> BuildPlan(const SetupOptions& options, const CloudIdentity& identity,
                            const std::vector<Az>& azs);

/// The zones the cluster subnets go to (see BuildPlan).
Result<std::vector<std::string>> ChooseZones(const SetupOptions& options,
                                             const std::vector<Az>& azs);

/// The parameters of the cloud's policy documents.
PolicyParams PolicyParamsFor(const SetupOptions& options, const CloudIdentity& identity);

/// Typical seconds from create call to usable, per kind (NAT gateway 60, EFS 10, mount
/// target 90, MemoryDB cluster 600, others 0).
double ProvisioningDelaySeconds(std::string_view kind);

/// The longest chain of provisioning delays through the plan's graph.
double CriticalPathSeconds(const CloudPlan& plan);

/// The AWS calls (service:Operation) that create `resource`, for `setup --dry-run`.
std::vector<std::string> CreateCalls(const ResourceSpec& resource);

/// `{"ref": logical_name}`.
nlohmann::json Ref(std::string_view logical_name);
/// Every logical name referenced anywhere in `value`, in order of appearance.
std::vector<std::string> RefsIn(const nlohmann::json& value);

}  // namespace raycloud::cloud
