#include "iam/evaluator.h"

#include <gtest/gtest.h>

#include <thread>

#include "iam/policy_parser.h"
#include "parse_policy_or_fail.h"

namespace raycloud::iam {
namespace {

using testing::ParsePolicyOrFail;

Request R(std::string principal, std::string action, std::string resource) {
  Request request;
  request.principal = std::move(principal);
  request.action = std::move(action);
  request.resource = std::move(resource);
  return request;
}

constexpr const char* kUser = "arn:aws:iam::111122223333:user/alice";

TEST(EvaluatorTest, ImplicitDenyWithoutPolicies) {
  auto evaluator = Evaluator::Create({});
  ASSERT_TRUE(evaluator);
  Decision decision = evaluator->Evaluate(R(kUser, "s3:GetObject", "arn:aws:s3:::b/k"));
  EXPECT_EQ(decision.kind, DecisionKind::kImplicitDeny);
  EXPECT_TRUE(decision.decisive.empty());
}

TEST(EvaluatorTest, ActionsMatchCaseInsensitivelyResourcesCaseSensitively) {
  PolicySet set;
  set.identity.push_back(ParsePolicyOrFail(R"({"Statement":{"Sid":"S","Effect":"Allow",
      "Action":"S3:get*","Resource":"arn:aws:s3:::Bucket/*"}})"));
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_TRUE(evaluator);
  EXPECT_TRUE(evaluator->Evaluate(R(kUser, "s3:GETOBJECT", "arn:aws:s3:::Bucket/k")).allowed());
  EXPECT_FALSE(evaluator->Evaluate(R(kUser, "s3:GetObject", "arn:aws:s3:::bucket/k")).allowed());
}

TEST(EvaluatorTest, ExplicitDenyNamesEveryApplicableDeny) {
  PolicySet set;
  set.identity.push_back(ParsePolicyOrFail(R"({"Statement":[
      {"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"},
      {"Sid":"NoDelete","Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]})",
                                           PolicyKind::kIdentity, "role.json"));
  set.boundary = ParsePolicyOrFail(R"({"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},
      {"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]})",
                                   PolicyKind::kBoundary, "boundary.json");
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_TRUE(evaluator);
  Request request = R(kUser, "s3:DeleteObject", "arn:aws:s3:::b/k");
  Decision decision = evaluator->Evaluate(request);
  EXPECT_EQ(decision.kind, DecisionKind::kExplicitDeny);
  ASSERT_EQ(decision.decisive.size(), 2u);
  EXPECT_EQ(decision.decisive[0]->Label(), "NoDelete");
  EXPECT_EQ(decision.decisive[1]->policy->name, "boundary.json");
  EXPECT_EQ(decision.decisive[1]->Label(), "2");
  std::string text = Explain(decision, request);
  EXPECT_NE(text.find("\"NoDelete\""), std::string::npos) << text;
  EXPECT_NE(text.find("boundary.json"), std::string::npos) << text;
}

TEST(EvaluatorTest, TraceSaysWhyEachStatementDidNotApply) {
  PolicySet set;
  set.identity.push_back(ParsePolicyOrFail(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"Other","Effect":"Allow","Action":"ec2:*","Resource":"*"},
      {"Sid":"Elsewhere","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::other/*"},
      {"Sid":"Tagged","Effect":"Allow","Action":"s3:*","Resource":"*",
       "Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue"}}}]})"));
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_TRUE(evaluator);
  Request request = R(kUser, "s3:GetObject", "arn:aws:s3:::b/k");
  request.context.Set("aws:PrincipalTag/team", "red");
  Decision decision = evaluator->Evaluate(request, {.trace = true});
  EXPECT_EQ(decision.kind, DecisionKind::kImplicitDeny);
  ASSERT_EQ(decision.trace.size(), 3u);
  EXPECT_NE(decision.trace[0].why.find("Action"), std::string::npos) << decision.trace[0].why;
  EXPECT_NE(decision.trace[1].why.find("Resource"), std::string::npos) << decision.trace[1].why;
  EXPECT_NE(decision.trace[2].why.find("aws:PrincipalTag/team=red"), std::string::npos)
      << decision.trace[2].why;
}

TEST(EvaluatorTest, ResourcePolicyVariablesResolveFromContext) {
  PolicySet set;
  set.identity.push_back(ParsePolicyOrFail(R"({"Version":"2012-10-17","Statement":{"Effect":"Allow",
      "Action":"s3:GetObject","Resource":"arn:aws:s3:::home/${aws:username}/*"}})"));
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_TRUE(evaluator);
  Request mine = WithDerivedContext(R(kUser, "s3:GetObject", "arn:aws:s3:::home/alice/x"));
  Request theirs = WithDerivedContext(R(kUser, "s3:GetObject", "arn:aws:s3:::home/bob/x"));
  EXPECT_TRUE(evaluator->Evaluate(mine).allowed());
  EXPECT_FALSE(evaluator->Evaluate(theirs).allowed());
  // Without the key the variable has no value and the statement does not apply.
  EXPECT_FALSE(
      evaluator->Evaluate(R(kUser, "s3:GetObject", "arn:aws:s3:::home/alice/x")).allowed());
}

