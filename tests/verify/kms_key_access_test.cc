// iam.instance_role.s3_access on an SSE-KMS bucket: the key policy is evaluated with the
// instance role's identity policies and boundary under KMS's rules (recorded snapshots).
#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::RunFinding;

constexpr const char* kKmsKeyArn =
    "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
constexpr const char* kKmsRoleArn = "arn:aws:iam::123456789012:role/demo-instance";
constexpr const char* kKmsCheck = "iam.instance_role.s3_access";

json KmsAccountRootStatement() {
  return {{"Sid", "EnableIAMUserPermissions"},
          {"Effect", "Allow"},
          {"Principal", {{"AWS", "arn:aws:iam::123456789012:root"}}},
          {"Action", "kms:*"},
          {"Resource", "*"}};
}

json KmsRoleStatement(const char* effect, const char* sid, const json& actions) {
  return {{"Sid", sid},
          {"Effect", effect},
          {"Principal", {{"AWS", kKmsRoleArn}}},
          {"Action", actions},
          {"Resource", "*"}};
}

// The public cloud with its bucket encrypted by the customer key, whose policy holds
// `statements`.
json KmsCloud(const json& statements, const std::string& state = "Enabled") {
  json document = testing::PublicCloud();
  document["bucket_encryption"] = {
      {"output",
       {{"ServerSideEncryptionConfiguration",
         {{"Rules",
           {{{"ApplyServerSideEncryptionByDefault",
              {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", kKmsKeyArn}}},
             {"BucketKeyEnabled", true}}}}}}}}};
  document["kms_key"] = {{"output",
                          {{"KeyMetadata",
                            {{"KeyId", "1234abcd-12ab-34cd-56ef-1234567890ab"},
                             {"Arn", kKmsKeyArn},
                             {"KeyState", state},
                             {"Enabled", state == "Enabled"},
                             {"KeyManager", "CUSTOMER"},
                             {"KeySpec", "SYMMETRIC_DEFAULT"},
                             {"KeyUsage", "ENCRYPT_DECRYPT"}}}}}};
  document["kms_key_policy"] = {
      {"output", {{"Policy", json{{"Version", "2012-10-17"}, {"Statement", statements}}.dump()}}}};
  return document;
}

// An inline policy of the instance role granting the key through S3, as setup writes it.
void GrantKeyInIdentityPolicy(json& document) {
  document["instance_role"]["policies"].push_back(
      {{"name", "kms"},
       {"kind", "inline"},
       {"document",
        {{"Version", "2012-10-17"},
         {"Statement",
          {{{"Effect", "Allow"},
            {"Action", {"kms:Decrypt", "kms:GenerateDataKey"}},
            {"Resource", kKmsKeyArn},
            {"Condition",
             {{"StringEquals", {{"kms:ViaService", "s3.us-west-2.amazonaws.com"}}}}}}}}}}});
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(KmsKeyAccessTest, KeyPolicyAllowingTheRoleDirectlyPasses) {
  json document = KmsCloud(
      {KmsAccountRootStatement(),
       KmsRoleStatement("Allow", "RayclusterUse", {"kms:Decrypt", "kms:GenerateDataKey*"})});
  Finding finding = RunFinding(document, kKmsCheck);
  EXPECT_EQ(finding.status, CheckStatus::kPass) << finding.message;
  EXPECT_TRUE(Contains(finding.message, kKmsKeyArn)) << finding.message;
}

TEST(KmsKeyAccessTest, KeyPolicyAllowingTheAccountLeavesItToIdentityPolicies) {
  json document = KmsCloud({KmsAccountRootStatement()});
  Finding finding = RunFinding(document, kKmsCheck);
  ASSERT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(finding.message,
                       "kms:Decrypt and kms:GenerateDataKey on " + std::string(kKmsKeyArn)))
      << finding.message;
  EXPECT_TRUE(Contains(finding.message, "no identity policy of the role allows it"))
      << finding.message;
  // The fix is the policy setup writes, naming the key the bucket uses; not the key policy.
  EXPECT_TRUE(Contains(finding.remediation,
                       "aws iam put-role-policy --role-name demo-instance --policy-name "
                       "raycloud-bucket-access"));
  EXPECT_TRUE(Contains(finding.remediation, "CloudBucketKmsKey"));
  EXPECT_TRUE(Contains(finding.remediation, kKmsKeyArn));
  EXPECT_FALSE(Contains(finding.remediation, "put-key-policy"));

  GrantKeyInIdentityPolicy(document);
  EXPECT_EQ(Check(document, kKmsCheck), CheckStatus::kPass);
}

TEST(KmsKeyAccessTest, AKeyPolicyNamingNeitherTheRoleNorItsAccountFails) {
  json other = KmsAccountRootStatement();
  other["Principal"]["AWS"] = "arn:aws:iam::123456789012:role/key-admin";
  json document = KmsCloud({other});
  GrantKeyInIdentityPolicy(document);  // IAM alone never suffices for a KMS key
  Finding finding = RunFinding(document, kKmsCheck);
  ASSERT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(finding.message, "the key policy allows neither the role nor its account"));
  EXPECT_TRUE(Contains(finding.remediation, "aws kms put-key-policy --key-id " +
                                                std::string(kKmsKeyArn) +
                                                " --policy-name default --policy '"));
  EXPECT_TRUE(Contains(finding.remediation, "RaycloudInstanceRoleThroughS3"));
  EXPECT_TRUE(Contains(finding.remediation, "key-admin"));  // the existing statement is kept
  EXPECT_TRUE(Contains(finding.remediation, "--region us-west-2"));
}

TEST(KmsKeyAccessTest, AnExplicitDenyInTheKeyPolicyWinsAndIsNamed) {
  json document =
      KmsCloud({KmsAccountRootStatement(),
                KmsRoleStatement("Allow", "RoleUse", {"kms:Decrypt", "kms:GenerateDataKey"}),
                KmsRoleStatement("Deny", "NoDecryptForInstances", "kms:Decrypt")});
  GrantKeyInIdentityPolicy(document);
  Finding finding = RunFinding(document, kKmsCheck);
  ASSERT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(finding.message, "kms:Decrypt"));
  EXPECT_TRUE(Contains(finding.message, "NoDecryptForInstances"));
  EXPECT_FALSE(Contains(finding.message, "kms:GenerateDataKey"));  // that one is allowed
  EXPECT_TRUE(Contains(finding.remediation, "aws kms put-key-policy"));
  EXPECT_FALSE(Contains(finding.remediation, "NoDecryptForInstances"));  // removed in the fix
  EXPECT_TRUE(Contains(finding.remediation, "RoleUse"));
}

