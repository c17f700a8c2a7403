#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

constexpr const char* kRoleArn = "arn:aws:iam::123456789012:role/demo-control-plane";
constexpr const char* kExternalId = "3f6c2a9e4b7d4e1fa0c5b8d2e9f1a7c3";

void SetTrust(json& document, const json& statements) {
  document["control_plane_role"]["role"]["output"]["Role"]["AssumeRolePolicyDocument"] =
      json{{"Version", "2012-10-17"}, {"Statement", statements}};
}

json Allow(const json& principal, const json& action, const json& condition = nullptr) {
  json statement = {{"Effect", "Allow"}, {"Principal", principal}, {"Action", action}};
  if (!condition.is_null()) statement["Condition"] = condition;
  return statement;
}

// A policy document entry of a role snapshot.
json PolicyEntry(const std::string& name, const std::string& kind, const std::string& statement) {
  return {{"name", name},
          {"kind", kind},
          {"document",
           {{"Version", "2012-10-17"}, {"Statement", json::array({json::parse(statement)})}}}};
}

json WithExternalId() { return {{"StringEquals", {{"sts:ExternalId", kExternalId}}}}; }

TEST(ControlPlaneTrustTest, ActionListsAndWildcardsAreEvaluated) {
  auto document = testing::PublicCloud();
  SetTrust(document, {Allow({{"AWS", "123456789012"}}, {"sts:TagSession", "sts:AssumeRole"},
                            WithExternalId())});
  EXPECT_EQ(Check(document, "iam.control_plane_role.trust"), CheckStatus::kPass);
  SetTrust(document,
           {Allow({{"AWS", "arn:aws:iam::123456789012:root"}}, "sts:Assume*", WithExternalId())});
  EXPECT_EQ(Check(document, "iam.control_plane_role.trust"), CheckStatus::kPass);
  SetTrust(document, {Allow({{"AWS", "arn:aws:iam::123456789012:root"}}, "sts:TagSession",
                            WithExternalId())});
  EXPECT_EQ(Check(document, "iam.control_plane_role.trust"), CheckStatus::kFail);
}

TEST(ControlPlaneTrustTest, ADenyOrAnotherPrincipalFails) {
  auto document = testing::PublicCloud();
  SetTrust(document, {Allow({{"AWS", "arn:aws:iam::999999999999:root"}}, "sts:AssumeRole",
                            WithExternalId())});
  Finding finding = RunFinding(document, "iam.control_plane_role.trust");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.remediation.find("aws iam update-assume-role-policy --role-name "
                                     "demo-control-plane --policy-document"),
            std::string::npos);
  SetTrust(document,
           {Allow({{"AWS", "arn:aws:iam::123456789012:root"}}, "sts:AssumeRole", WithExternalId()),
            {{"Effect", "Deny"}, {"Principal", "*"}, {"Action", "sts:*"}}});
  EXPECT_EQ(Check(document, "iam.control_plane_role.trust"), CheckStatus::kFail);
}

TEST(ControlPlaneTrustTest, OtherPrincipalsWarn) {
  auto document = testing::PublicCloud();
  SetTrust(document,
           {Allow({{"AWS",
                    {"arn:aws:iam::123456789012:root", "arn:aws:iam::444455556666:role/partner"}}},
                  "sts:AssumeRole", WithExternalId())});
  Finding finding = RunFinding(document, "iam.control_plane_role.trust");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("arn:aws:iam::444455556666:role/partner"), std::string::npos);
  SetTrust(document, {Allow("*", "sts:AssumeRole", WithExternalId())});
  finding = RunFinding(document, "iam.control_plane_role.trust");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("anyone"), std::string::npos);
  // A role of the trusted account is within the trusted principal.
  SetTrust(
      document,
      {Allow({{"AWS", {"arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/ops"}}},
             "sts:AssumeRole", WithExternalId())});
  EXPECT_EQ(Check(document, "iam.control_plane_role.trust"), CheckStatus::kPass);
}

TEST(ControlPlaneExternalIdTest, TrustWithoutOrWithLooseConditionFails) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "iam.control_plane_role.external_id"), CheckStatus::kPass);
  SetTrust(document, {Allow({{"AWS", "123456789012"}}, "sts:AssumeRole")});
  Finding finding = RunFinding(document, "iam.control_plane_role.external_id");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("without an external id"), std::string::npos);
  SetTrust(document, {Allow({{"AWS", "123456789012"}}, "sts:AssumeRole",
                            {{"StringLike", {{"sts:ExternalId", "*"}}}})});
  finding = RunFinding(document, "iam.control_plane_role.external_id");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("with another external id"), std::string::npos);
  EXPECT_EQ(finding.message.find("without an external id"), std::string::npos);
}

