#include "verify/snapshot.h"

#include <gtest/gtest.h>

#include "fixture.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;

TEST(SnapshotTest, JsonRoundTripKeepsEveryCallAndTheTarget) {
  json document = testing::CloudFixture("private_cloud.json");
  CloudSnapshot snapshot = testing::ToSnapshot(document);
  EXPECT_TRUE(snapshot.target.private_network);
  EXPECT_EQ(snapshot.target.nat_subnet_ids, (std::vector<std::string>{"subnet-0na", "subnet-0nb"}));
  EXPECT_TRUE(snapshot.bucket_cors.failed());
  EXPECT_EQ(snapshot.bucket_cors.error_code, "NoSuchCORSConfiguration");
  EXPECT_FALSE(snapshot.file_systems.called());
  EXPECT_EQ(snapshot.service_quotas.size(), 6u);
  CloudSnapshot again = testing::ToSnapshot(SnapshotToJson(snapshot));
  EXPECT_EQ(SnapshotToJson(again), SnapshotToJson(snapshot));
}

TEST(SnapshotTest, PolicyDocumentsDecodeFromEveryFormIamUses) {
  json policy = {{"Version", "2012-10-17"}, {"Statement", json::array()}};
  EXPECT_EQ(DecodePolicyDocument(policy), policy);
  EXPECT_EQ(DecodePolicyDocument(policy.dump()), policy);
  EXPECT_EQ(DecodePolicyDocument(testing::UrlEncode(policy.dump())), policy);
  EXPECT_TRUE(DecodePolicyDocument("%7Bnot json").is_null());
  EXPECT_TRUE(DecodePolicyDocument(42).is_null());
}

TEST(SnapshotTest, TheTrustPolicyOfARoleIsDecoded) {
  CloudSnapshot snapshot = testing::ToSnapshot(testing::CloudFixture("public_cloud.json"));
  json trust = snapshot.control_plane_role.TrustPolicy();
  ASSERT_TRUE(trust.is_object());
  EXPECT_EQ(trust["Statement"][0]["Action"], "sts:AssumeRole");
}

TEST(SnapshotTest, MalformedCallsAreRejected) {
  json document = {{"target", {{"vpc_id", "vpc-1"}}}, {"vpcs", {{"neither", 1}}}};
  EXPECT_FALSE(SnapshotFromJson(document).has_value());
}

TEST(SnapshotTest, CallResultFromAnAwsErrorKeepsTheCode) {
  Error error{.kind = ErrorKind::kAws, .message = "GetBucketPolicy: NoSuchBucketPolicy"};
  error.details["aws_code"] = "NoSuchBucketPolicy";
  CallResult call = CallResult::From(Result<json>(std::unexpected(error)));
  EXPECT_TRUE(call.failed());
  EXPECT_EQ(call.error_code, "NoSuchBucketPolicy");
  EXPECT_EQ(call.Describe(), "NoSuchBucketPolicy: GetBucketPolicy: NoSuchBucketPolicy");
}

}  // namespace
}  // namespace raycloud::verify
