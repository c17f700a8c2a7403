#include "cloud/cloud_view.h"

#include <algorithm>

#include "cloud/plan/resource_kinds.h"
#include "cloud/plan/setup_options.h"
#include "cloud/plan/stored_cloud.h"

namespace raycloud::cloud {

using json = nlohmann::json;

namespace {

const store::ResourceRecord* FindRecord(const std::vector<store::ResourceRecord>& resources,
                                        std::string_view logical_name) {
  for (const auto& record : resources) {
    if (record.logical_name == logical_name && !record.physical_id.empty()) return &record;
  }
  return nullptr;
}

// Ordered by logical name, so the output does not depend on which concurrent create
// finished first.
json IdsOfKind(const std::vector<store::ResourceRecord>& resources, std::string_view kind) {
  std::vector<const store::ResourceRecord*> of_kind;
  for (const auto& record : resources) {
    if (record.kind == kind && !record.physical_id.empty()) of_kind.push_back(&record);
  }
  std::ranges::sort(of_kind, {}, &store::ResourceRecord::logical_name);
  json ids = json::array();
  for (const auto* record : of_kind) ids.push_back(record->physical_id);
  return ids;
}

json FirstOfKind(const std::vector<store::ResourceRecord>& resources, std::string_view kind) {
  json ids = IdsOfKind(resources, kind);
  return ids.empty() ? json(nullptr) : ids[0];
}

json IdsOf(const std::vector<store::ResourceRecord>& resources,
           const std::vector<std::string>& logical_names) {
  json ids = json::array();
  for (const auto& name : logical_names) {
    if (const auto* record = FindRecord(resources, name)) ids.push_back(record->physical_id);
  }
  return ids;
}

// A registered cloud's resources are its register flags, stored as options.
json RegisteredResourcesJson(const json& options) {
  auto value = [&](const char* key) {
    return options.contains(key) && !options[key].is_null() && options[key] != "" ? options[key]
                                                                                 : json(nullptr);
  };
  auto list = [&](const char* key) {
    return options.contains(key) && options[key].is_array() ? options[key] : json::array();
  };
  std::string instance_role = options.value("instance_role_arn", "");
  std::string profile_arn;
  if (size_t pos = instance_role.find(":role/"); pos != std::string::npos) {
    std::string name = instance_role.substr(instance_role.rfind('/') + 1);
    profile_arn = instance_role.substr(0, pos) + ":instance-profile/" + name;
  }
  return {{"vpc_id", value("vpc_id")},
          {"subnet_ids", list("subnet_ids")},
          {"nat_subnet_ids", json::array()},
          {"security_group_ids", list("security_group_ids")},
          {"internet_gateway_id", nullptr},
          {"nat_gateway_ids", json::array()},
          {"route_table_ids", json::array()},
          {"s3_vpc_endpoint_id", nullptr},
          {"s3_bucket", value("s3_bucket")},
          {"control_plane_role_arn", value("control_plane_role_arn")},
          {"instance_role_arn", value("instance_role_arn")},
          {"instance_profile_arn", profile_arn.empty() ? json(nullptr) : json(profile_arn)},
          {"efs_id", value("efs_id")},
          {"memorydb_cluster_name", value("memorydb_cluster_id")}};
}

}  // namespace

json ManagedResourcesJson(const PlanNames& names,
                          const std::vector<store::ResourceRecord>& resources) {
  // Names and ARNs are known from the plan; they are shown once the resource exists.
  auto if_recorded = [&](std::string_view logical_name, const std::string& value) {
    return FindRecord(resources, logical_name) ? json(value) : json(nullptr);
  };
  return {{"vpc_id", FirstOfKind(resources, kind::kVpc)},
          {"subnet_ids", IdsOf(resources, names.cluster_subnets)},
          {"nat_subnet_ids", IdsOf(resources, names.nat_subnets)},
          {"security_group_ids", IdsOfKind(resources, kind::kSecurityGroup)},
          {"internet_gateway_id", FirstOfKind(resources, kind::kInternetGateway)},
          {"nat_gateway_ids", IdsOfKind(resources, kind::kNatGateway)},
          {"route_table_ids", IdsOfKind(resources, kind::kRouteTable)},
          {"s3_vpc_endpoint_id", FirstOfKind(resources, kind::kVpcEndpoint)},
          {"s3_bucket", if_recorded("bucket", names.bucket)},
          {"control_plane_role_arn", if_recorded("control-plane-role", names.control_plane_role_arn)},
          {"instance_role_arn", if_recorded("instance-role", names.instance_role_arn)},
          {"instance_profile_arn", if_recorded("instance-profile", names.instance_profile_arn)},
          {"efs_id", FirstOfKind(resources, kind::kEfsFileSystem)},
          {"memorydb_cluster_name", if_recorded("memorydb-cluster", names.memorydb_cluster)}};
}

json CloudJson(const store::CloudRecord& cloud,
               const std::vector<store::ResourceRecord>& resources) {
  json resources_json;
  if (cloud.managed) {
    auto options = SetupOptionsFromJson(cloud.options);
    Result<CloudPlan> plan = options ? BuildPlan(*options, StoredIdentity(cloud, resources), {})
                                     : Result<CloudPlan>(Fail(options.error()));
    resources_json = plan ? ManagedResourcesJson(plan->names, resources) : json::object();
  } else {
    resources_json = RegisteredResourcesJson(cloud.options);
  }
  return {{"id", cloud.id},
          {"name", cloud.name},
          {"provider", cloud.provider},
          {"region", cloud.region},
          {"status", store::CloudStatusName(cloud.status)},
          {"external_id", cloud.external_id},
          {"resources", resources_json},
          {"created_at", cloud.created_at}};
}

}  // namespace raycloud::cloud
