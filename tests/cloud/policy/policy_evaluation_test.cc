// The generated documents evaluated with raycloud's IAM engine: every row of the
// required-actions table is allowed with the row's context, and nothing else is.
#include <gtest/gtest.h>

#include "cloud/policy/policy_documents.h"
#include "iam/evaluator.h"
#include "iam/policy_parser.h"
#include "sample_policy_params.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;

constexpr const char* kSession =
    "arn:aws:sts::123456789012:assumed-role/demo-control-plane/raycloud";
constexpr const char* kInstanceSession =
    "arn:aws:sts::123456789012:assumed-role/demo-instance/i-0123456789abcdef0";

using testing::SamplePolicyParams;

iam::PolicyPtr Parse(const json& document, const char* name, iam::PolicyKind kind) {
  auto policy = iam::ParsePolicyJson(document, name, kind);
  EXPECT_TRUE(policy) << name << ": " << (policy ? "" : policy.error().message);
  return policy ? *policy : nullptr;
}

iam::Evaluator MakeEvaluator(iam::PolicySet set) {
  auto evaluator = iam::Evaluator::Create(std::move(set));
  EXPECT_TRUE(evaluator) << (evaluator ? "" : evaluator.error().message);
  return std::move(*evaluator);
}

iam::Request MakeRequest(std::string principal, std::string action, std::string resource,
                         const std::vector<std::pair<std::string, std::string>>& context = {}) {
  iam::Request request;
  request.principal = std::move(principal);
  request.action = std::move(action);
  request.resource = std::move(resource);
  for (const auto& [key, value] : context) request.context.Set(key, value);
  return iam::WithDerivedContext(request);
}

class ControlPlanePolicyEvaluationTest : public ::testing::Test {
 protected:
  ControlPlanePolicyEvaluationTest()
      : evaluator_(MakeEvaluator(
            {.identity = {Parse(ControlPlanePolicy(SamplePolicyParams()), "control_plane_policy",
                                iam::PolicyKind::kIdentity)}})) {}

  iam::Decision Evaluate(const iam::Request& request) const { return evaluator_.Evaluate(request); }

  iam::Evaluator evaluator_;
};

TEST_F(ControlPlanePolicyEvaluationTest, EveryRowIsAllowedWithItsContext) {
  int rows = 0;
  for (const auto& row : ExpandedRequiredActions(SamplePolicyParams())) {
    auto request = MakeRequest(kSession, row.action, ExampleResource(row.resource), row.context);
    EXPECT_TRUE(Evaluate(request).allowed()) << row.action << " on " << request.resource << ": "
                                             << iam::Explain(Evaluate(request), request);
    ++rows;
  }
  EXPECT_EQ(rows, static_cast<int>(RequiredActions().size()));
}

TEST_F(ControlPlanePolicyEvaluationTest, RowsWithAContextAreDeniedWithoutIt) {
  int checked = 0;
  for (const auto& row : ExpandedRequiredActions(SamplePolicyParams())) {
    if (row.context.empty()) continue;
    const std::string resource = ExampleResource(row.resource);
    EXPECT_FALSE(Evaluate(MakeRequest(kSession, row.action, resource)).allowed())
        << row.action << " on " << resource << " without context";
    // Another cloud's tag (or another service, for PassRole) is not enough either.
    auto other = row.context;
    for (auto& [key, value] : other) value = "cld_someothercloud000000000";
    EXPECT_FALSE(Evaluate(MakeRequest(kSession, row.action, resource, other)).allowed())
        << row.action << " on " << resource << " with another cloud's context";
    ++checked;
  }
  EXPECT_GT(checked, 30);
}

TEST_F(ControlPlanePolicyEvaluationTest, UnrelatedActionsAreDenied) {
  const std::pair<const char*, const char*> unrelated[] = {
      {"ec2:DeleteVpc", "arn:aws:ec2:us-west-2:123456789012:vpc/vpc-0123"},
      {"ec2:CreateVpc", "*"},
      {"ec2:AuthorizeSecurityGroupIngress",
       "arn:aws:ec2:us-west-2:123456789012:security-group/sg-1"},
      {"iam:CreateUser", "arn:aws:iam::123456789012:user/mallory"},
      {"iam:PutRolePolicy", "arn:aws:iam::123456789012:role/demo-control-plane"},
      {"s3:DeleteBucket", "arn:aws:s3:::raycloud-data-abcdefghijklmnopqrstuvwx"},
      {"sts:AssumeRole", "arn:aws:iam::123456789012:role/admin"},
      // RunInstances in another region.
      {"ec2:RunInstances", "arn:aws:ec2:eu-west-1::image/ami-0123"},
  };
  for (const auto& [action, resource] : unrelated) {
    EXPECT_FALSE(Evaluate(MakeRequest(kSession, action, resource)).allowed()) << action;
  }
  // PassRole only for the instance role, and only to EC2.
  EXPECT_FALSE(
      Evaluate(MakeRequest(kSession, "iam:PassRole", "arn:aws:iam::123456789012:role/admin",
                           {{"iam:PassedToService", "ec2.amazonaws.com"}}))
          .allowed());
  EXPECT_FALSE(
      Evaluate(MakeRequest(kSession, "iam:PassRole", SamplePolicyParams().instance_role_arn,
                           {{"iam:PassedToService", "lambda.amazonaws.com"}}))
          .allowed());
  // Terminating an instance of another cloud.
  EXPECT_FALSE(Evaluate(MakeRequest(kSession, "ec2:TerminateInstances",
                                    "arn:aws:ec2:us-west-2:123456789012:instance/i-1",
                                    {{"aws:ResourceTag/raycloud-cloud-id", "cld_other"}}))
                   .allowed());
}

