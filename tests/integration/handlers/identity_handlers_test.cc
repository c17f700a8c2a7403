// IAM handlers against the emulator.
#include <gtest/gtest.h>

#include "cloud/exec/handlers/handlers.h"
#include "cloud/plan/resource_kinds.h"
#include "integration/handlers/handler_fixture.h"

namespace raycloud::cloud::testing {
namespace {

using json = nlohmann::json;
namespace h = handlers;

class IdentityHandlersTest : public HandlerTest {
 protected:
  json TrustPolicy() const {
    return {{"Version", "2012-10-17"},
            {"Statement",
             {{{"Effect", "Allow"},
               {"Principal", {{"Service", "ec2.amazonaws.com"}}},
               {"Action", "sts:AssumeRole"}}}}};
  }
  ResolvedSpec RoleSpec(const std::string& name) {
    return Spec("instance-role", kind::kIamRole,
                {{"role_name", name},
                 {"description", "raycloud cluster nodes of cloud demo"},
                 {"assume_role_policy_document", TrustPolicy()},
                 {"max_session_duration", 3600},
                 {"tags", Tags("instance-role")}});
  }
};

TEST_F(IdentityHandlersTest, RoleWithPolicyAndProfileIsCreatedAdoptedAndDeleted) {
  auto role_spec = RoleSpec("demo-instance");
  ResourceState role = CreateAndAdopt(h::IamRoleHandler(), role_spec);
  EXPECT_EQ(role.physical_id, "demo-instance");
  EXPECT_EQ(role.attributes["arn"], "arn:aws:iam::123456789012:role/demo-instance");
  json got = Aws("iam", "GetRole", {{"RoleName", "demo-instance"}});
  EXPECT_EQ(got["Role"]["MaxSessionDuration"], 3600);

  json document = {{"Version", "2012-10-17"},
                   {"Statement",
                    {{{"Effect", "Allow"},
                      {"Action", {"s3:GetObject"}},
                      {"Resource", "arn:aws:s3:::bucket/*"}}}}};
  auto policy_spec = Spec("instance-role-policy", kind::kIamRolePolicy,
                          {{"role", role.physical_id},
                           {"role_name", "demo-instance"},
                           {"policy_name", "raycloud-instance"},
                           {"policy_document", document}});
  ResourceState policy = CreateAndAdopt(h::IamRolePolicyHandler(), policy_spec);
  // A drifted document is not adopted: Create puts the plan's back.
  json drifted = document;
  drifted["Statement"][0]["Action"] = {"s3:*"};
  Aws("iam", "PutRolePolicy",
      {{"RoleName", "demo-instance"},
       {"PolicyName", "raycloud-instance"},
       {"PolicyDocument", drifted.dump()}});
  auto found = h::IamRolePolicyHandler().Find(policy_spec, *context_);
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->has_value());

  auto profile_spec = Spec("instance-profile", kind::kIamInstanceProfile,
                           {{"instance_profile_name", "demo-instance"},
                            {"role", role.physical_id},
                            {"role_name", "demo-instance"},
                            {"tags", Tags("instance-profile")}});
  ResourceState profile = CreateAndAdopt(h::IamInstanceProfileHandler(), profile_spec);
  json profile_json = Aws("iam", "GetInstanceProfile", {{"InstanceProfileName", "demo-instance"}});
  ASSERT_EQ(profile_json["InstanceProfile"]["Roles"].size(), 1u);
  EXPECT_EQ(profile_json["InstanceProfile"]["Roles"][0]["RoleName"], "demo-instance");

  // Deleting the role first still works: it removes policies and profile links itself.
  Aws("iam", "AttachRolePolicy",
      {{"RoleName", "demo-instance"},
       {"PolicyArn",
        Aws("iam", "CreatePolicy",
            {{"PolicyName", "extra"}, {"PolicyDocument", document.dump()}})["Policy"]["Arn"]}});
  DeleteAndForget(h::IamRoleHandler(), role_spec, role);
  DeleteAndForget(h::IamInstanceProfileHandler(), profile_spec, profile);
  DeleteAndForget(h::IamRolePolicyHandler(), policy_spec, policy);
}

TEST_F(IdentityHandlersTest, AnotherOwnersRoleIsNeverAdopted) {
  Aws("iam", "CreateRole",
      {{"RoleName", "demo-instance"},
       {"AssumeRolePolicyDocument", TrustPolicy().dump()},
       {"Tags", {{{"Key", "raycloud-cloud-id"}, {"Value", "cld_another0cloud0000000000"}}}}});
  auto found = h::IamRoleHandler().Find(RoleSpec("demo-instance"), *context_);
  ASSERT_FALSE(found);
  EXPECT_NE(found.error().message.find("IAM role demo-instance"), std::string::npos);
  EXPECT_NE(found.error().message.find("cld_another0cloud0000000000"), std::string::npos);

  Aws("iam", "CreateRole",
      {{"RoleName", "untagged"}, {"AssumeRolePolicyDocument", TrustPolicy().dump()}});
  auto untagged = h::IamRoleHandler().Find(RoleSpec("untagged"), *context_);
  ASSERT_FALSE(untagged);
  EXPECT_NE(untagged.error().message.find("missing"), std::string::npos);
}

TEST_F(IdentityHandlersTest, InstanceProfileWaitsForTheRoleToPropagate) {
  Aws("iam", "CreateRole",
      {{"RoleName", "demo-instance"}, {"AssumeRolePolicyDocument", TrustPolicy().dump()}});
  auto profile_spec = Spec("instance-profile", kind::kIamInstanceProfile,
                           {{"instance_profile_name", "demo-instance"},
                            {"role", "demo-instance"},
                            {"tags", Tags("instance-profile")}});
  auto created = h::IamInstanceProfileHandler().Create(profile_spec, *context_);
  ASSERT_TRUE(created) << created.error().message;
  // IAM answers NoSuchEntity twice while the new role propagates.
  raycloud::testing::FaultSpec fault{.service = "iam",
                                     .operation = "AddRoleToInstanceProfile",
                                     .kind = "error",
                                     .status = 404,
                                     .code = "NoSuchEntity",
                                     .message = "The role with name demo-instance cannot be found.",
                                     .times = 2};
  ASSERT_TRUE(emulator().InjectFault(fault));
  auto ready = h::IamInstanceProfileHandler().WaitReady(profile_spec, *created, *context_);
  ASSERT_TRUE(ready) << ready.error().message;
  EXPECT_EQ(emulator().CallCount("iam", "AddRoleToInstanceProfile").value(), 3);
  json profile = Aws("iam", "GetInstanceProfile", {{"InstanceProfileName", "demo-instance"}});
  EXPECT_EQ(profile["InstanceProfile"]["Roles"].size(), 1u);
}

}  // namespace
}  // namespace raycloud::cloud::testing
