// Requests for the operations raycloud embeds, against the wire formats AWS documents.
#include "aws/protocol/serializer.h"

#include <gtest/gtest.h>

#include <regex>

#include "model_operation.h"

namespace raycloud::aws {
namespace {

using nlohmann::json;

using testing::FindModelOperation;
using testing::ModelOperation;

Result<SerializedRequest> Serialize(const char* service, const char* operation, const json& params,
                                    SerializeOptions options = {}) {
  ModelOperation call = FindModelOperation(service, operation);
  if (!call.op) return Fail(Error::Internal("no such operation"));
  return SerializeRequest(*call.model, *call.op, params, options);
}

TEST(SerializerTest, Ec2QueryWithFiltersAndLists) {
  auto request = Serialize("ec2", "DescribeVpcs",
                           {{"Filters", {{{"Name", "tag:Name"}, {"Values", {"a b", "c"}}}}},
                            {"VpcIds", {"vpc-1", "vpc-2"}},
                            {"DryRun", false}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->path, "/");
  EXPECT_EQ(request->body,
            "Action=DescribeVpcs&Version=2016-11-15&Filter.1.Name=tag%3AName"
            "&Filter.1.Value.1=a+b&Filter.1.Value.2=c&VpcId.1=vpc-1&VpcId.2=vpc-2&DryRun=false");
  EXPECT_EQ(request->Header("content-type"), "application/x-www-form-urlencoded");
}

// The bytes botocore sends (urllib's urlencode): a space is '+', '+' itself and the rest
// RFC 3986-escaped. moto --auth recomputes the payload hash from that encoding.
TEST(SerializerTest, QueryBodyIsFormEncodedAsBotocoreEncodesIt) {
  auto request = Serialize(
      "iam", "CreateRole",
      {{"RoleName", "r"}, {"Description", "a b+c/d~e*f  "}, {"AssumeRolePolicyDocument", "{}"}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->body,
            "Action=CreateRole&Version=2010-05-08&RoleName=r"
            "&AssumeRolePolicyDocument=%7B%7D&Description=a+b%2Bc%2Fd~e%2Af++");
}

TEST(SerializerTest, Ec2IdempotencyTokenFilledOnlyWhenAbsent) {
  json params = {{"ImageId", "ami-1"}, {"MinCount", 1}, {"MaxCount", 1}};
  auto generated = Serialize("ec2", "RunInstances", params);
  ASSERT_TRUE(generated) << generated.error().message;
  std::smatch match;
  ASSERT_TRUE(std::regex_search(generated->body, match, std::regex("ClientToken=([^&]*)")));
  EXPECT_TRUE(std::regex_match(
      match[1].str(),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << match[1];

  params["ClientToken"] = "mine";
  auto given = Serialize("ec2", "RunInstances", params);
  ASSERT_TRUE(given);
  EXPECT_NE(given->body.find("ClientToken=mine"), std::string::npos);
  EXPECT_NE(NewUuidV4(), NewUuidV4());
}

TEST(SerializerTest, QueryProtocolListsUseMemberPrefix) {
  auto request = Serialize("iam", "CreateRole",
                           {{"RoleName", "r"},
                            {"AssumeRolePolicyDocument", "{\"Version\":\"2012-10-17\"}"},
                            {"Tags", {{{"Key", "k"}, {"Value", "v"}}}}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->body,
            "Action=CreateRole&Version=2010-05-08&RoleName=r"
            "&AssumeRolePolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D"
            "&Tags.member.1.Key=k&Tags.member.1.Value=v");
}

TEST(SerializerTest, RestXmlPayloadWithNamespaceAndChecksum) {
  auto request =
      Serialize("s3", "PutBucketTagging",
                {{"Bucket", "my-bucket"},
                 {"Tagging", {{"TagSet", {{{"Key", "raycloud:cloud"}, {"Value", "c1"}}}}}}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->method, "PUT");
  EXPECT_EQ(request->Target(), "/my-bucket?tagging");
  EXPECT_EQ(request->body,
            "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet><Tag>"
            "<Key>raycloud:cloud</Key><Value>c1</Value></Tag></TagSet></Tagging>");
  EXPECT_EQ(request->Header("Content-Type"), "application/xml");
  EXPECT_FALSE(request->Header("Content-MD5").empty());
}

TEST(SerializerTest, RestXmlPayloadRootIsTheMemberLocationName) {
  auto request = Serialize("s3", "PutBucketLifecycleConfiguration",
                           {{"Bucket", "b"},
                            {"LifecycleConfiguration",
                             {{"Rules",
                               {{{"ID", "expire"},
                                 {"Status", "Enabled"},
                                 {"Filter", {{"Prefix", "logs/"}}},
                                 {"Expiration", {{"Days", 7}}}}}}}}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_TRUE(request->body.starts_with("<LifecycleConfiguration xmlns=")) << request->body;
  // Rules is a flattened list: one <Rule> per item, no wrapper.
  EXPECT_NE(request->body.find("<Rule><Expiration><Days>7</Days></Expiration><ID>expire</ID>"),
            std::string::npos)
      << request->body;
}

TEST(SerializerTest, RestXmlGreedyLabelKeepsSlashesAndRawBody) {
  auto request = Serialize("s3", "PutObject",
                           {{"Bucket", "b"},
                            {"Key", "dir/a b+c.txt"},
                            {"Body", "hello"},
                            {"Metadata", {{"owner", "me"}}},
                            {"ContentType", "text/plain"}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->path, "/b/dir/a%20b%2Bc.txt");
  EXPECT_EQ(request->body, "hello");
  EXPECT_EQ(request->Header("x-amz-meta-owner"), "me");
  EXPECT_EQ(request->Header("Content-Type"), "text/plain");
}

TEST(SerializerTest, RestXmlBareQueryKeyFromTheRequestUri) {
  auto request = Serialize("s3", "GetBucketLocation", {{"Bucket", "b"}});
  ASSERT_TRUE(request);
  EXPECT_EQ(request->Target(), "/b?location");
  ASSERT_EQ(request->query.size(), 1u);
  EXPECT_FALSE(request->query[0].value.has_value());
  EXPECT_TRUE(request->body.empty());
}

TEST(SerializerTest, RestXmlQueryMembers) {
  auto request =
      Serialize("s3", "ListObjectsV2", {{"Bucket", "b"}, {"Prefix", "a/b"}, {"MaxKeys", 10}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->method, "GET");
  EXPECT_EQ(request->Target(), "/b?list-type=2&max-keys=10&prefix=a%2Fb");
}

TEST(SerializerTest, JsonProtocolTargetAndBody) {
  auto request = Serialize("memorydb", "DescribeClusters",
                           {{"ClusterName", "c1"}, {"ShowShardDetails", true}});
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->path, "/");
  EXPECT_EQ(request->Header("X-Amz-Target"), "AmazonMemoryDB.DescribeClusters");
  EXPECT_EQ(request->Header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(json::parse(request->body), json({{"ClusterName", "c1"}, {"ShowShardDetails", true}}));
}

TEST(SerializerTest, RestJsonPathAndIdempotencyToken) {
  SerializeOptions options;
  options.idempotency_token = [] { return "token-1"; };
  auto request =
      Serialize("efs", "CreateFileSystem", {{"PerformanceMode", "generalPurpose"}}, options);
  ASSERT_TRUE(request) << request.error().message;
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->path, "/2015-02-01/file-systems");
  EXPECT_EQ(json::parse(request->body),
            json({{"CreationToken", "token-1"}, {"PerformanceMode", "generalPurpose"}}));
  EXPECT_EQ(request->Header("Content-Type"), "application/json");

  auto deleted = Serialize("efs", "DeleteFileSystem", {{"FileSystemId", "fs-1/../x"}});
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->method, "DELETE");
  EXPECT_EQ(deleted->path, "/2015-02-01/file-systems/fs-1%2F..%2Fx");
}

TEST(SerializerTest, TimestampsAcceptEpochOrIso) {
  for (json when : {json(1700000000), json("2023-11-14T22:13:20Z")}) {
    auto request = Serialize("ec2", "DescribeSpotPriceHistory", {{"StartTime", when}});
    ASSERT_TRUE(request) << request.error().message;
    EXPECT_NE(request->body.find("StartTime=2023-11-14T22%3A13%3A20Z"), std::string::npos)
        << request->body;
  }
  auto bad = Serialize("ec2", "DescribeSpotPriceHistory", {{"StartTime", "yesterday"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, ErrorKind::kInvalidArgument);
}

TEST(SerializerTest, RejectsUnknownMembersWrongTypesAndMissingRequired) {
  auto unknown = Serialize("ec2", "DescribeVpcs", {{"VpcIdz", {"vpc-1"}}});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("DescribeVpcs.VpcIdz"), std::string::npos);

  auto wrong = Serialize("ec2", "DescribeVpcs", {{"VpcIds", "vpc-1"}});
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("expected a list"), std::string::npos);

  auto nested = Serialize("ec2", "DescribeVpcs", {{"Filters", {{{"Name", 5}}}}});
  ASSERT_FALSE(nested);
  EXPECT_NE(nested.error().message.find("DescribeVpcs.Filters[1].Name"), std::string::npos)
      << nested.error().message;

  auto missing = Serialize("iam", "CreateRole", {{"RoleName", "r"}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("CreateRole.AssumeRolePolicyDocument"), std::string::npos);

  SerializeOptions lax;
  lax.check_required = false;
  EXPECT_TRUE(Serialize("iam", "CreateRole", {{"RoleName", "r"}}, lax));
}

TEST(SerializerTest, EmptyLabelIsRejected) {
  auto request = Serialize("s3", "HeadBucket", {{"Bucket", ""}});
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace raycloud::aws
