#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cloud/gc/tagged_resource.h"
#include "store/records.h"

namespace raycloud::cloud {

/// The tagged resources of one cloud that the store does not know, or knows as deleted.
struct OrphanCloud {
  std::string cloud_id;
  std::string cloud_name;                    // from the raycloud-cloud-name tags
  std::optional<store::CloudRecord> record;  // the store's record, when it has one (deleted)
  std::vector<TaggedResource> resources;
};

/// Groups `resources` by cloud id and keeps the clouds that `clouds` lacks or holds as
/// `deleted`: a cloud in any other status is the store's to manage, never gc's. Ordered by
/// cloud id; each cloud's resources by kind, then id.
std::vector<OrphanCloud> FindOrphans(std::vector<TaggedResource> resources,
                                     const std::vector<store::CloudRecord>& clouds);

}  // namespace raycloud::cloud
