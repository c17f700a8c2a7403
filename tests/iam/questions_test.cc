#include "iam/questions.h"

#include <gtest/gtest.h>

#include "iam/policy_parser.h"
#include "parse_policy_or_fail.h"

namespace raycloud::iam {
namespace {

using testing::ParsePolicyOrFail;

constexpr const char* kRole = "arn:aws:iam::111122223333:role/raycloud-cp";

TEST(QuestionsTest, MissingActionsListsOnlyWhatIsNotAllowed) {
  RolePolicies role{
      kRole,
      {ParsePolicyOrFail(R"({"Version":"2012-10-17","Statement":[
                        {"Sid":"Ec2","Effect":"Allow","Action":["ec2:Describe*","ec2:RunInstances"],"Resource":"*"},
                        {"Sid":"S3","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::data/*"}]})",
                         PolicyKind::kIdentity, "cp-policy")},
      ParsePolicyOrFail(
          R"({"Statement":{"Effect":"Allow","NotAction":"ec2:RunInstances","Resource":"*"}})",
          PolicyKind::kBoundary, "boundary")};
  PolicyPtr bucket =
      ParsePolicyOrFail(R"({"Version":"2012-10-17","Statement":{"Sid":"NoDelete","Effect":"Deny",
      "Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::data/*"}})",
                        PolicyKind::kResource, "bucket-policy");
  auto missing = MissingActions(role, bucket,
                                {{"ec2:DescribeSubnets", "*"},
                                 {"ec2:RunInstances", "*"},
                                 {"s3:PutObject", "arn:aws:s3:::data/k"},
                                 {"s3:DeleteObject", "arn:aws:s3:::data/k"},
                                 {"iam:PassRole", "arn:aws:iam::111122223333:role/node"}});
  ASSERT_TRUE(missing) << missing.error().message;
  ASSERT_EQ(missing->size(), 3u);
  EXPECT_EQ((*missing)[0].required.action, "ec2:RunInstances");
  EXPECT_EQ((*missing)[0].decision.step, DecisiveStep::kBoundary);
  EXPECT_EQ((*missing)[1].required.action, "s3:DeleteObject");
  EXPECT_EQ((*missing)[1].decision.kind, DecisionKind::kExplicitDeny);
  EXPECT_NE((*missing)[1].explanation.find("bucket-policy"), std::string::npos);
  EXPECT_EQ((*missing)[2].required.action, "iam:PassRole");
}

TEST(QuestionsTest, CanAssumeWithAndWithoutExternalId) {
  PolicyPtr trust = ParsePolicyOrFail(
      R"({"Version":"2012-10-17","Statement":[{"Sid":"ControlPlane","Effect":"Allow",
      "Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole",
      "Condition":{"StringEquals":{"sts:ExternalId":"ext-42"}}}]})",
      PolicyKind::kTrust, "trust");
  std::string caller = "arn:aws:iam::444455556666:role/control-plane";
  AssumeAnswer with = CanAssume(*trust, kRole, caller, "ext-42");
  EXPECT_TRUE(with.allowed) << with.explanation;
  EXPECT_TRUE(with.needs_identity_permission);
  ASSERT_EQ(with.decisive.size(), 1u);
  EXPECT_EQ(with.decisive[0]->Label(), "ControlPlane");
  EXPECT_FALSE(CanAssume(*trust, kRole, caller, std::nullopt).allowed);
  EXPECT_FALSE(CanAssume(*trust, kRole, caller, "wrong").allowed);
  EXPECT_FALSE(CanAssume(*trust, kRole, "arn:aws:iam::777788889999:role/x", "ext-42").allowed);
}

TEST(QuestionsTest, CanAssumeSameAccountDirectGrantNeedsNoIdentityPermission) {
  PolicyPtr trust = ParsePolicyOrFail(R"({"Statement":[{"Effect":"Allow","Principal":{"AWS":
      "arn:aws:iam::111122223333:user/ops"},"Action":"sts:AssumeRole"},
      {"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/intern"},"Action":"sts:*"}]})",
                                      PolicyKind::kTrust);
  AssumeAnswer ops = CanAssume(*trust, kRole, "arn:aws:iam::111122223333:user/ops", std::nullopt);
  EXPECT_TRUE(ops.allowed);
  EXPECT_FALSE(ops.needs_identity_permission);
  AssumeAnswer intern =
      CanAssume(*trust, kRole, "arn:aws:iam::111122223333:user/intern", std::nullopt);
  EXPECT_FALSE(intern.allowed);
  EXPECT_EQ(intern.decisive.size(), 1u);
}

TEST(QuestionsTest, OtherTrustedPrincipalsSkipsTheExpectedOnes) {
  PolicyPtr trust = ParsePolicyOrFail(R"({"Statement":[
      {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::444455556666:root","123456789012"]},
       "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}},
      {"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},
      {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity"},
      {"Effect":"Allow","Principal":{"AWS":"999999999999"},"Action":"sts:TagSession"}]})",
                                      PolicyKind::kTrust);
  auto others = OtherTrustedPrincipals(*trust, {"arn:aws:iam::444455556666:root"});
  ASSERT_EQ(others.size(), 3u);
  EXPECT_EQ(others[0].principal, "123456789012");
  EXPECT_TRUE(others[0].requires_external_id);
  EXPECT_EQ(others[1].principal, "ec2.amazonaws.com");
  EXPECT_FALSE(others[1].has_conditions);
  EXPECT_EQ(others[2].principal, "*");
}

TEST(QuestionsTest, FindsAdminAndPassRoleGrants) {
  RolePolicies admin{
      kRole,
      {ParsePolicyOrFail(
          R"({"Statement":[{"Sid":"Ec2","Effect":"Allow","Action":"ec2:*","Resource":"*"},
                          {"Sid":"Everything","Effect":"Allow","NotAction":"iam:CreateUser","Resource":"*"},
                          {"Sid":"Pass","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/*"},
                          {"Sid":"PassOne","Effect":"Allow","Action":"iam:PassRole",
                           "Resource":"arn:aws:iam::111122223333:role/raycloud-node"}]})",
          PolicyKind::kIdentity)},
      nullptr};
  auto grants = AdminGrants(admin);
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants[0].statement->Label(), "Everything");
  auto pass = PassRoleOnAnyRole(admin);
  ASSERT_EQ(pass.size(), 2u);
  EXPECT_EQ(pass[0].statement->Label(), "Everything");
  EXPECT_EQ(pass[1].statement->Label(), "Pass");

  // A boundary that rules out the broad grant makes it harmless.
  admin.boundary = ParsePolicyOrFail(
      R"({"Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}})", PolicyKind::kBoundary);
  EXPECT_TRUE(AdminGrants(admin).empty());
  EXPECT_TRUE(PassRoleOnAnyRole(admin).empty());
}

}  // namespace
}  // namespace raycloud::iam