TEST(TrustPolicyEvaluationTest, ControlPlaneRoleNeedsThePrincipalAndTheExternalId) {
  auto evaluator = MakeEvaluator({.resource = Parse(ControlPlaneTrustPolicy(SamplePolicyParams()),
                                                    "trust", iam::PolicyKind::kTrust)});
  const char* role = "arn:aws:iam::123456789012:role/demo-control-plane";
  const char* operator_arn = "arn:aws:iam::123456789012:role/operator";
  auto allowed = MakeRequest(operator_arn, "sts:AssumeRole", role,
                             {{"sts:ExternalId", SamplePolicyParams().external_id}});
  EXPECT_TRUE(evaluator.Evaluate(allowed).allowed())
      << iam::Explain(evaluator.Evaluate(allowed), allowed);
  EXPECT_FALSE(evaluator.Evaluate(MakeRequest(operator_arn, "sts:AssumeRole", role)).allowed());
  EXPECT_FALSE(evaluator
                   .Evaluate(MakeRequest(operator_arn, "sts:AssumeRole", role,
                                         {{"sts:ExternalId", "guessed"}}))
                   .allowed());
  EXPECT_FALSE(
      evaluator
          .Evaluate(MakeRequest("arn:aws:iam::123456789012:role/someone-else", "sts:AssumeRole",
                                role, {{"sts:ExternalId", SamplePolicyParams().external_id}}))
          .allowed());
}

TEST(TrustPolicyEvaluationTest, InstanceRoleIsForEc2Only) {
  auto evaluator = MakeEvaluator({.resource = Parse(InstanceTrustPolicy(SamplePolicyParams()),
                                                    "trust", iam::PolicyKind::kTrust)});
  const char* role = "arn:aws:iam::123456789012:role/demo-instance";
  EXPECT_TRUE(
      evaluator.Evaluate(MakeRequest("ec2.amazonaws.com", "sts:AssumeRole", role)).allowed());
  EXPECT_FALSE(
      evaluator.Evaluate(MakeRequest("lambda.amazonaws.com", "sts:AssumeRole", role)).allowed());
}

TEST(BucketAccessEvaluationTest, BothRolesReachTheBucketOverTlsOnly) {
  const PolicyParams params = SamplePolicyParams();
  const std::string bucket = "arn:aws:s3:::" + params.bucket_name;
  const std::string object = bucket + "/org_x/cld_y/logs/ray.log";
  auto bucket_policy = Parse(BucketPolicy(params), "bucket_policy", iam::PolicyKind::kResource);
  auto instance = MakeEvaluator(
      {.identity = {Parse(InstancePolicy(params), "instance_policy", iam::PolicyKind::kIdentity)},
       .resource = bucket_policy});
  auto control_plane =
      MakeEvaluator({.identity = {Parse(ControlPlanePolicy(params), "control_plane_policy",
                                        iam::PolicyKind::kIdentity)},
                     .resource = bucket_policy});
  const std::vector<std::pair<std::string, std::string>> tls = {{"aws:SecureTransport", "true"}};
  for (const auto* evaluator : {&instance, &control_plane}) {
    const char* session = evaluator == &instance ? kInstanceSession : kSession;
    for (const auto& action : ObjectLevelActions()) {
      auto request = MakeRequest(session, action, object, tls);
      EXPECT_TRUE(evaluator->Evaluate(request).allowed())
          << session << " " << action << ": "
          << iam::Explain(evaluator->Evaluate(request), request);
    }
    for (const auto& action : BucketLevelActions()) {
      EXPECT_TRUE(evaluator->Evaluate(MakeRequest(session, action, bucket, tls)).allowed())
          << session << " " << action;
    }
    auto plain = MakeRequest(session, "s3:GetObject", object, {{"aws:SecureTransport", "false"}});
    EXPECT_EQ(evaluator->Evaluate(plain).kind, iam::DecisionKind::kExplicitDeny) << session;
    EXPECT_FALSE(evaluator
                     ->Evaluate(MakeRequest(session, "s3:GetObject",
                                            "arn:aws:s3:::someone-elses-bucket/key", tls))
                     .allowed());
    EXPECT_FALSE(
        evaluator->Evaluate(MakeRequest(session, "s3:DeleteBucket", bucket, tls)).allowed());
    EXPECT_FALSE(
        evaluator->Evaluate(MakeRequest(session, "s3:PutBucketPolicy", bucket, tls)).allowed());
  }
  // Another principal of the account gets nothing from the bucket policy.
  auto stranger = MakeEvaluator({.resource = bucket_policy});
  EXPECT_FALSE(stranger
                   .Evaluate(MakeRequest("arn:aws:iam::123456789012:user/mallory", "s3:GetObject",
                                         object, tls))
                   .allowed());
}

}  // namespace
}  // namespace raycloud::cloud
