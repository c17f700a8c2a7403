#pragma once

#include <string>
#include <string_view>

namespace raycloud::cloud {

/// Names of a cloud's AWS resources, each valid for its service (cloud-resources.md).
/// `cloud_name` has passed ValidateCloudName.

/// raycloud-data-<cloud id without "cld_">.
std::string DefaultBucketName(std::string_view cloud_id);
/// IAM role names (64 chars at most); the instance profile shares the instance role's.
std::string ControlPlaneRoleName(std::string_view cloud_name);
std::string InstanceRoleName(std::string_view cloud_name);
/// A security group name: never starting with "sg-" (AWS reserves it).
std::string SecurityGroupName(std::string_view cloud_name);
/// MemoryDB names: at most 40 lowercase letters, digits and hyphens, starting with a
/// letter, no trailing or double hyphen.
std::string MemoryDbName(std::string_view cloud_name, std::string_view role);
/// The value of the Name tag: <cloud-name>-<role>.
std::string NameTag(std::string_view cloud_name, std::string_view role);
/// A client token for idempotent creates: stable per cloud and resource, 64 chars at most.
std::string ClientToken(std::string_view cloud_id, std::string_view logical_name);

}  // namespace raycloud::cloud
