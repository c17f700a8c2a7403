// SetupOptions <-> the JSON stored in CloudRecord::options. Keys are the flag names with
// underscores, so a stored record reads like the command line that made it.
#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <type_traits>

#include "cloud/plan/setup_options.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;

template <typename T>
Status Read(const json& object, const char* key, T& out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann casts a float (1e100) to int without a range check: undefined behaviour.
    const bool fits = (it->is_number_unsigned() &&
                       it->template get<uint64_t>() <= uint64_t{std::numeric_limits<T>::max()}) ||
                      (it->is_number_integer() && !it->is_number_unsigned() &&
                       it->template get<int64_t>() >= std::numeric_limits<T>::min() &&
                       it->template get<int64_t>() <= std::numeric_limits<T>::max());
    if (!fits) {
      return Fail(Error::Invalid(
          fmt::format("stored setup options: '{}' is not a whole number in range", key)));
    }
  }
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    return Fail(Error::Invalid(fmt::format("stored setup options: '{}' has the wrong type", key)));
  }
  return {};
}

}  // namespace

json SetupOptionsToJson(const SetupOptions& options) {
  json tags = json::array();
  for (const auto& tag : options.tags) tags.push_back({{"key", tag.key}, {"value", tag.value}});
  return {{"name", options.name},
          {"provider", options.provider},
          {"region", options.region},
          {"enable_head_node_fault_tolerance", options.enable_head_node_fault_tolerance},
          {"memorydb_node_type", options.memorydb_node_type},
          {"enable_versioning", options.enable_versioning},
          {"shared_storage", options.shared_storage},
          {"private_network", options.private_network},
          {"vpc_cidr", options.vpc_cidr},
          {"availability_zones", options.availability_zones},
          {"nat_gateways", options.nat_gateways},
          {"ingress_cidrs", options.ingress_cidrs},
          {"control_plane_principal", options.control_plane_principal},
          {"bucket_name", options.bucket_name},
          {"kms_key_id", options.kms_key_id},
          {"console_origins", options.console_origins},
          {"enable_ecr_access", options.enable_ecr_access},
          {"log_retention_days", options.log_retention_days},
          {"tags", tags}};
}

Result<SetupOptions> SetupOptionsFromJson(const json& object) {
  if (!object.is_object()) return Fail(Error::Invalid("stored setup options are not an object"));
  SetupOptions options;
  Status status;
  auto read = [&](const char* key, auto& field) {
    if (status) status = Read(object, key, field);
  };
  read("name", options.name);
  read("provider", options.provider);
  read("region", options.region);
  read("enable_head_node_fault_tolerance", options.enable_head_node_fault_tolerance);
  read("memorydb_node_type", options.memorydb_node_type);
  read("enable_versioning", options.enable_versioning);
  read("shared_storage", options.shared_storage);
  read("private_network", options.private_network);
  read("vpc_cidr", options.vpc_cidr);
  read("availability_zones", options.availability_zones);
  read("nat_gateways", options.nat_gateways);
  read("ingress_cidrs", options.ingress_cidrs);
  read("control_plane_principal", options.control_plane_principal);
  read("bucket_name", options.bucket_name);
  read("kms_key_id", options.kms_key_id);
  read("console_origins", options.console_origins);
  read("enable_ecr_access", options.enable_ecr_access);
  read("log_retention_days", options.log_retention_days);
  if (!status) return Fail(status.error());
  if (auto tags = object.find("tags"); tags != object.end() && !tags->is_null()) {
    if (!tags->is_array())
      return Fail(Error::Invalid("stored setup options: 'tags' is not a list"));
    for (const auto& tag : *tags) {
      UserTag parsed;
      if (!tag.is_object())
        return Fail(Error::Invalid("stored setup options: a tag is not an object"));
      if (auto read_key = Read(tag, "key", parsed.key); !read_key) return Fail(read_key.error());
      if (auto read_value = Read(tag, "value", parsed.value); !read_value) {
        return Fail(read_value.error());
      }
      options.tags.push_back(std::move(parsed));
    }
  }
  return options;
}

}  // namespace raycloud::cloud
