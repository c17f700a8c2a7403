// The handlers driven by the executor: ambiguous failures, DependencyViolation, a whole plan.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cloud/exec/executor.h"
#include "cloud/plan/resource_kinds.h"
#include "integration/handlers/handler_fixture.h"
#include "store/sqlite_store.h"

namespace raycloud::cloud::testing {
namespace {

using json = nlohmann::json;

class ExecutorHandlersTest : public HandlerTest {
 protected:
  void SetUp() override {
    HandlerTest::SetUp();
    char dir[] = "/tmp/raycloud-handlers-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    state_dir_ = dir;
    auto store = store::SqliteStore::Open(state_dir_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    auto org = store_->DefaultOrganization();
    ASSERT_TRUE(org);
    identity_.org_id = org->id;
    ASSERT_TRUE(store_->InsertCloud({.id = identity_.cloud_id,
                                     .org_id = identity_.org_id,
                                     .name = cloud_name_,
                                     .region = "us-west-2"}));
  }
  void TearDown() override { std::filesystem::remove_all(state_dir_); }

  void AddResource(CloudPlan& plan, const std::string& name, std::string_view kind_name,
                   json properties, std::vector<std::string> depends_on = {}) {
    for (const auto& ref : RefsIn(properties)) depends_on.push_back(ref);
    plan.resources.push_back({name, std::string(kind_name), depends_on, std::move(properties)});
    plan.dag.Add(name, depends_on);
  }

  // A VPC with a subnet and an attached internet gateway.
  CloudPlan SmallPlan() {
    CloudPlan plan;
    AddResource(plan, "vpc", kind::kVpc, {{"cidr_block", "10.0.0.0/16"}, {"tags", Tags("vpc")}});
    AddResource(plan, "subnet-us-west-2a", kind::kSubnet,
                {{"vpc", Ref("vpc")},
                 {"cidr_block", "10.0.0.0/19"},
                 {"availability_zone", "us-west-2a"},
                 {"map_public_ip_on_launch", true},
                 {"tags", Tags("subnet-us-west-2a")}});
    AddResource(plan, "internet-gateway", kind::kInternetGateway,
                {{"tags", Tags("internet-gateway")}});
    AddResource(plan, "internet-gateway-attachment", kind::kInternetGatewayAttachment,
                {{"internet_gateway", Ref("internet-gateway")}, {"vpc", Ref("vpc")}});
    EXPECT_TRUE(plan.dag.Validate());
    return plan;
  }

  // Every VPC carrying this cloud's id tag, as an independent look at the account.
  size_t TaggedVpcs() {
    json vpcs =
        Aws("ec2", "DescribeVpcs",
            {{"Filters", {{{"Name", "tag:raycloud-cloud-id"}, {"Values", {identity_.cloud_id}}}}}});
    return vpcs["Vpcs"].size();
  }

  // Runs `code` with `ec2`, a boto3 client of the emulator; returns its trimmed stdout.
  std::string Boto3Ec2(const std::string& code) {
    const std::string script =
        "import boto3\nec2 = boto3.client('ec2', endpoint_url='" + emulator().endpoint() +
        "', region_name='us-west-2', aws_access_key_id='x', aws_secret_access_key='x')\n" + code;
    const std::filesystem::path file = state_dir_ / "boto3_step.py";
    std::ofstream(file) << script;
    FILE* pipe = ::popen(("python3 " + file.string() + " 2>&1").c_str(), "r");
    std::string output;
    char buffer[1024];
    while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
    EXPECT_EQ(::pclose(pipe), 0) << output;
    while (!output.empty() && std::isspace(static_cast<unsigned char>(output.back()))) {
      output.pop_back();
    }
    return output;
  }

  static std::string Errors(const ExecutionReport& report) {
    std::string text;
    for (const auto& [node, error] : report.walk.errors) text += node + ": " + error.message + "\n";
    return text;
  }

  std::filesystem::path state_dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

TEST_F(ExecutorHandlersTest, ResetAfterApplyOnCreatesStillYieldsExactlyOneOfEach) {
  // Each create takes effect but the answer is lost: the executor must find it by tag.
  for (const char* operation :
       {"CreateVpc", "CreateSubnet", "CreateInternetGateway", "AttachInternetGateway"}) {
    ASSERT_TRUE(emulator().InjectFault("ec2", operation, "reset_after_apply", 1));
  }
  CloudPlan plan = SmallPlan();
  Executor executor(plan, *store_, *context_, {});
  ExecutionReport report = executor.Setup();
  ASSERT_TRUE(report.ok()) << Errors(report);
  EXPECT_EQ(TaggedVpcs(), 1u);
  EXPECT_EQ(emulator().CallCount("ec2", "CreateVpc").value(), 1);
  EXPECT_EQ(emulator().CallCount("ec2", "CreateSubnet").value(), 1);
  EXPECT_EQ(emulator().CallCount("ec2", "CreateInternetGateway").value(), 1);
  json gateways = Aws("ec2", "DescribeInternetGateways");
  size_t ours = 0;
  for (const auto& gateway : gateways["InternetGateways"]) {
    for (const auto& tag : gateway.value("Tags", json::array())) {
      ours += tag["Key"] == "raycloud-cloud-id" && tag["Value"] == identity_.cloud_id;
    }
  }
  EXPECT_EQ(ours, 1u);
  ASSERT_EQ(report.resources.count("internet-gateway-attachment"), 1u);
  json attached = Aws("ec2", "DescribeInternetGateways",
                      {{"InternetGatewayIds", {report.resources["internet-gateway"].physical_id}}});
  EXPECT_EQ(attached["InternetGateways"][0]["Attachments"][0]["VpcId"],
            report.resources["vpc"].physical_id);

  // Every resource is recorded with its id.
  auto records = store_->ListResources(identity_.cloud_id);
  ASSERT_TRUE(records);
  EXPECT_EQ(records->size(), plan.resources.size());
}

TEST_F(ExecutorHandlersTest, ResetAfterApplyOnIamAndS3CreatesAdoptsByName) {
  CloudPlan plan;
  json trust = {{"Version", "2012-10-17"},
                {"Statement",
                 {{{"Effect", "Allow"},
                   {"Principal", {{"Service", "ec2.amazonaws.com"}}},
                   {"Action", "sts:AssumeRole"}}}}};
  AddResource(plan, "instance-role", kind::kIamRole,
              {{"role_name", "demo-instance"},
               {"assume_role_policy_document", trust},
               {"tags", Tags("instance-role")}});
  AddResource(plan, "instance-profile", kind::kIamInstanceProfile,
              {{"instance_profile_name", "demo-instance"},
               {"role", Ref("instance-role")},
               {"tags", Tags("instance-profile")}});
  AddResource(plan, "bucket", kind::kBucket,
              {{"bucket_name", "raycloud-data-handlers-reset"},
               {"region", "us-west-2"},
               {"tags", Tags("bucket")}});
  ASSERT_TRUE(plan.dag.Validate());
  ASSERT_TRUE(emulator().InjectFault("iam", "CreateRole", "reset_after_apply", 1));
  ASSERT_TRUE(emulator().InjectFault("iam", "CreateInstanceProfile", "reset_after_apply", 1));
  ASSERT_TRUE(emulator().InjectFault("s3", "CreateBucket", "reset_after_apply", 1));

  Executor executor(plan, *store_, *context_, {});
  ExecutionReport report = executor.Setup();
  ASSERT_TRUE(report.ok()) << Errors(report);
  EXPECT_EQ(emulator().CallCount("iam", "CreateRole").value(), 1);
  EXPECT_EQ(emulator().CallCount("iam", "CreateInstanceProfile").value(), 1);
  EXPECT_EQ(emulator().CallCount("s3", "CreateBucket").value(), 1);
  // The bucket whose create answer was lost was adopted and then tagged; the profile got
  // its role although its create was never answered.
  json tags = Aws("s3", "GetBucketTagging", {{"Bucket", "raycloud-data-handlers-reset"}});
  EXPECT_EQ(tags["TagSet"].size(), Tags("bucket").size());
  json profile = Aws("iam", "GetInstanceProfile", {{"InstanceProfileName", "demo-instance"}});
  ASSERT_EQ(profile["InstanceProfile"]["Roles"].size(), 1u);
  EXPECT_EQ(profile["InstanceProfile"]["Roles"][0]["RoleName"], "demo-instance");
  json left = LeftBehind();
  EXPECT_EQ(left["iam:role"], json::array({"demo-instance"}));
  EXPECT_EQ(left["iam:instance-profile"], json::array({"demo-instance"}));
  EXPECT_EQ(left["s3:bucket"], json::array({"raycloud-data-handlers-reset"}));
}

TEST_F(ExecutorHandlersTest, DeleteWaitsOutDependencyViolation) {
  CloudPlan plan = SmallPlan();
  {
    Executor executor(plan, *store_, *context_, {});
    ExecutionReport report = executor.Setup();
    ASSERT_TRUE(report.ok()) << Errors(report);
  }
  ASSERT_TRUE(emulator().InjectFault("ec2", "DeleteSubnet", "dependency_violation", 2));
  Executor executor(plan, *store_, *context_, {});
  ExecutionReport report = executor.Delete();
  ASSERT_TRUE(report.ok()) << Errors(report);
  EXPECT_EQ(emulator().CallCount("ec2", "DeleteSubnet").value(), 3);
  EXPECT_EQ(TaggedVpcs(), 0u);
  auto records = store_->ListResources(identity_.cloud_id);
  ASSERT_TRUE(records);
  EXPECT_TRUE(records->empty());
}

// After the delete timeout, a resource still in use names what uses it; once the user
// removed that, the same delete finishes.
TEST_F(ExecutorHandlersTest, DeleteGivingUpNamesTheInterfaceThatKeepsTheSubnetInUse) {
  CloudPlan plan = SmallPlan();
  ExecutionReport setup = Executor(plan, *store_, *context_, {}).Setup();
  ASSERT_TRUE(setup.ok()) << Errors(setup);
  const std::string subnet = setup.resources.at("subnet-us-west-2a").physical_id;
  // Someone else's interface in the subnet, made with boto3 (raycloud never creates one).
  const std::string eni_id = Boto3Ec2(
      "print(ec2.create_network_interface(SubnetId='" + subnet +
      "', Description=\"someone else's lambda\")['NetworkInterface']['NetworkInterfaceId'])");
  ASSERT_TRUE(eni_id.starts_with("eni-")) << eni_id;

  ExecutionReport refused = Executor(plan, *store_, *context_, {}).Delete();
  ASSERT_FALSE(refused.ok());
  const std::string errors = Errors(refused);
  EXPECT_NE(errors.find("DependencyViolation"), std::string::npos) << errors;
  EXPECT_NE(errors.find(eni_id + " (interface; someone else's lambda)"), std::string::npos)
      << errors;
  EXPECT_NE(errors.find("raycloud cloud delete"), std::string::npos) << errors;
  EXPECT_EQ(TaggedVpcs(), 1u);

  Boto3Ec2("ec2.delete_network_interface(NetworkInterfaceId='" + eni_id + "')");
  ExecutionReport deleted = Executor(plan, *store_, *context_, {}).Delete();
  ASSERT_TRUE(deleted.ok()) << Errors(deleted);
  EXPECT_EQ(TaggedVpcs(), 0u);
}

// Every "still in use" answer is waited out, not only EC2's: IAM's DeleteConflict too.
TEST_F(ExecutorHandlersTest, DeleteWaitsOutIamDeleteConflict) {
  CloudPlan plan;
  AddResource(plan, "instance-role", kind::kIamRole,
              {{"role_name", cloud_name_ + "-node"},
               {"assume_role_policy_document",
                {{"Version", "2012-10-17"},
                 {"Statement",
                  {{{"Effect", "Allow"},
                    {"Principal", {{"Service", "ec2.amazonaws.com"}}},
                    {"Action", "sts:AssumeRole"}}}}}},
               {"tags", Tags("instance-role")}});
  ExecutionReport setup = Executor(plan, *store_, *context_, {}).Setup();
  ASSERT_TRUE(setup.ok()) << Errors(setup);
  ASSERT_TRUE(emulator().InjectFault({.service = "iam",
                                      .operation = "DeleteRole",
                                      .kind = "error",
                                      .status = 409,
                                      .code = "DeleteConflict",
                                      .times = 2}));
  ExecutionReport deleted = Executor(plan, *store_, *context_, {}).Delete();
  ASSERT_TRUE(deleted.ok()) << Errors(deleted);
  EXPECT_EQ(emulator().CallCount("iam", "DeleteRole").value(), 3);
}

TEST_F(ExecutorHandlersTest, WholePrivatePlanSetsUpResumesAndDeletesWithoutLeaks) {
  SetupOptions options;
  options.name = cloud_name_;
  options.region = "us-west-2";
  options.private_network = true;
  options.nat_gateways = kNatSingle;
  options.availability_zones = {"us-west-2a", "us-west-2b"};
  options.shared_storage = kSharedStorageNfs;
  options.enable_head_node_fault_tolerance = true;
  options.enable_versioning = true;
  options.console_origins = {"https://console.example.com"};
  options.bucket_name = "raycloud-data-handlers-plan";
  options.ingress_cidrs = {"203.0.113.0/24"};
  auto plan = BuildPlan(options, identity_, {});
  ASSERT_TRUE(plan) << plan.error().message;
  ASSERT_TRUE(emulator().SetPending({{"nat_gateway", 60}, {"efs_mount_target", 90}}));

  {
    Executor executor(*plan, *store_, *context_, {});
    ExecutionReport report = executor.Setup();
    ASSERT_TRUE(report.ok()) << Errors(report);
    EXPECT_EQ(report.resources.size(), plan->resources.size());
  }
  EXPECT_EQ(TaggedVpcs(), 1u);

  // Something for delete to keep. (The bucket policy denies requests without TLS and the
  // emulator speaks plain HTTP: write before the policy is back.)
  Aws("s3", "DeleteBucketPolicy", {{"Bucket", options.bucket_name}});
  Aws("s3", "PutObject",
      {{"Bucket", options.bucket_name}, {"Key", "org/logs/run.txt"}, {"Body", "x"}});

  // A re-run adopts everything from the record: no create call at all.
  ASSERT_TRUE(emulator().Control("DELETE", "calls"));
  {
    Executor executor(*plan, *store_, *context_, {});
    ExecutionReport report = executor.Setup();
    ASSERT_TRUE(report.ok()) << Errors(report);
    auto calls = emulator().Calls();
    ASSERT_TRUE(calls);
    for (const auto& [name, count] : (*calls)["counts"].items()) {
      EXPECT_EQ(name.find(":Create"), std::string::npos) << name << " called " << count;
    }
  }

  // Delete keeps the bucket that holds an object (retained) and removes everything else.
  {
    Executor executor(*plan, *store_, *context_, {});
    ExecutionReport report = executor.Delete();
    ASSERT_TRUE(report.ok()) << Errors(report);
    EXPECT_EQ(report.retained, std::vector<std::string>{"bucket"});
  }
  // Only the retained bucket is left, as boto3 sees the account.
  EXPECT_EQ(LeftBehind(), json({{"s3:bucket", json::array({options.bucket_name})}}));
  EXPECT_EQ(TaggedVpcs(), 0u);
  EXPECT_TRUE(Aws("efs", "DescribeFileSystems")["FileSystems"].empty());
  EXPECT_TRUE(Aws("memorydb", "DescribeClusters")["Clusters"].empty());
  EXPECT_FALSE(client_->Call("iam", "GetRole", {{"RoleName", plan->names.instance_role}}));
  EXPECT_TRUE(client_->Call("s3", "HeadBucket", {{"Bucket", options.bucket_name}}));

  context_->delete_bucket = true;
  {
    Executor executor(*plan, *store_, *context_, {});
    ExecutionReport report = executor.Delete();
    ASSERT_TRUE(report.ok()) << Errors(report);
    EXPECT_TRUE(report.retained.empty());
  }
  EXPECT_FALSE(client_->Call("s3", "HeadBucket", {{"Bucket", options.bucket_name}}));
  EXPECT_EQ(LeftBehind(), json::object());
}

}  // namespace
}  // namespace raycloud::cloud::testing