json& ControlPlanePolicy(json& document) {
  return document["control_plane_role"]["policies"][0]["document"];
}

TEST(ControlPlanePermissionsTest, MissingCoreActionsFailAndAreEachNamed) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "iam.control_plane_role.permissions"), CheckStatus::kPass);
  ControlPlanePolicy(document)["Statement"].push_back(
      {{"Sid", "NoTerminate"},
       {"Effect", "Deny"},
       {"Action", {"ec2:TerminateInstances", "ec2:RunInstances"}},
       {"Resource", "*"}});
  Finding finding = RunFinding(document, "iam.control_plane_role.permissions");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("ec2:TerminateInstances"), std::string::npos);
  EXPECT_NE(finding.message.find("ec2:RunInstances"), std::string::npos);
  EXPECT_NE(finding.message.find("statement NoTerminate"), std::string::npos);
  EXPECT_NE(finding.remediation.find("aws iam put-role-policy --role-name demo-control-plane"),
            std::string::npos);
}

TEST(ControlPlanePermissionsTest, TheBoundaryLimitsTheGrant) {
  auto document = testing::PublicCloud();
  document["control_plane_role"]["policies"].push_back(
      PolicyEntry("arn:aws:iam::123456789012:policy/boundary", "boundary",
                  R"({"Effect": "Allow", "NotAction": "ec2:*", "Resource": "*"})"));
  Finding finding = RunFinding(document, "iam.control_plane_role.permissions");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("permissions boundary"), std::string::npos);
}

TEST(ControlPlanePermissionsTest, MissingServicesActionsOnlyWarn) {
  auto document = testing::PublicCloud();
  json kept = json::array();
  for (const auto& statement : ControlPlanePolicy(document)["Statement"]) {
    bool services = false;
    for (const auto& action : statement["Action"]) {
      std::string name = action.get<std::string>();
      services = services || name.starts_with("elasticloadbalancing:") ||
                 name.starts_with("acm:") || name.starts_with("cloudformation:");
    }
    if (!services) kept.push_back(statement);
  }
  ControlPlanePolicy(document)["Statement"] = kept;
  Finding finding = RunFinding(document, "iam.control_plane_role.permissions");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("services"), std::string::npos);
}

TEST(ControlPlanePermissionsTest, AdministratorAccessWarns) {
  auto document = testing::PublicCloud();
  document["control_plane_role"]["policies"].push_back(
      PolicyEntry("arn:aws:iam::aws:policy/AdministratorAccess", "managed",
                  R"({"Effect": "Allow", "Action": "*", "Resource": "*"})"));
  Finding finding = RunFinding(document, "iam.control_plane_role.permissions");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("* on *"), std::string::npos);
  EXPECT_NE(finding.message.find("iam:PassRole on any role"), std::string::npos);
}

TEST(ControlPlanePermissionsTest, UnreadablePolicySkips) {
  auto document = testing::PublicCloud();
  document["control_plane_role"]["policies"][0]["error"] = "AccessDenied: no";
  EXPECT_EQ(Check(document, "iam.control_plane_role.permissions"), CheckStatus::kSkip);
}

TEST(ControlPlaneAssumeTest, RealAssumptionAndEvaluatedRefusalWithoutExternalId) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "iam.control_plane_role.assume"), CheckStatus::kPass);
  auto denied = testing::PublicCloud();
  denied["assume_role"] = {{"error", {{"code", "AccessDenied"}, {"message", "not authorized"}}}};
  Finding finding = RunFinding(denied, "iam.control_plane_role.assume");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("AccessDenied"), std::string::npos);
  auto loose = testing::PublicCloud();
  SetTrust(loose, {Allow({{"AWS", "123456789012"}}, "sts:AssumeRole")});
  EXPECT_EQ(Check(loose, "iam.control_plane_role.assume"), CheckStatus::kFail);
}

TEST(ControlPlaneAssumeTest, SkipsWhenTheCredentialsAreNotTheTrustedPrincipals) {
  auto document = testing::PublicCloud();
  document["target"]["control_plane_principal"] = "arn:aws:iam::525325868955:root";
  Finding finding = RunFinding(document, "iam.control_plane_role.assume");
  EXPECT_EQ(finding.status, CheckStatus::kSkip);
  EXPECT_NE(finding.message.find("arn:aws:iam::123456789012:user/operator"), std::string::npos);
}

