#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace raycloud::cloud {

/// One AWS resource carrying a `raycloud-cloud-id` tag, as discovery found it.
struct TaggedResource {
  std::string cloud_id;    // the raycloud-cloud-id tag
  std::string cloud_name;  // the raycloud-cloud-name tag ("" when missing)
  std::string kind;        // resource_kinds.h
  std::string id;          // physical id: vpc-..., a role or bucket name, a MemoryDB name
  std::string name;        // the Name tag ("" when missing)
  nlohmann::json tags = nlohmann::json::array();  // [{"Key","Value"}]
  /// What rebuilding a cloud's options needs: "cidr", "zone", "ingress_cidrs", "arn",
  /// "trust_policy", "node_type", "holds_objects".
  nlohmann::json details = nlohmann::json::object();

  /// The resource's role in its cloud: the Name tag without "<cloud-name>-" (the plan's
  /// logical name), or "" when the Name tag does not follow that rule.
  std::string Role() const {
    const std::string prefix = cloud_name + "-";
    if (cloud_name.empty() || !name.starts_with(prefix)) return "";
    return name.substr(prefix.size());
  }
};

}  // namespace raycloud::cloud
