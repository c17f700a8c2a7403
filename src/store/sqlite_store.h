#pragma once

#include <filesystem>
#include <memory>
#include <mutex>

#include "store/store.h"

struct sqlite3;

namespace raycloud::store {

/// The store in one SQLite file (`<state dir>/raycloud.db`, WAL mode, one transaction per
/// write so a kill mid-write loses nothing already committed). The directory is 0700 and
/// the file 0600; a store readable by others is refused.
class SqliteStore final : public Store {
 public:
  /// Opens (creating if needed) the store under `state_dir` and applies pending schema
  /// migrations.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::filesystem::path& state_dir);
  ~SqliteStore() override;

  Result<OrganizationRecord> DefaultOrganization() override;
  Status InsertCloud(const CloudRecord& cloud) override;
  Status UpdateCloud(const CloudRecord& cloud) override;
  Result<std::optional<CloudRecord>> FindCloudByName(const std::string& name) override;
  Result<std::optional<CloudRecord>> FindCloudById(const std::string& id) override;
  Result<std::vector<CloudRecord>> ListClouds() override;
  Status PutResource(const ResourceRecord& resource) override;
  Result<std::vector<ResourceRecord>> ListResources(const std::string& cloud_id) override;
  Status DeleteResource(const std::string& cloud_id, const std::string& logical_name) override;

  /// The schema version after migrations (for tests).
  int schema_version() const { return schema_version_; }

 private:
  explicit SqliteStore(sqlite3* db) : db_(db) {}
  Status Migrate();
  Result<std::optional<CloudRecord>> FindCloudWhere(const char* where, const std::string& value);

  sqlite3* db_;
  std::mutex mutex_;
  int schema_version_ = 0;
};

/// The state directory from the flag, then RAYCLOUD_HOME, then ~/.raycloud.
std::filesystem::path ResolveStateDir(const std::string& flag_value);

}  // namespace raycloud::store
