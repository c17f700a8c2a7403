#include "cloud/plan/resource_names.h"

#include <openssl/sha.h>

#include "cloud/names.h"
#include "common/strings.h"

namespace raycloud::cloud {
namespace {

constexpr size_t kIamRoleNameMax = 64;
constexpr size_t kSecurityGroupNameMax = 255;
constexpr size_t kMemoryDbNameMax = 40;

}  // namespace

std::string DefaultBucketName(std::string_view cloud_id) {
  std::string_view id = cloud_id;
  if (id.starts_with("cld_")) id.remove_prefix(4);
  return "raycloud-data-" + std::string(id);
}

std::string ControlPlaneRoleName(std::string_view cloud_name) {
  return ResourceName(cloud_name, "control-plane", kIamRoleNameMax);
}

std::string InstanceRoleName(std::string_view cloud_name) {
  return ResourceName(cloud_name, "instance", kIamRoleNameMax);
}

std::string SecurityGroupName(std::string_view cloud_name) {
  std::string name = ResourceName(cloud_name, "security-group", kSecurityGroupNameMax);
  // A cloud named "sg-..." would give a name AWS refuses (it looks like a group id).
  if (name.starts_with("sg-")) name = "raycloud-" + name;
  return name;
}

std::string MemoryDbName(std::string_view cloud_name, std::string_view role) {
  return ResourceName(cloud_name, role, kMemoryDbNameMax);
}

std::string NameTag(std::string_view cloud_name, std::string_view role) {
  return std::string(cloud_name) + "-" + std::string(role);
}

std::string ClientToken(std::string_view cloud_id, std::string_view logical_name) {
  // Hashed so the token stays within every service's limit (EC2: 64 ASCII characters).
  std::string input = std::string(cloud_id) + "/" + std::string(logical_name);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
  return "raycloud-" + strings::HexEncode(std::string_view(reinterpret_cast<char*>(digest), 24));
}

}  // namespace raycloud::cloud
