// Responses and errors of the operations raycloud embeds, in the shapes AWS sends them.
#include "aws/protocol/response_parser.h"

#include <gtest/gtest.h>

#include <chrono>

#include "aws/protocol/fuzz_parse.h"
#include "aws/protocol/wire_format.h"
#include "model_operation.h"

namespace raycloud::aws {
namespace {

using nlohmann::json;

using testing::FindModelOperation;
using testing::ModelOperation;

HttpResponse Response(int status, std::string body, HttpHeaders headers = {}) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

Result<json> Parse(const char* service, const char* operation, const HttpResponse& response) {
  ModelOperation call = FindModelOperation(service, operation);
  if (!call.op) return Fail(Error::Internal("no such operation"));
  return ParseResponse(*call.model, *call.op, response);
}

ParsedError ParseError(const char* service, const char* operation, const HttpResponse& response) {
  ModelOperation call = FindModelOperation(service, operation);
  return ParseErrorDetails(*call.model, *call.op, response);
}

std::string SecurityGroupsXml(int count) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DescribeSecurityGroupsResponse "
      "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r-1</requestId>"
      "<securityGroupInfo>";
  for (int i = 0; i < count; ++i) {
    std::string n = std::to_string(i);
    xml += "<item><ownerId>123456789012</ownerId><groupId>sg-" + n + "</groupId><groupName>g" + n +
           "</groupName><groupDescription>d &amp; e</groupDescription><vpcId>vpc-1</vpcId>"
           "<ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort>"
           "<toPort>22</toPort><groups/><ipRanges><item><cidrIp>10.0.0.0/8</cidrIp></item>"
           "</ipRanges><ipv6Ranges/><prefixListIds/></item></ipPermissions>"
           "<ipPermissionsEgress/><tagSet><item><key>Name</key><value>v" +
           n + "</value></item></tagSet></item>";
  }
  return xml + "</securityGroupInfo><nextToken>tok</nextToken></DescribeSecurityGroupsResponse>";
}

TEST(ResponseParserTest, Ec2DescribeSecurityGroupsAtScale) {
  constexpr int kGroups = 10000;
  std::string body = SecurityGroupsXml(kGroups);
  auto start = std::chrono::steady_clock::now();
  auto parsed = Parse("ec2", "DescribeSecurityGroups", Response(200, body));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(parsed) << parsed.error().message;
  const json& groups = (*parsed)["SecurityGroups"];
  ASSERT_EQ(groups.size(), static_cast<size_t>(kGroups));
  EXPECT_EQ((*parsed)["NextToken"], "tok");
  const json& last = groups.back();
  EXPECT_EQ(last["GroupId"], "sg-9999");
  EXPECT_EQ(last["Description"], "d & e");
  EXPECT_EQ(last["IpPermissions"][0]["FromPort"], 22);
  EXPECT_EQ(last["IpPermissions"][0]["IpRanges"][0]["CidrIp"], "10.0.0.0/8");
  EXPECT_EQ(last["IpPermissionsEgress"], json::array());
  EXPECT_EQ(last["Tags"][0], json({{"Key", "Name"}, {"Value", "v9999"}}));
  std::printf("[perf] %d security groups (%zu KiB) parsed in %lld ms\n", kGroups,
              body.size() / 1024,
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

TEST(ResponseParserTest, QueryResultWrapperAndTimestamps) {
  auto parsed =
      Parse("iam", "GetRole",
            Response(200, R"(<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetRoleResult><Role><Path>/</Path><RoleName>r</RoleName><RoleId>AROA1</RoleId>
    <Arn>arn:aws:iam::123456789012:role/r</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate>
    <AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration>
    <Tags><member><Key>k</Key><Value>v</Value></member></Tags></Role></GetRoleResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>)"));
  ASSERT_TRUE(parsed) << parsed.error().message;
  const json& role = (*parsed)["Role"];
  EXPECT_EQ(role["RoleName"], "r");
  EXPECT_EQ(role["CreateDate"], "2024-01-02T03:04:05Z");
  EXPECT_EQ(role["MaxSessionDuration"], 3600);
  EXPECT_EQ(role["Tags"], json::parse(R"([{"Key":"k","Value":"v"}])"));
  EXPECT_EQ(*ParseTimestamp(role["CreateDate"].get<std::string>()), 1704164645.0);
}

TEST(ResponseParserTest, RestXmlFlattenedListsHeadersAndRootScalar) {
  auto listed = Parse("s3", "ListObjectsV2", Response(200, R"(<?xml version="1.0"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><KeyCount>2</KeyCount>
<IsTruncated>false</IsTruncated><Contents><Key>a</Key><Size>1</Size><LastModified>2024-01-02T03:04:05.120Z</LastModified></Contents>
<Contents><Key>b</Key><Size>2</Size></Contents></ListBucketResult>)"));
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ((*listed)["Contents"].size(), 2u);
  EXPECT_EQ((*listed)["Contents"][0]["LastModified"], "2024-01-02T03:04:05.120Z");
  EXPECT_EQ((*listed)["Contents"][1]["Size"], 2);
  EXPECT_EQ((*listed)["IsTruncated"], false);

  auto head = Parse("s3", "HeadObject",
                    Response(200, "",
                             {{"Content-Length", "1234"},
                              {"Last-Modified", "Tue, 29 Apr 2014 18:30:38 GMT"},
                              {"x-amz-meta-Owner", "me"},
                              {"ETag", "\"abc\""}}));
  ASSERT_TRUE(head) << head.error().message;
  EXPECT_EQ((*head)["ContentLength"], 1234);
  EXPECT_EQ((*head)["LastModified"], "2014-04-29T18:30:38Z");
  EXPECT_EQ((*head)["Metadata"], json({{"owner", "me"}}));
  EXPECT_EQ((*head)["ETag"], "\"abc\"");

  auto location =
      Parse("s3", "GetBucketLocation", Response(200, R"(<?xml version="1.0" encoding="UTF-8"?>
<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>)"));
  ASSERT_TRUE(location) << location.error().message;
  EXPECT_EQ((*location)["LocationConstraint"], "eu-west-1");

  auto object = Parse("s3", "GetObject", Response(200, std::string("\0\xff raw", 6)));
  ASSERT_TRUE(object);
  EXPECT_EQ((*object)["Body"], std::string("\0\xff raw", 6));  // streaming: raw bytes
}

TEST(ResponseParserTest, JsonProtocolsConvertTimestampsAndSkipUnknownKeys) {
  auto clusters = Parse("memorydb", "DescribeClusters", Response(200, R"({"Clusters":[
      {"Name":"c1","Status":"available","NumberOfShards":2,"SnapshotRetentionLimit":1,
       "Unknown":"ignored"}]})"));
  ASSERT_TRUE(clusters) << clusters.error().message;
  EXPECT_EQ((*clusters)["Clusters"][0], json({{"Name", "c1"},
                                              {"Status", "available"},
                                              {"NumberOfShards", 2},
                                              {"SnapshotRetentionLimit", 1}}));

  auto filesystems = Parse("efs", "DescribeFileSystems", Response(200, R"({"FileSystems":[
      {"FileSystemId":"fs-1","CreationTime":1.7e9,"LifeCycleState":"available",
       "SizeInBytes":{"Value":6144}}]})"));
  ASSERT_TRUE(filesystems) << filesystems.error().message;
  EXPECT_EQ((*filesystems)["FileSystems"][0]["CreationTime"], "2023-11-14T22:13:20Z");
  EXPECT_EQ((*filesystems)["FileSystems"][0]["SizeInBytes"]["Value"], 6144);
}

TEST(ResponseParserTest, MalformedBodiesAreErrorsNotCrashes) {
  for (const char* body : {"<DescribeVpcsResponse><vpcSet><item>", "<<<", "{\"not\": \"xml\"}"}) {
    auto parsed = Parse("ec2", "DescribeVpcs", Response(200, body));
    ASSERT_FALSE(parsed) << body;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kAws);
    EXPECT_EQ(parsed.error().details.at("operation"), "DescribeVpcs");
  }
  auto wrong_type = Parse("ec2", "DescribeVpcs",
                          Response(200,
                                   "<R><vpcSet><item><isDefault>maybe</isDefault></item>"
                                   "</vpcSet></R>"));
  ASSERT_FALSE(wrong_type);
  EXPECT_NE(wrong_type.error().message.find("not a boolean"), std::string::npos);
  auto truncated_json = Parse("memorydb", "DescribeClusters", Response(200, "{\"Clusters\":[{"));
  ASSERT_FALSE(truncated_json);
  auto json_wrong_shape = Parse("memorydb", "DescribeClusters", Response(200, "{\"Clusters\":5}"));
  ASSERT_FALSE(json_wrong_shape);
  // Found by fuzz/aws_response_fuzz: a whole float past 2^63 is not an integer.
  auto huge = Parse("memorydb", "DescribeClusters",
                    Response(200, R"({"Clusters":[{"NumberOfShards":1e33}]})"));
  EXPECT_FALSE(huge);
  // An empty 200 body is an empty output, as botocore has it.
  auto empty = Parse("ec2", "DeleteVpc", Response(200, ""));
  ASSERT_TRUE(empty);
  EXPECT_EQ(*empty, json::object());
}

TEST(ResponseParserTest, Ec2ErrorDocument) {
  ParsedError parsed =
      ParseError("ec2", "DeleteVpc", Response(400, R"(<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>DependencyViolation</Code><Message>The vpc 'vpc-1' has dependencies and cannot be deleted.</Message></Error></Errors><RequestID>5e1b-4c</RequestID></Response>)"));
  EXPECT_EQ(parsed.error.code, "DependencyViolation");
  EXPECT_EQ(parsed.error.message, "The vpc 'vpc-1' has dependencies and cannot be deleted.");
  EXPECT_EQ(parsed.error.request_id, "5e1b-4c");
  EXPECT_EQ(parsed.error.http_status, 400);
  EXPECT_EQ(parsed.error.service, "ec2");
  EXPECT_EQ(parsed.error.operation, "DeleteVpc");
}

TEST(ResponseParserTest, QueryAndRestXmlErrorDocuments) {
  ParsedError iam =
      ParseError("iam", "GetRole",
                 Response(404, R"(<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name r cannot be found.</Message></Error>
  <RequestId>req-9</RequestId></ErrorResponse>)"));
  EXPECT_EQ(iam.error.code, "NoSuchEntity");
  EXPECT_EQ(iam.error.request_id, "req-9");
  EXPECT_EQ(iam.error.message, "The role with name r cannot be found.");

  ParsedError s3 = ParseError("s3", "GetBucketPolicy",
                              Response(404, R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message><BucketName>b</BucketName><RequestId>R1</RequestId><HostId>h</HostId></Error>)",
                                       {{"x-amz-request-id", "R1-header"}}));
  EXPECT_EQ(s3.error.code, "NoSuchBucketPolicy");
  EXPECT_EQ(s3.error.message, "The bucket policy does not exist");
  EXPECT_EQ(s3.error.request_id, "R1-header");
  EXPECT_EQ(s3.error.service, "s3");
}

TEST(ResponseParserTest, JsonErrorCodesInEveryForm) {
  struct Case {
    HttpResponse response;
    const char* code;
  };
  for (const Case& c : {
           Case{Response(
                    400,
                    R"({"__type":"com.amazonaws.memorydb#ClusterNotFoundFault","message":"gone"})"),
                "ClusterNotFoundFault"},
           Case{Response(400,
                         R"({"__type":"ClusterNotFoundFault:http://internal/","Message":"gone"})"),
                "ClusterNotFoundFault"},
           Case{Response(400, R"({"code":"ClusterNotFoundFault","message":"gone"})"),
                "ClusterNotFoundFault"},
           Case{Response(400, R"({"message":"gone"})",
                         {{"X-Amzn-ErrorType", "ClusterNotFoundFault:http://internal/"}}),
                "ClusterNotFoundFault"},
       }) {
    ParsedError parsed = ParseError("memorydb", "DescribeClusters", c.response);
    EXPECT_EQ(parsed.error.code, c.code) << c.response.body;
    EXPECT_EQ(parsed.error.message, "gone") << c.response.body;
  }
  ParsedError efs = ParseError(
      "efs", "DescribeFileSystems",
      Response(404, R"({"ErrorCode":"FileSystemNotFound","Message":"no"})",
               {{"x-amzn-ErrorType", "FileSystemNotFound"}, {"x-amzn-RequestId", "rid-7"}}));
  EXPECT_EQ(efs.error.code, "FileSystemNotFound");
  EXPECT_EQ(efs.error.request_id, "rid-7");
  EXPECT_EQ(efs.fields["ErrorCode"], "FileSystemNotFound");
}

TEST(ResponseParserTest, NonAwsErrorBodiesStillGiveAnAwsError) {
  for (const char* service : {"ec2", "s3", "memorydb"}) {
    const char* op = std::string_view(service) == "ec2"  ? "DescribeVpcs"
                     : std::string_view(service) == "s3" ? "HeadBucket"
                                                         : "DescribeClusters";
    ParsedError html = ParseError(service, op,
                                  Response(500, "<html><body><h1>500 Internal Server Error</h1>",
                                           {{"Content-Type", "text/html"}}));
    EXPECT_EQ(html.error.code, "") << service;
    EXPECT_EQ(html.error.http_status, 500);
    EXPECT_NE(html.error.message.find("HTTP 500"), std::string::npos) << html.error.message;
    ParsedError empty = ParseError(service, op, Response(404, ""));
    EXPECT_EQ(empty.error.code, "");
    EXPECT_EQ(empty.error.http_status, 404);
    ParsedError truncated = ParseError(service, op, Response(503, "<Error><Code>Slow"));
    EXPECT_EQ(truncated.error.http_status, 503);
  }
}

TEST(ResponseParserTest, FuzzEntrySurvivesTruncationsAndNoise) {
  std::vector<std::string> seeds = {
      SecurityGroupsXml(2),
      R"(<Response><Errors><Error><Code>X</Code><Message>m</Message></Error></Errors></Response>)",
      R"({"Clusters":[{"Name":"c","NumberOfShards":"x"}],"__type":"a#B"})",
      "<LocationConstraint>eu</LocationConstraint>",
      "x-amzn-errortype: A:B\nx-amz-meta-a: b\n\n{\"message\":1}",
  };
  uint64_t state = 42;
  int runs = 0;
  for (const std::string& seed : seeds) {
    for (size_t cut = 0; cut <= seed.size(); cut += 3) {
      for (int selector = 0; selector < 40; ++selector) {
        std::string input(1, static_cast<char>(selector));
        input.push_back(static_cast<char>(selector * 7));
        input += seed.substr(0, cut);
        // Deterministic noise: flip one byte.
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        if (!input.empty() && (state >> 60) == 0) input[(state >> 20) % input.size()] ^= 0x5a;
        EXPECT_EQ(FuzzParseResponse(reinterpret_cast<const uint8_t*>(input.data()), input.size()),
                  0);
        ++runs;
      }
    }
  }
  EXPECT_GT(runs, 1000);
}

}  // namespace
}  // namespace raycloud::aws
