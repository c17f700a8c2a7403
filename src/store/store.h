#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/error.h"
#include "store/records.h"

namespace raycloud::store {

/// The embedded store of organizations, clouds and their resources. One interface so that
/// a server backend can come later; SqliteStore is the local one.
class Store {
 public:
  virtual ~Store() = default;

  /// The default organization, created on first use.
  virtual Result<OrganizationRecord> DefaultOrganization() = 0;

  virtual Status InsertCloud(const CloudRecord& cloud) = 0;
  virtual Status UpdateCloud(const CloudRecord& cloud) = 0;
  /// The cloud with this name that is not `deleted`, if any.
  virtual Result<std::optional<CloudRecord>> FindCloudByName(const std::string& name) = 0;
  virtual Result<std::optional<CloudRecord>> FindCloudById(const std::string& id) = 0;
  /// Every cloud, oldest first (deleted ones included).
  virtual Result<std::vector<CloudRecord>> ListClouds() = 0;

  /// Inserts or replaces the record keyed by (cloud_id, logical_name).
  virtual Status PutResource(const ResourceRecord& resource) = 0;
  virtual Result<std::vector<ResourceRecord>> ListResources(const std::string& cloud_id) = 0;
  virtual Status DeleteResource(const std::string& cloud_id, const std::string& logical_name) = 0;
};

}  // namespace raycloud::store
