#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace raycloud::store {

/// A cloud's lifecycle status (cli.md).
enum class CloudStatus { kCreating, kActive, kUpdating, kDeleting, kFailed, kDeleted };

const char* CloudStatusName(CloudStatus status);
std::optional<CloudStatus> ParseCloudStatus(std::string_view name);

struct OrganizationRecord {
  std::string id{};  // org_ + 24 [a-z0-9]
  std::string name{};
  std::string created_at{};  // RFC 3339
};

struct CloudRecord {
  std::string id{};  // cld_ + 24 [a-z0-9]
  std::string org_id{};
  std::string name{};
  std::string provider = "aws";
  std::string region{};
  CloudStatus status = CloudStatus::kCreating;
  bool managed = true;  // created by `cloud setup` (false: `cloud register`)
  std::string external_id{};
  nlohmann::json options = nlohmann::json::object();  // the setup/register flags
  std::string created_at{};
  std::string updated_at{};
};

/// One AWS resource of a cloud, written the moment AWS returns its id.
struct ResourceRecord {
  std::string cloud_id{};
  std::string logical_name{};  // e.g. "subnet-us-west-2a"
  std::string kind{};          // e.g. "ec2:subnet"
  std::string physical_id{};   // e.g. "subnet-0abc"; "" until AWS answered
  std::string status{};        // "creating", "created", "deleting", "deleted", "retained"
  nlohmann::json attributes = nlohmann::json::object();
  std::string updated_at{};
};

}  // namespace raycloud::store