TEST(KmsKeyAccessTest, AnIdentityDenyOrABoundaryWithoutKmsFails) {
  json document =
      KmsCloud({KmsAccountRootStatement(), KmsRoleStatement("Allow", "RoleUse", "kms:*")});
  json denied = document;
  denied["instance_role"]["policies"].push_back(
      {{"name", "no-kms"},
       {"kind", "inline"},
       {"document",
        {{"Version", "2012-10-17"},
         {"Statement",
          {{{"Sid", "NoKms"}, {"Effect", "Deny"}, {"Action", "kms:*"}, {"Resource", "*"}}}}}}});
  Finding finding = RunFinding(denied, kKmsCheck);
  ASSERT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(finding.message, "statement NoKms of no-kms"));
  EXPECT_TRUE(Contains(finding.remediation, "remove or narrow statement NoKms of no-kms"));

  document["instance_role"]["policies"].push_back(
      {{"name", "arn:aws:iam::123456789012:policy/s3-only"},
       {"kind", "boundary"},
       {"document",
        {{"Version", "2012-10-17"},
         {"Statement", {{{"Effect", "Allow"}, {"Action", "s3:*"}, {"Resource", "*"}}}}}}});
  finding = RunFinding(document, kKmsCheck);
  ASSERT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(finding.message, "the permissions boundary does not allow it"));
  EXPECT_TRUE(Contains(finding.remediation,
                       "in the permissions boundary arn:aws:iam::123456789012:policy/s3-only"));
}

