// Gathering reads customer-managed policies in bulk (GetAccountAuthorizationDetails), so the
// number of AWS calls does not grow with the policies attached to the cloud's roles (issue 4),
// and falls back to one policy at a time when the bulk read is refused.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "aws/auth/credentials.h"
#include "aws/client/aws_client.h"
#include "support/emulator.h"
#include "verify/gather.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;

constexpr const char* kPolicyCallsRegion = "us-west-2";
constexpr const char* kPolicyCallsAccount = "123456789012";

class GatherPolicyCallsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = raycloud::testing::Emulator::Start();
    ASSERT_TRUE(started) << started.error().message;
    emulator_ = std::move(*started);
    aws::ClientConfig config;
    config.region = kPolicyCallsRegion;
    config.endpoint_url = emulator_->endpoint();
    config.credentials = std::make_shared<aws::StaticCredentialsProvider>(
        aws::Credentials{.access_key_id = "AKIAGATHERCALLS00000",
                         .secret_access_key = "gather-calls",
                         .source = "environment"});
    auto client = aws::AwsClient::Create(std::move(config));
    ASSERT_TRUE(client) << client.error().message;
    client_ = std::move(*client);
    const std::string trust =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
    const std::string document =
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::other/*"}]})";
    for (const char* role : {"calls-control-plane", "calls-instance"}) {
      ASSERT_TRUE(Call("CreateRole", {{"RoleName", role}, {"AssumeRolePolicyDocument", trust}}));
      ASSERT_TRUE(
          Call("PutRolePolicy",
               {{"RoleName", role}, {"PolicyName", "inline"}, {"PolicyDocument", document}}));
    }
    for (int n = 0; n < 6; ++n) {
      ASSERT_TRUE(Call("CreatePolicy",
                       {{"PolicyName", fmt::format("extra-{}", n)}, {"PolicyDocument", document}}));
    }
    target_.region = kPolicyCallsRegion;
    target_.account_id = kPolicyCallsAccount;
    target_.control_plane_role_arn =
        fmt::format("arn:aws:iam::{}:role/calls-control-plane", kPolicyCallsAccount);
    target_.instance_role_arn =
        fmt::format("arn:aws:iam::{}:role/calls-instance", kPolicyCallsAccount);
  }

  bool Call(const char* operation, const json& params) {
    auto answer = client_->Call("iam", operation, params);
    EXPECT_TRUE(answer) << operation << ": " << (answer ? "" : answer.error().message);
    return answer.has_value();
  }

  // Attaches policy extra-N to both roles.
  void Attach(int n) {
    for (const char* role : {"calls-control-plane", "calls-instance"}) {
      Call("AttachRolePolicy",
           {{"RoleName", role},
            {"PolicyArn", fmt::format("arn:aws:iam::{}:policy/extra-{}", kPolicyCallsAccount, n)}});
    }
  }

  CloudSnapshot Gather(int* calls) {
    int before = emulator_->TotalCalls().value_or(-1);
    CloudSnapshot snapshot = GatherSnapshot(*client_, target_, {.try_assume_role = false});
    *calls = emulator_->TotalCalls().value_or(-1) - before;
    return snapshot;
  }

  std::unique_ptr<raycloud::testing::Emulator> emulator_;
  std::unique_ptr<aws::AwsClient> client_;
  VerifyTarget target_;
};

TEST_F(GatherPolicyCallsTest, CallsDoNotGrowWithAttachedPolicies) {
  Attach(0);
  int with_one = 0;
  Gather(&with_one);
  for (int n = 1; n < 6; ++n) Attach(n);
  int with_six = 0;
  CloudSnapshot snapshot = Gather(&with_six);
  EXPECT_EQ(with_one, with_six);
  EXPECT_EQ(emulator_->CallCount("iam", "GetPolicyVersion").value_or(-1), 0);
  // Every document was read: the inline policy, then the six managed ones.
  for (const RoleSnapshot* role : {&snapshot.control_plane_role, &snapshot.instance_role}) {
    ASSERT_EQ(role->policies.size(), 7u) << role->name;
    EXPECT_EQ(role->policies[0].kind, PolicyDocument::Kind::kInline);
    for (const auto& policy : role->policies) {
      EXPECT_TRUE(policy.document.is_object()) << policy.name << ": " << policy.error;
    }
    EXPECT_EQ(role->policies[1].kind, PolicyDocument::Kind::kManaged);
  }
}

TEST_F(GatherPolicyCallsTest, RefusedBulkReadFallsBackToOnePolicyAtATime) {
  for (int n = 0; n < 6; ++n) Attach(n);
  int bulk = 0;
  Gather(&bulk);
  ASSERT_TRUE(emulator_->InjectFault({.service = "iam",
                                      .operation = "GetAccountAuthorizationDetails",
                                      .kind = "error",
                                      .status = 403,
                                      .code = "AccessDenied"}));
  int refused = 0;
  CloudSnapshot snapshot = Gather(&refused);
  EXPECT_EQ(refused, bulk + 2 * 12);  // GetPolicy and GetPolicyVersion for 12 attachments
  ASSERT_EQ(snapshot.instance_role.policies.size(), 7u);
  for (const auto& policy : snapshot.instance_role.policies) {
    EXPECT_TRUE(policy.document.is_object()) << policy.name << ": " << policy.error;
  }
}

}  // namespace
}  // namespace raycloud::verify
