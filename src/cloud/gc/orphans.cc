#include "cloud/gc/orphans.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace raycloud::cloud {

std::vector<OrphanCloud> FindOrphans(std::vector<TaggedResource> resources,
                                     const std::vector<store::CloudRecord>& clouds) {
  std::map<std::string, const store::CloudRecord*> known;
  for (const auto& cloud : clouds) known[cloud.id] = &cloud;
  std::map<std::string, OrphanCloud> orphans;
  for (auto& resource : resources) {
    auto record = known.find(resource.cloud_id);
    if (record != known.end() && record->second->status != store::CloudStatus::kDeleted) {
      continue;
    }
    OrphanCloud& orphan = orphans[resource.cloud_id];
    orphan.cloud_id = resource.cloud_id;
    if (record != known.end()) orphan.record = *record->second;
    if (orphan.cloud_name.empty()) orphan.cloud_name = resource.cloud_name;
    orphan.resources.push_back(std::move(resource));
  }
  std::vector<OrphanCloud> out;
  for (auto& [id, orphan] : orphans) {
    std::sort(orphan.resources.begin(), orphan.resources.end(),
              [](const TaggedResource& a, const TaggedResource& b) {
                return std::tie(a.kind, a.id) < std::tie(b.kind, b.id);
              });
    out.push_back(std::move(orphan));
  }
  return out;
}

}  // namespace raycloud::cloud