TEST(KmsKeyAccessTest, ADisabledOrDeletedKeyFails) {
  json statements = {KmsAccountRootStatement(),
                     KmsRoleStatement("Allow", "RoleUse", {"kms:Decrypt", "kms:GenerateDataKey"})};
  Finding disabled = RunFinding(KmsCloud(statements, "Disabled"), kKmsCheck);
  ASSERT_EQ(disabled.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(disabled.message, std::string(kKmsKeyArn) + " is Disabled"));
  EXPECT_EQ(disabled.remediation,
            std::string("aws kms enable-key --key-id ") + kKmsKeyArn + " --region us-west-2");

  Finding pending = RunFinding(KmsCloud(statements, "PendingDeletion"), kKmsCheck);
  ASSERT_EQ(pending.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(pending.message, "PendingDeletion"));
  EXPECT_TRUE(Contains(pending.remediation, "aws kms cancel-key-deletion --key-id "));
  EXPECT_TRUE(Contains(pending.remediation, "&& aws kms enable-key"));

  json missing = KmsCloud(statements);
  missing["kms_key"] = testing::AwsErrorResult("NotFoundException");
  missing["kms_key_policy"] = testing::AwsErrorResult("NotFoundException");
  Finding gone = RunFinding(missing, kKmsCheck);
  EXPECT_EQ(gone.status, CheckStatus::kFail);
  EXPECT_TRUE(Contains(gone.message, "does not exist"));
}

TEST(KmsKeyAccessTest, TheAwsManagedKeyServesTheAccountThroughS3) {
  json document = KmsCloud(json::array());
  document["kms_key"]["output"]["KeyMetadata"]["KeyManager"] = "AWS";
  document.erase("kms_key_policy");
  EXPECT_EQ(Check(document, kKmsCheck), CheckStatus::kPass);
  // aws:kms without a key id is the AWS managed key: nothing was read, nothing is needed.
  document["bucket_encryption"]["output"]["ServerSideEncryptionConfiguration"]["Rules"][0]
          ["ApplyServerSideEncryptionByDefault"]
              .erase("KMSMasterKeyID");
  document.erase("kms_key");
  EXPECT_EQ(Check(document, kKmsCheck), CheckStatus::kPass);
}

TEST(KmsKeyAccessTest, AnUnreadableKeyPolicySkipsAndTheControlPlaneIgnoresTheKey) {
  json document = KmsCloud({KmsAccountRootStatement()});
  // verify-checks.md: the control plane's access is identity + bucket policy only.
  EXPECT_EQ(Check(document, "s3.bucket.control_plane_access"), CheckStatus::kPass);
  document["kms_key_policy"] = testing::AwsErrorResult("AccessDeniedException");
  Finding finding = RunFinding(document, kKmsCheck);
  EXPECT_EQ(finding.status, CheckStatus::kSkip);
  EXPECT_TRUE(Contains(finding.message, "AccessDeniedException"));
}

TEST(KmsKeyAccessTest, TheKeyCallsSurviveTheSnapshotsJsonForm) {
  json document = KmsCloud({KmsAccountRootStatement()}, "Disabled");
  json again = SnapshotToJson(testing::ToSnapshot(document));
  EXPECT_EQ(again["kms_key"], document["kms_key"]);
  EXPECT_EQ(again["kms_key_policy"], document["kms_key_policy"]);
  EXPECT_EQ(Check(again, kKmsCheck), CheckStatus::kFail);
}

}  // namespace
}  // namespace raycloud::verify
