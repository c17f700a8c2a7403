#include "cloud/plan/stored_cloud.h"

#include <gtest/gtest.h>

#include "cloud/plan/plan_test_util.h"

namespace raycloud::cloud {
namespace {

store::CloudRecord ManagedCloud() {
  SetupOptions options = testing::TestOptions();
  options.bucket_name = "my-bucket";
  options.enable_ecr_access = true;
  store::CloudRecord cloud;
  cloud.id = testing::TestIdentity().cloud_id;
  cloud.org_id = testing::TestIdentity().org_id;
  cloud.name = "demo";
  cloud.region = "us-west-2";
  cloud.external_id = "ext-0123456789";
  cloud.options = SetupOptionsToJson(options);
  return cloud;
}

TEST(StoredCloudTest, PartitionOfRegion) {
  EXPECT_EQ(PartitionOfRegion("us-west-2"), "aws");
  EXPECT_EQ(PartitionOfRegion("cn-north-1"), "aws-cn");
  EXPECT_EQ(PartitionOfRegion("us-gov-west-1"), "aws-us-gov");
}

TEST(StoredCloudTest, ManagedCloudTakesItsAccountFromTheRecordedRole) {
  store::CloudRecord cloud = ManagedCloud();
  // Without a recorded role, the account is unknown.
  EXPECT_TRUE(StoredIdentity(cloud, {}).account_id.empty());
  auto missing = StoredPolicyParams(cloud, {});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("--instance-role-arn"), std::string::npos);

  store::ResourceRecord role{
      .cloud_id = cloud.id,
      .logical_name = "instance-role",
      .kind = "iam:role",
      .physical_id = "demo-instance",
      .attributes = {{"arn", "arn:aws:iam::210987654321:role/demo-instance"}}};
  CloudIdentity identity = StoredIdentity(cloud, {role});
  EXPECT_EQ(identity.account_id, "210987654321");
  EXPECT_EQ(identity.partition, "aws");
  EXPECT_EQ(identity.external_id, "ext-0123456789");
  auto params = StoredPolicyParams(cloud, {role});
  ASSERT_TRUE(params) << params.error().message;
  EXPECT_EQ(params->bucket_name, "my-bucket");
  EXPECT_EQ(params->instance_role_arn, "arn:aws:iam::210987654321:role/demo-instance");
  EXPECT_EQ(params->control_plane_role_arn, "arn:aws:iam::210987654321:role/demo-control-plane");
  EXPECT_EQ(params->control_plane_principal, "210987654321");
  EXPECT_EQ(params->cloud_id, cloud.id);
  EXPECT_TRUE(params->enable_ecr_access);
}

TEST(StoredCloudTest, RegisteredCloudUsesItsRegisterFlags) {
  store::CloudRecord cloud;
  cloud.id = "cld_registered0000000000000";
  cloud.name = "mine";
  cloud.region = "eu-west-1";
  cloud.managed = false;
  cloud.external_id = "ext-abc";
  cloud.options = {{"instance_role_arn", "arn:aws:iam::111122223333:role/nodes"},
                   {"control_plane_role_arn", "arn:aws:iam::111122223333:role/raycloud"},
                   {"s3_bucket_id", "their-bucket"}};
  auto params = StoredPolicyParams(cloud, {});
  ASSERT_TRUE(params) << params.error().message;
  EXPECT_EQ(params->account_id, "111122223333");
  EXPECT_EQ(params->bucket_name, "their-bucket");
  EXPECT_EQ(params->instance_role_arn, "arn:aws:iam::111122223333:role/nodes");
  EXPECT_EQ(params->region, "eu-west-1");
  EXPECT_EQ(ControlPlanePolicy(*params).dump().find("${"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::cloud
