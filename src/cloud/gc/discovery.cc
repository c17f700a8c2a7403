#include "cloud/gc/discovery.h"

#include "cloud/exec/handlers/handler_support.h"

namespace raycloud::cloud {

namespace discovery {

std::optional<TaggedResource> FromTags(std::string_view kind, std::string id,
                                       const nlohmann::json& tags) {
  auto cloud_id = handlers::TagValue(tags, handlers::kCloudIdTag);
  if (!cloud_id || cloud_id->empty() || id.empty()) return std::nullopt;
  TaggedResource resource;
  resource.cloud_id = *cloud_id;
  resource.cloud_name = handlers::TagValue(tags, "raycloud-cloud-name").value_or("");
  resource.kind = std::string(kind);
  resource.id = std::move(id);
  resource.name = handlers::TagValue(tags, "Name").value_or("");
  // Normalised to Key/Value: IAM, EFS and MemoryDB spell the members differently.
  for (const auto& tag : tags) {
    resource.tags.push_back({{"Key", tag.value("Key", tag.value("key", ""))},
                             {"Value", tag.value("Value", tag.value("value", ""))}});
  }
  return resource;
}

}  // namespace discovery

Result<std::vector<TaggedResource>> DiscoverTagged(aws::AwsClient& aws) {
  std::vector<TaggedResource> found;
  if (auto ok = discovery::DiscoverEc2(aws, found); !ok) return Fail(ok.error());
  if (auto ok = discovery::DiscoverIam(aws, found); !ok) return Fail(ok.error());
  if (auto ok = discovery::DiscoverStorage(aws, found); !ok) return Fail(ok.error());
  return found;
}

}  // namespace raycloud::cloud
