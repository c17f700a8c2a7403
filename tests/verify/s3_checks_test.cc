#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

TEST(BucketChecksTest, MissingBucketFailsOnceAndEveryBucketCheckSkips) {
  auto document = testing::PublicCloud();
  document["bucket_location"] = testing::AwsErrorResult("NoSuchBucket");
  Findings findings = RunChecks(testing::ToSnapshot(document));
  Finding exists = *testing::Find(findings, "s3.bucket.exists");
  EXPECT_EQ(exists.status, CheckStatus::kFail);
  EXPECT_EQ(exists.remediation,
            "aws s3api create-bucket --bucket raycloud-data-0123456789abcdefghijklmn "
            "--create-bucket-configuration LocationConstraint=us-west-2 --region us-west-2");
  for (const char* id :
       {"s3.bucket.region", "s3.bucket.control_plane_access", "s3.bucket.cors",
        "s3.bucket.encryption", "s3.bucket.public_access_block", "s3.bucket.tls_only",
        "s3.bucket.lifecycle", "iam.instance_role.s3_access"}) {
    EXPECT_EQ(testing::StatusOf(findings, id), CheckStatus::kSkip) << id;
  }
}

TEST(BucketChecksTest, ABucketOfAnotherOwnerFails) {
  auto document = testing::PublicCloud();
  document["bucket_location"] = testing::AwsErrorResult("AccessDenied");
  Finding finding = RunFinding(document, "s3.bucket.exists");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("not owned by account 123456789012"), std::string::npos);
}

TEST(BucketChecksTest, BucketInAnotherRegionWarns) {
  auto document = testing::PublicCloud();
  document["bucket_location"]["output"]["LocationConstraint"] = nullptr;  // us-east-1
  Finding finding = RunFinding(document, "s3.bucket.region");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("us-east-1"), std::string::npos);
  document["bucket_location"]["output"]["LocationConstraint"] = "EU";
  EXPECT_NE(RunFinding(document, "s3.bucket.region").message.find("eu-west-1"), std::string::npos);
}

TEST(BucketChecksTest, CorsSkipsWithoutOriginAndNeedsGetWithAllHeaders) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "s3.bucket.cors"), CheckStatus::kSkip);
  document["target"]["console_origins"] = {"https://console.example.com"};
  Finding finding = RunFinding(document, "s3.bucket.cors");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  ASSERT_EQ(finding.fixes.size(), 1u);
  EXPECT_EQ(finding.fixes[0].params["CORSConfiguration"]["CORSRules"][0]["AllowedOrigins"],
            json({"https://console.example.com"}));
  document["bucket_cors"] = {{"output",
                              {{"CORSRules",
                                {{{"AllowedOrigins", {"https://*.example.com"}},
                                  {"AllowedMethods", {"GET", "PUT"}},
                                  {"AllowedHeaders", {"*"}}}}}}}};
  EXPECT_EQ(Check(document, "s3.bucket.cors"), CheckStatus::kPass);
  document["bucket_cors"]["output"]["CORSRules"][0]["AllowedHeaders"] = {"Authorization"};
  EXPECT_EQ(Check(document, "s3.bucket.cors"), CheckStatus::kWarn);
}

