#pragma once

// Finds every raycloud-tagged resource of the client's region, whatever the store says
// (`cloud gc`). Read-only: describe, list and tag calls only.

#include <optional>
#include <string_view>
#include <vector>

#include "aws/client/aws_client.h"
#include "cloud/gc/tagged_resource.h"
#include "common/error.h"

namespace raycloud::cloud {

/// Every resource in the client's region (and every IAM role and instance profile, IAM
/// being global) tagged `raycloud-cloud-id`: EC2 network resources, IAM roles and instance
/// profiles, S3 buckets located in the region, EFS file systems, MemoryDB clusters and
/// subnet groups. Untaggable pieces (routes, associations, rules, bucket settings, mount
/// targets) are not listed: they go with their parents.
Result<std::vector<TaggedResource>> DiscoverTagged(aws::AwsClient& aws);

namespace discovery {

/// A TaggedResource from an item's tags, or nothing when they carry no cloud id.
std::optional<TaggedResource> FromTags(std::string_view kind, std::string id,
                                       const nlohmann::json& tags);

Status DiscoverEc2(aws::AwsClient& aws, std::vector<TaggedResource>& out);
Status DiscoverIam(aws::AwsClient& aws, std::vector<TaggedResource>& out);
Status DiscoverStorage(aws::AwsClient& aws, std::vector<TaggedResource>& out);

}  // namespace discovery
}  // namespace raycloud::cloud
