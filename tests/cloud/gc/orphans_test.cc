#include "cloud/gc/orphans.h"

#include <gtest/gtest.h>

#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

TaggedResource Tagged(std::string cloud_id, std::string_view resource_kind, std::string id) {
  return {cloud_id, "demo", std::string(resource_kind), id, "demo-" + id};
}

store::CloudRecord Cloud(std::string id, store::CloudStatus status) {
  store::CloudRecord record;
  record.id = std::move(id);
  record.name = "demo";
  record.status = status;
  return record;
}

TEST(FindOrphansTest, GroupsUnknownCloudsAndSortsTheirResources) {
  auto orphans = FindOrphans(
      {Tagged("cld_b", kind::kVpc, "vpc-2"), Tagged("cld_a", kind::kSubnet, "subnet-2"),
       Tagged("cld_a", kind::kSubnet, "subnet-1"), Tagged("cld_a", kind::kBucket, "bucket")},
      {});
  ASSERT_EQ(orphans.size(), 2u);
  EXPECT_EQ(orphans[0].cloud_id, "cld_a");
  EXPECT_EQ(orphans[0].cloud_name, "demo");
  EXPECT_FALSE(orphans[0].record.has_value());
  ASSERT_EQ(orphans[0].resources.size(), 3u);
  EXPECT_EQ(orphans[0].resources[0].id, "subnet-1");
  EXPECT_EQ(orphans[0].resources[1].id, "subnet-2");
  EXPECT_EQ(orphans[0].resources[2].id, "bucket");  // ec2:subnet < s3:bucket
  EXPECT_EQ(orphans[1].cloud_id, "cld_b");
}

TEST(FindOrphansTest, DropsEveryCloudTheStoreHoldsUnlessDeleted) {
  using store::CloudStatus;
  std::vector<store::CloudRecord> clouds = {
      Cloud("cld_active", CloudStatus::kActive),     Cloud("cld_creating", CloudStatus::kCreating),
      Cloud("cld_failed", CloudStatus::kFailed),     Cloud("cld_deleting", CloudStatus::kDeleting),
      Cloud("cld_updating", CloudStatus::kUpdating), Cloud("cld_deleted", CloudStatus::kDeleted)};
  std::vector<TaggedResource> resources;
  for (const auto& cloud : clouds) resources.push_back(Tagged(cloud.id, kind::kVpc, "vpc"));
  auto orphans = FindOrphans(resources, clouds);
  ASSERT_EQ(orphans.size(), 1u);
  EXPECT_EQ(orphans[0].cloud_id, "cld_deleted");
  ASSERT_TRUE(orphans[0].record.has_value());
  EXPECT_EQ(orphans[0].record->status, CloudStatus::kDeleted);
}

TEST(FindOrphansTest, NothingTaggedIsNothingToCollect) {
  EXPECT_TRUE(FindOrphans({}, {Cloud("cld_a", store::CloudStatus::kActive)}).empty());
}

TEST(TaggedResourceTest, RoleIsTheNameTagWithoutTheCloudName) {
  TaggedResource resource = Tagged("cld_a", kind::kSubnet, "subnet-us-west-2a");
  EXPECT_EQ(resource.Role(), "subnet-us-west-2a");
  resource.name = "other-subnet";
  EXPECT_EQ(resource.Role(), "");
}

}  // namespace
}  // namespace raycloud::cloud