TEST(BucketChecksTest, EncryptionPassesWithSseS3UnlessAKeyWasAskedFor) {
  auto document = testing::PublicCloud();
  document["bucket_encryption"] =
      testing::AwsErrorResult("ServerSideEncryptionConfigurationNotFoundError");
  EXPECT_EQ(Check(document, "s3.bucket.encryption"), CheckStatus::kPass);
  document["target"]["kms_key_id"] = "arn:aws:kms:us-west-2:123456789012:key/1234abcd";
  Finding finding = RunFinding(document, "s3.bucket.encryption");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  ASSERT_EQ(finding.fixes.size(), 1u);
  EXPECT_EQ(finding.fixes[0].operation, "PutBucketEncryption");
  // The same key named by its id passes.
  document["bucket_encryption"] = {
      {"output",
       {{"ServerSideEncryptionConfiguration",
         {{"Rules",
           {{{"ApplyServerSideEncryptionByDefault",
              {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", "1234abcd"}}}}}}}}}}};
  EXPECT_EQ(Check(document, "s3.bucket.encryption"), CheckStatus::kPass);
}

TEST(BucketChecksTest, PublicAccessBlockNeedsAllFour) {
  auto document = testing::PublicCloud();
  document["public_access_block"]["output"]["PublicAccessBlockConfiguration"]
          ["RestrictPublicBuckets"] = false;
  Finding finding = RunFinding(document, "s3.bucket.public_access_block");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("RestrictPublicBuckets"), std::string::npos);
  document["public_access_block"] = testing::AwsErrorResult("NoSuchPublicAccessBlockConfiguration");
  EXPECT_EQ(Check(document, "s3.bucket.public_access_block"), CheckStatus::kWarn);
  document["public_access_block"] = testing::AwsErrorResult("AccessDenied");
  EXPECT_EQ(Check(document, "s3.bucket.public_access_block"), CheckStatus::kSkip);
}

TEST(BucketChecksTest, LifecycleNeedsLogExpiryAndMultipartAbort) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "s3.bucket.lifecycle"), CheckStatus::kPass);
  auto& rules = document["bucket_lifecycle"]["output"]["Rules"];
  rules[0]["Status"] = "Disabled";
  Finding finding = RunFinding(document, "s3.bucket.lifecycle");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("expires logs"), std::string::npos);
  ASSERT_EQ(finding.fixes.size(), 1u);
  // The fix keeps the existing rules and adds the missing one.
  EXPECT_EQ(finding.fixes[0].params["LifecycleConfiguration"]["Rules"].size(), 4u);
  rules[0]["Status"] = "Enabled";
  rules[0]["Filter"] = {{"Prefix", "org_abcdefghijklmn0123456789/"}};  // a broader prefix counts
  EXPECT_EQ(Check(document, "s3.bucket.lifecycle"), CheckStatus::kPass);
  rules[0]["Filter"] = {{"Prefix", "other/"}};
  EXPECT_EQ(Check(document, "s3.bucket.lifecycle"), CheckStatus::kWarn);
  document["bucket_lifecycle"] = testing::AwsErrorResult("NoSuchLifecycleConfiguration");
  finding = RunFinding(document, "s3.bucket.lifecycle");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("multipart"), std::string::npos);
}

TEST(BucketChecksTest, TlsOnlyIsEvaluatedNotStringMatched) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "s3.bucket.tls_only"), CheckStatus::kPass);
  // A deny whose condition never matches plain HTTP does not count.
  json policy = json::parse(document["bucket_policy"]["output"]["Policy"].get<std::string>());
  for (auto& statement : policy["Statement"]) {
    if (statement["Effect"] == "Deny") {
      statement["Condition"] = {{"Bool", {{"aws:SecureTransport", "true"}}}};
    }
  }
  document["bucket_policy"]["output"]["Policy"] = policy.dump();
  Finding finding = RunFinding(document, "s3.bucket.tls_only");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  ASSERT_EQ(finding.fixes.size(), 1u);
  // A deny written differently (NotAction nothing, Principal AWS *) counts.
  json alternative = {{"Version", "2012-10-17"},
                      {"Statement",
                       {{{"Effect", "Deny"},
                         {"Principal", {{"AWS", "*"}}},
                         {"NotAction", "s3:GetBucketLocation"},
                         {"Resource", "arn:aws:s3:::raycloud-data-0123456789abcdefghijklmn*"},
                         {"Condition", {{"BoolIfExists", {{"aws:SecureTransport", "false"}}}}}}}}};
  document["bucket_policy"]["output"]["Policy"] = alternative.dump();
  EXPECT_EQ(Check(document, "s3.bucket.tls_only"), CheckStatus::kPass);
  document["bucket_policy"] = testing::AwsErrorResult("NoSuchBucketPolicy");
  EXPECT_EQ(Check(document, "s3.bucket.tls_only"), CheckStatus::kWarn);
}

}  // namespace
}  // namespace raycloud::verify