TEST(EvaluatorTest, AVariableWithoutValueNeverWidensNotResource) {
  PolicySet set;
  set.identity.push_back(ParsePolicyOrFail(R"({"Version":"2012-10-17","Statement":[
      {"Sid":"All","Effect":"Allow","Action":"s3:*","Resource":"*"},
      {"Sid":"OutsideHome","Effect":"Deny","Action":"s3:*",
       "NotResource":"arn:aws:s3:::b/home/${aws:username}/*"}]})"));
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_TRUE(evaluator);
  Request session = R("arn:aws:sts::111122223333:assumed-role/app/s", "s3:GetObject",
                      "arn:aws:s3:::b/home/alice/x");
  // No aws:username: whether the object is "outside home" is unknown, so NotResource fails
  // and the Deny does not apply.
  EXPECT_TRUE(evaluator->Evaluate(session).allowed());
  // Whatever the name, another bucket is outside every home: the Deny applies.
  session.resource = "arn:aws:s3:::other/x";
  EXPECT_EQ(evaluator->Evaluate(session).kind, DecisionKind::kExplicitDeny);
  Request alice = WithDerivedContext(R(kUser, "s3:GetObject", "arn:aws:s3:::b/home/bob/x"));
  EXPECT_EQ(evaluator->Evaluate(alice).kind, DecisionKind::kExplicitDeny);
  alice.resource = "arn:aws:s3:::b/home/alice/x";
  EXPECT_TRUE(evaluator->Evaluate(alice).allowed());
}

TEST(EvaluatorTest, RepeatedRequestsUseTheMemoAndAgreeWithFreshEvaluations) {
  const char* policy = R"({"Version":"2012-10-17","Statement":[
      {"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"},
      {"Effect":"Allow","Action":"s3:Put*","Resource":"arn:aws:s3:::b/${aws:username}/*"},
      {"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret*"}]})";
  std::vector<Request> requests;
  for (std::string user : {"alice", "bob"}) {
    for (std::string action : {"s3:GetObject", "s3:PutObject", "s3:GetObjectAcl"}) {
      for (std::string key : {"alice/x", "bob/y", "secret.txt"}) {
        Request request =
            R("arn:aws:iam::111122223333:user/" + user, action, "arn:aws:s3:::b/" + key);
        requests.push_back(WithDerivedContext(request));
      }
    }
  }
  PolicySet shared_set;
  shared_set.identity.push_back(ParsePolicyOrFail(policy));
  auto shared = Evaluator::Create(std::move(shared_set));
  ASSERT_TRUE(shared);
  for (int round = 0; round < 3; ++round) {
    for (const Request& request : requests) {
      PolicySet fresh_set;
      fresh_set.identity.push_back(ParsePolicyOrFail(policy));
      auto fresh = Evaluator::Create(std::move(fresh_set));
      ASSERT_TRUE(fresh);
      EXPECT_EQ(shared->Evaluate(request).kind, fresh->Evaluate(request).kind)
          << request.principal << " " << request.action << " " << request.resource;
    }
  }
  EXPECT_TRUE(shared->Evaluate(requests[3]).allowed());    // alice puts into alice/
  EXPECT_FALSE(shared->Evaluate(requests[12]).allowed());  // bob puts into alice/
}

TEST(EvaluatorTest, RejectsPoliciesInTheWrongSlot) {
  PolicySet set;
  set.identity.push_back(
      ParsePolicyOrFail(R"({"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}})",
                        PolicyKind::kScp, "scp.json"));
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_FALSE(evaluator);
  EXPECT_NE(evaluator.error().message.find("scp.json"), std::string::npos);
}

TEST(EvaluatorTest, IsSafeToShareBetweenThreads) {
  PolicySet set;
  set.identity.push_back(
      ParsePolicyOrFail(R"({"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},
      {"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}]})"));
  auto evaluator = Evaluator::Create(std::move(set));
  ASSERT_TRUE(evaluator);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string action = "s3:Action" + std::to_string((i * 7 + t) % 50);
        if (!evaluator->Evaluate(R(kUser, action, "arn:aws:s3:::b")).allowed()) ++wrong;
        if (evaluator->Evaluate(R(kUser, "s3:DeleteObject", "arn:aws:s3:::b")).allowed()) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace raycloud::iam
