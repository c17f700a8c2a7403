// Discovery of the buckets, EFS file systems and MemoryDB resources of raycloud clouds
// (`cloud gc`).
#include "cloud/exec/aws_lookup.h"
#include "cloud/gc/discovery.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud::discovery {
namespace {

using json = nlohmann::json;

// GetBucketLocation's answer as a region name (no constraint is us-east-1, "EU" is
// eu-west-1, for buckets created before regions had names).
std::string BucketRegion(const json& output) {
  const json constraint = output.value("LocationConstraint", json());
  std::string region = constraint.is_string() ? constraint.get<std::string>() : "";
  if (region.empty()) return "us-east-1";
  if (region == "EU") return "eu-west-1";
  return region;
}

// A bucket's tags, or nothing when it has none or raycloud may not read them (another
// account's bucket, another region's endpoint): only throttling and 5xx stop discovery.
Result<std::optional<json>> GcBucketTags(aws::AwsClient& aws, const std::string& bucket) {
  auto output = aws.Call("s3", "GetBucketTagging", {{"Bucket", bucket}});
  if (!output) {
    if (output.error().retryable()) return Fail(output.error());
    return std::optional<json>();
  }
  return std::optional<json>(output->value("TagSet", json::array()));
}

Status DiscoverBuckets(aws::AwsClient& aws, std::vector<TaggedResource>& out) {
  auto buckets = aws.Call("s3", "ListBuckets", json::object());
  if (!buckets) return Fail(buckets.error());
  for (const auto& bucket : buckets->value("Buckets", json::array())) {
    const std::string name = bucket.value("Name", "");
    auto tags = GcBucketTags(aws, name);
    if (!tags) return Fail(tags.error());
    if (!tags->has_value()) continue;
    auto resource = FromTags(kind::kBucket, name, **tags);
    if (!resource) continue;
    auto location = aws.Call("s3", "GetBucketLocation", {{"Bucket", name}});
    if (!location) return Fail(location.error());
    if (BucketRegion(*location) != aws.region()) continue;
    auto versions = aws.Call("s3", "ListObjectVersions", {{"Bucket", name}, {"MaxKeys", 1}});
    if (!versions) return Fail(versions.error());
    resource->details["holds_objects"] = !versions->value("Versions", json::array()).empty() ||
                                         !versions->value("DeleteMarkers", json::array()).empty();
    out.push_back(std::move(*resource));
  }
  return {};
}

Status DiscoverFileSystems(aws::AwsClient& aws, std::vector<TaggedResource>& out) {
  auto systems = aws.CallAll("efs", "DescribeFileSystems", json::object());
  if (!systems) return Fail(systems.error());
  for (const auto& system : systems->value("FileSystems", json::array())) {
    const std::string state = system.value("LifeCycleState", "");
    if (state == "deleted" || state == "deleting") continue;
    auto resource = FromTags(kind::kEfsFileSystem, system.value("FileSystemId", ""),
                             system.value("Tags", json::array()));
    if (resource) out.push_back(std::move(*resource));
  }
  return {};
}

// MemoryDB lists no tags: one ListTags per cluster and subnet group.
Status DiscoverMemoryDb(aws::AwsClient& aws, std::string_view operation, std::string_view list_key,
                        std::string_view resource_kind, std::vector<TaggedResource>& out) {
  auto items = aws.CallAll("memorydb", operation, json::object());
  if (!items) return Fail(items.error());
  for (const auto& item : items->value(std::string(list_key), json::array())) {
    if (item.value("Status", "") == "deleting") continue;
    auto tags = aws.Call("memorydb", "ListTags", {{"ResourceArn", item.value("ARN", "")}});
    if (!tags) {
      if (IsNotFound(tags.error())) continue;
      return Fail(tags.error());
    }
    auto resource =
        FromTags(resource_kind, item.value("Name", ""), tags->value("TagList", json::array()));
    if (!resource) continue;
    resource->details["arn"] = item.value("ARN", "");
    if (item.contains("NodeType")) resource->details["node_type"] = item.value("NodeType", "");
    out.push_back(std::move(*resource));
  }
  return {};
}

}  // namespace

Status DiscoverStorage(aws::AwsClient& aws, std::vector<TaggedResource>& out) {
  if (auto ok = DiscoverBuckets(aws, out); !ok) return ok;
  if (auto ok = DiscoverFileSystems(aws, out); !ok) return ok;
  if (auto ok = DiscoverMemoryDb(aws, "DescribeClusters", "Clusters", kind::kMemoryDbCluster, out);
      !ok) {
    return ok;
  }
  return DiscoverMemoryDb(aws, "DescribeSubnetGroups", "SubnetGroups", kind::kMemoryDbSubnetGroup,
                          out);
}

}  // namespace raycloud::cloud::discovery