TEST(InstanceRoleTest, TrustAndInstanceProfile) {
  auto document = testing::PublicCloud();
  auto& trust = document["instance_role"]["role"]["output"]["Role"]["AssumeRolePolicyDocument"];
  trust["Statement"][0]["Principal"] = {{"Service", "lambda.amazonaws.com"}};
  EXPECT_EQ(Check(document, "iam.instance_role.trust"), CheckStatus::kFail);

  auto no_profile = testing::PublicCloud();
  no_profile["instance_role"]["instance_profile"] = {
      {"error", {{"code", "NoSuchEntity"}, {"message", "no"}}}};
  Finding finding = RunFinding(no_profile, "iam.instance_role.instance_profile");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_EQ(finding.remediation,
            "aws iam create-instance-profile --instance-profile-name demo-instance && aws iam "
            "add-role-to-instance-profile --instance-profile-name demo-instance --role-name "
            "demo-instance");

  auto other_role = testing::PublicCloud();
  other_role["instance_role"]["instance_profile"]["output"]["InstanceProfile"]["Roles"] = {
      {{"RoleName", "someone-else"}}};
  finding = RunFinding(other_role, "iam.instance_role.instance_profile");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.remediation.find("remove-role-from-instance-profile --instance-profile-name "
                                     "demo-instance --role-name someone-else"),
            std::string::npos);
}

TEST(InstanceRoleTest, MissingRoleFailsOnceAndItsChecksSkip) {
  auto document = testing::PublicCloud();
  document["instance_role"]["role"] = {{"error", {{"code", "NoSuchEntity"}, {"message", "x"}}}};
  Findings findings = RunChecks(testing::ToSnapshot(document));
  EXPECT_EQ(testing::StatusOf(findings, "iam.instance_role.exists"), CheckStatus::kFail);
  for (const char* id : {"iam.instance_role.trust", "iam.instance_role.instance_profile",
                         "iam.instance_role.s3_access"}) {
    EXPECT_EQ(testing::StatusOf(findings, id), CheckStatus::kSkip) << id;
  }
}

json BucketPolicy(json& document) {
  return json::parse(document["bucket_policy"]["output"]["Policy"].get<std::string>());
}

TEST(BucketAccessTest, ABucketPolicyDenyOnTheInstanceRoleFails) {
  auto document = testing::PublicCloud();
  json policy = BucketPolicy(document);
  policy["Statement"].push_back(
      {{"Sid", "NoDeletes"},
       {"Effect", "Deny"},
       {"Principal", {{"AWS", "arn:aws:iam::123456789012:role/demo-instance"}}},
       {"Action", "s3:DeleteObject"},
       {"Resource", "arn:aws:s3:::raycloud-data-0123456789abcdefghijklmn/*"}});
  document["bucket_policy"]["output"]["Policy"] = policy.dump();
  Finding finding = RunFinding(document, "iam.instance_role.s3_access");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("s3:DeleteObject"), std::string::npos);
  EXPECT_NE(finding.message.find("NoDeletes"), std::string::npos);
  EXPECT_NE(finding.remediation.find("aws s3api put-bucket-policy"), std::string::npos);
  EXPECT_EQ(Check(document, "s3.bucket.control_plane_access"), CheckStatus::kPass);
}

TEST(BucketAccessTest, ControlPlaneNeedsTheBucketPolicyOrItsOwnGrant) {
  auto document = testing::PublicCloud();
  json policy = BucketPolicy(document);
  json kept = json::array();
  for (auto statement : policy["Statement"]) {
    if (statement["Effect"] == "Allow") {
      statement["Principal"] = {{"AWS", "arn:aws:iam::123456789012:role/demo-instance"}};
    }
    kept.push_back(statement);
  }
  policy["Statement"] = kept;
  document["bucket_policy"]["output"]["Policy"] = policy.dump();
  Finding finding = RunFinding(document, "s3.bucket.control_plane_access");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_EQ(finding.resource, "raycloud-data-0123456789abcdefghijklmn");
  EXPECT_NE(finding.message.find("s3:ListBucket"), std::string::npos);
  EXPECT_EQ(Check(document, "iam.instance_role.s3_access"), CheckStatus::kPass);
}

TEST(BucketAccessTest, InstanceRoleBoundaryWithoutS3Fails) {
  auto document = testing::PublicCloud();
  document["instance_role"]["policies"].push_back(
      PolicyEntry("arn:aws:iam::123456789012:policy/no-s3", "boundary",
                  R"({"Effect": "Allow", "Action": "ec2:*", "Resource": "*"})"));
  EXPECT_EQ(Check(document, "iam.instance_role.s3_access"), CheckStatus::kFail);
}

TEST(SameAccountTest, RolesOfAnotherAccountFail) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "iam.same_account"), CheckStatus::kPass);
  document["target"]["instance_role_arn"] = "arn:aws:iam::210987654321:role/demo-instance";
  Finding finding = RunFinding(document, "iam.same_account");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("210987654321"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::verify
