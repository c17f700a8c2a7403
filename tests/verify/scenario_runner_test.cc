// The scenario corpus (tests/verify/scenarios/): a correct cloud built in the AWS emulator,
// then one change each, and the expected status of every check id. One runner for all:
//
//   base_public.json  {"target": {...}, "steps": [...], "quotas": {"ec2/L-1216C47A": 640, ...},
//                      "expect": {"check.id": "pass", ...}}
//   NAME.json         {"base": "base_public.json", "target": {...}, "patch": {...},
//                      "steps": [...], "quotas": {...}, "expect": {...}}
//
// A scenario with a `base` is that base (itself possibly derived) plus: `target` members
// replacing the base's, `patch` merged into the params of the base step that saves the
// named value (`{"vpc_id": {"CidrBlock": "10.0.0.0/24"}}`), `steps` run after the base's,
// `quotas` and `expect` overriding the base's.
//
// Steps are AWS calls made with boto3 (run_steps.py), an independent client, so a scenario
// never depends on the code under test to build its world. `${name}` in steps and target is
// a value a step saved; `${doc:NAME}` is a policy document as `cloud setup` writes it for the
// scenario's target. An expectation keyed `id` is the worst status of all that check's
// entries (fail > warn > pass > skip); `id@${var}` is the entry about one resource. `quotas`
// are the Service Quotas values the emulator answers. Ids a scenario leaves out keep the
// base's expectation, so every scenario asserts every check id.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include "aws/auth/credentials.h"
#include "aws/client/aws_client.h"
#include "cloud/policy/policy_documents.h"
#include "fixture.h"
#include "support/emulator.h"
#include "verify/checks/check_util.h"
#include "verify/fix.h"
#include "verify/gather.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

fs::path ScenarioDir() { return fs::path(RAYCLOUD_SOURCE_DIR) / "tests/verify/scenarios"; }

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(ScenarioDir())) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

json ReadJson(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// A scenario with its bases folded in: {target, steps, quotas, expect}.
json Resolve(const std::string& file) {
  json scenario = ReadJson(ScenarioDir() / file);
  if (!scenario.contains("base")) return scenario;
  json resolved = Resolve(scenario["base"].get<std::string>());
  const json patches = scenario.value("patch", json::object());
  for (const auto& [saved_name, params] : patches.items()) {
    bool patched = false;
    for (auto& step : resolved["steps"]) {
      if (step.value("save", json::object()).contains(saved_name)) {
        step["params"].merge_patch(params);
        patched = true;
      }
    }
    EXPECT_TRUE(patched) << file << ": no base step saves " << saved_name;
  }
  for (const auto& step : scenario.value("steps", json::array())) resolved["steps"].push_back(step);
  for (const char* key : {"target", "quotas", "expect"}) {
    if (!resolved.contains(key)) resolved[key] = json::object();
    resolved[key].update(scenario.value(key, json::object()));
  }
  return resolved;
}

int Rank(CheckStatus status) {
  switch (status) {
    case CheckStatus::kFail:
      return 3;
    case CheckStatus::kWarn:
      return 2;
    case CheckStatus::kPass:
      return 1;
    case CheckStatus::kSkip:
      return 0;
  }
  return 0;
}

// Replaces ${name} in every string of `value`.
json Substitute(const json& value, const std::map<std::string, std::string>& vars) {
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    for (const auto& [name, replacement] : vars) {
      std::string token = "${" + name + "}";
      for (size_t pos = text.find(token); pos != std::string::npos;
           pos = text.find(token, pos + replacement.size())) {
        text.replace(pos, token.size(), replacement);
      }
    }
    return text;
  }
  if (value.is_array() || value.is_object()) {
    json out = value;
    for (auto& item : out) item = Substitute(item, vars);
    return out;
  }
  return value;
}

// The documents `cloud setup` writes for the base's target.
std::map<std::string, std::string> Documents(const json& target) {
  cloud::PolicyParams params;
  params.account_id = target.value("account_id", "");
  params.region = target.value("region", "");
  params.cloud_id = target.value("cloud_id", "");
  params.bucket_name = target.value("bucket", "");
  params.control_plane_role_arn = target.value("control_plane_role_arn", "");
  params.instance_role_arn = target.value("instance_role_arn", "");
  params.external_id = target.value("external_id", "");
  params.control_plane_principal = target.value("control_plane_principal", "");
  return {{"doc:control_plane_trust", cloud::ControlPlaneTrustPolicy(params).dump()},
          {"doc:control_plane_policy", cloud::ControlPlanePolicy(params).dump()},
          {"doc:instance_trust", cloud::InstanceTrustPolicy(params).dump()},
          {"doc:instance_policy", cloud::InstancePolicy(params).dump()},
          {"doc:bucket_policy", cloud::BucketPolicy(params).dump()}};
}

// One emulator for the suites of this file (started on first use), reset before each test.
class EmulatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (emulator_) return;
    auto started = raycloud::testing::Emulator::Start();
    ASSERT_TRUE(started) << "the AWS emulator did not start (moto 5.2 is required): "
                         << started.error().message;
    emulator_ = std::move(*started);
  }
  void SetUp() override {
    ASSERT_NE(emulator_, nullptr);
    ASSERT_TRUE(emulator_->Reset());
  }

  // Runs the steps with boto3; returns the values they saved.
  std::map<std::string, std::string> Build(const json& steps, const std::string& region) {
    fs::path input =
        fs::temp_directory_path() / ("raycloud-scenario-" + std::to_string(::getpid()) + ".json");
    std::ofstream(input) << json{
        {"endpoint", emulator_->endpoint()},
        {"region", region},
        {"steps", steps}}.dump();
    std::string command =
        "python3 " + (ScenarioDir() / "run_steps.py").string() + " " + input.string() + " 2>&1";
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    if (pipe == nullptr) return {};
    char buffer[4096];
    while (size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, n);
    int status = ::pclose(pipe);
    fs::remove(input);
    EXPECT_EQ(status, 0) << "building the scenario failed: " << output;
    json saved = json::parse(output, nullptr, false);
    std::map<std::string, std::string> vars;
    if (saved.is_object()) {
      for (const auto& [name, value] : saved.items()) {
        vars[name] = value.is_string() ? value.get<std::string>() : value.dump();
      }
    }
    return vars;
  }

  std::unique_ptr<aws::AwsClient> Client(const std::string& region) {
    aws::ClientConfig config;
    config.region = region;
    config.endpoint_url = emulator_->endpoint();
    config.credentials = std::make_shared<aws::StaticCredentialsProvider>(
        aws::Credentials{.access_key_id = "AKIAVERIFYSCENARIOS0",
                         .secret_access_key = "verify-scenarios",
                         .source = "environment"});
    auto client = aws::AwsClient::Create(std::move(config));
    EXPECT_TRUE(client) << (client ? "" : client.error().message);
    return client ? std::move(*client) : nullptr;
  }

  // Builds the base (plus `extra` steps) and returns the saved values and the target.
  std::pair<std::map<std::string, std::string>, json> BuildBase(const json& base,
                                                                const json& extra) {
    json steps = base["steps"];
    for (const auto& step : extra) steps.push_back(step);
    auto vars = Build(Substitute(steps, Documents(base["target"])),
                      base["target"].value("region", "us-west-2"));
    return {vars, Substitute(base["target"], vars)};
  }

  static inline std::unique_ptr<raycloud::testing::Emulator> emulator_;
};

class ScenarioTest : public EmulatorTest, public ::testing::WithParamInterface<std::string> {};

TEST_P(ScenarioTest, EveryCheckHasItsExpectedStatus) {
  json scenario = Resolve(GetParam());
  const json& target_template = scenario["target"];
  std::string region = target_template.value("region", "us-west-2");
  auto vars = Build(Substitute(scenario["steps"], Documents(target_template)), region);
  ASSERT_FALSE(vars.empty()) << "the steps saved nothing";

  const json quotas = scenario.value("quotas", json::object());
  for (const auto& [key, value] : quotas.items()) {
    auto slash = key.find('/');
    ASSERT_TRUE(emulator_->SetQuota(key.substr(0, slash), key.substr(slash + 1),
                                    value.get<double>(), region));
  }

  auto target = TargetFromJson(Substitute(target_template, vars));
  ASSERT_TRUE(target);
  auto client = Client(region);
  ASSERT_NE(client, nullptr);
  Findings findings = RunChecks(GatherSnapshot(*client, *target));

  json expect = scenario["expect"];
  json substituted = json::object();  // keys name resources too: `id@${subnet_a}`
  for (const auto& [key, value] : expect.items()) {
    substituted[Substitute(json(key), vars).get<std::string>()] = value;
  }
  expect = std::move(substituted);
  for (std::string_view id : AllCheckIds()) {
    EXPECT_TRUE(expect.contains(std::string(id))) << GetParam() << " expects nothing of " << id;
  }
  for (const auto& [key, wanted] : expect.items()) {
    std::string id = key;
    std::optional<std::string> resource;
    if (auto at = key.find('@'); at != std::string::npos) {
      id = key.substr(0, at);
      resource = key.substr(at + 1);
    }
    const Finding* worst = nullptr;
    std::string details;
    for (const auto& finding : findings) {
      if (finding.id != id || (resource && finding.resource != resource)) continue;
      details += fmt::format("\n    {} [{}]: {}", CheckStatusName(finding.status),
                             finding.resource.value_or("-"), finding.message);
      if (worst == nullptr || Rank(finding.status) > Rank(worst->status)) worst = &finding;
    }
    ASSERT_NE(worst, nullptr) << GetParam() << ": no finding for " << key;
    EXPECT_EQ(CheckStatusName(worst->status), wanted.get<std::string>())
        << GetParam() << ": " << key << details;
  }
}

// Gathering is batched: describe calls are filtered by VPC or by lists of ids, so a cloud
// with twice the subnets and rules costs the same number of calls.
TEST_F(EmulatorTest, GatherCallsDoNotGrowWithSubnetsOrRules) {
  json base = ReadJson(ScenarioDir() / "base_public.json");
  json extra = json::parse(R"([
    {"call": "ec2:CreateSubnet", "params": {"VpcId": "${vpc_id}", "CidrBlock": "10.0.64.0/19", "AvailabilityZone": "us-west-2c"}, "save": {"subnet_c": "Subnet.SubnetId"}},
    {"call": "ec2:CreateSubnet", "params": {"VpcId": "${vpc_id}", "CidrBlock": "10.0.96.0/19", "AvailabilityZone": "us-west-2a"}, "save": {"subnet_d": "Subnet.SubnetId"}},
    {"call": "ec2:AuthorizeSecurityGroupIngress", "params": {"GroupId": "${sg_id}", "IpPermissions": [
      {"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]},
      {"IpProtocol": "tcp", "FromPort": 8265, "ToPort": 8265, "IpRanges": [{"CidrIp": "10.2.0.0/16"}]}]}}
  ])");
  auto [vars, target_json] = BuildBase(base, extra);
  auto small = TargetFromJson(target_json);
  ASSERT_TRUE(small);
  VerifyTarget large = *small;
  large.subnet_ids.push_back(vars["subnet_c"]);
  large.subnet_ids.push_back(vars["subnet_d"]);
  auto client = Client(small->region);
  ASSERT_NE(client, nullptr);

  auto calls_during = [&](const VerifyTarget& target) {
    int before = emulator_->TotalCalls().value_or(-1);
    CloudSnapshot snapshot = GatherSnapshot(*client, target);
    EXPECT_EQ(ListOf(snapshot.subnets, "Subnets").size(), target.subnet_ids.size());
    return emulator_->TotalCalls().value_or(-1) - before;
  };
  int with_two = calls_during(*small);
  int with_four = calls_during(large);
  EXPECT_GT(with_two, 20);
  EXPECT_EQ(with_two, with_four);
}

// SSE-KMS costs two calls more (the key and its policy), also when the bucket names its key
// by an alias, which DescribeKey resolves before GetKeyPolicy in the same round.
TEST_F(EmulatorTest, SseKmsAddsOnlyTheKeyAndItsPolicy) {
  json base = ReadJson(ScenarioDir() / "base_public.json");
  json extra = json::parse(R"([
    {"call": "kms:CreateKey", "params": {"Description": "calls"}, "save": {"kms_key_id": "KeyMetadata.KeyId"}},
    {"call": "kms:CreateAlias", "params": {"AliasName": "alias/raycloud-calls", "TargetKeyId": "${kms_key_id}"}}
  ])");
  auto [vars, target_json] = BuildBase(base, extra);
  auto target = TargetFromJson(target_json);
  ASSERT_TRUE(target);
  auto client = Client(target->region);
  ASSERT_NE(client, nullptr);
  auto calls_during = [&](CloudSnapshot* snapshot) {
    int before = emulator_->TotalCalls().value_or(-1);
    *snapshot = GatherSnapshot(*client, *target);
    return emulator_->TotalCalls().value_or(-1) - before;
  };
  CloudSnapshot sse_s3;
  int without_kms = calls_during(&sse_s3);
  EXPECT_FALSE(sse_s3.kms_key.called());
  ASSERT_TRUE(client->Call(
      "s3", "PutBucketEncryption",
      {{"Bucket", target->bucket},
       {"ServerSideEncryptionConfiguration",
        {{"Rules",
          {{{"ApplyServerSideEncryptionByDefault",
             {{"SSEAlgorithm", "aws:kms"}, {"KMSMasterKeyID", "alias/raycloud-calls"}}}}}}}}}));
  CloudSnapshot sse_kms;
  EXPECT_EQ(calls_during(&sse_kms), without_kms + 2);
  EXPECT_EQ(emulator_->CallCount("kms", "GetKeyPolicy").value_or(-1), 1);
  ASSERT_TRUE(sse_kms.kms_key_policy.ok()) << sse_kms.kms_key_policy.Describe();
  EXPECT_NE(Text(sse_kms.kms_key.output["KeyMetadata"], "Arn").find(vars["kms_key_id"]),
            std::string::npos);
}

// --fix applies only the safe remediations, and they really fix the cloud.
TEST_F(EmulatorTest, SafeFixesRepairWhatTheyMayAndNothingElse) {
  json base = ReadJson(ScenarioDir() / "base_public.json");
  json breakage = json::parse(R"([
    {"call": "ec2:ModifyVpcAttribute", "params": {"VpcId": "${vpc_id}", "EnableDnsHostnames": {"Value": false}}},
    {"call": "s3:PutPublicAccessBlock", "params": {"Bucket": "raycloud-data-scenario", "PublicAccessBlockConfiguration": {"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}}},
    {"call": "s3:PutBucketLifecycleConfiguration", "params": {"Bucket": "raycloud-data-scenario", "LifecycleConfiguration": {"Rules": [{"ID": "other", "Filter": {"Prefix": "tmp/"}, "Status": "Enabled", "Expiration": {"Days": 1}}]}}},
    {"call": "ec2:DeleteVpcEndpoints", "params": {"VpcEndpointIds": ["${s3_endpoint_id}"]}},
    {"call": "ec2:RevokeSecurityGroupIngress", "params": {"GroupId": "${sg_id}", "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "${sg_id}"}]}]}}
  ])");
  auto [vars, target_json] = BuildBase(base, breakage);
  auto target = TargetFromJson(target_json);
  ASSERT_TRUE(target);
  auto client = Client(target->region);
  ASSERT_NE(client, nullptr);

  Findings before = RunChecks(GatherSnapshot(*client, *target));
  auto planned = PlannedFixes(before);
  std::set<std::string> operations;
  for (const auto& action : planned) operations.insert(action.service + ":" + action.operation);
  // The base is built with boto3, untagged: the missing raycloud tags are fixed too.
  EXPECT_EQ(operations,
            (std::set<std::string>{"ec2:ModifyVpcAttribute", "s3:PutPublicAccessBlock",
                                   "s3:PutBucketLifecycleConfiguration", "ec2:CreateTags"}));
  std::set<std::string> tagged;
  for (const auto& action : planned) {
    if (action.operation == "CreateTags") tagged.insert(action.params["Resources"][0]);
  }
  EXPECT_EQ(tagged, (std::set<std::string>{vars["vpc_id"], vars["subnet_a"], vars["subnet_b"],
                                           vars["sg_id"]}));
  for (const auto& outcome : ApplyFixes(*client, planned)) {
    EXPECT_TRUE(outcome.applied) << outcome.action.description << ": " << outcome.error;
  }
  Findings after = RunChecks(GatherSnapshot(*client, *target));
  for (const auto& action : PlannedFixes(after)) {
    EXPECT_NE(action.operation, "CreateTags") << action.description;  // tagged now
  }
  EXPECT_EQ(testing::StatusOf(after, "vpc.dns_hostnames"), CheckStatus::kPass);
  EXPECT_EQ(testing::StatusOf(after, "s3.bucket.public_access_block"), CheckStatus::kPass);
  EXPECT_EQ(testing::StatusOf(after, "s3.bucket.lifecycle"), CheckStatus::kPass);
  // Creating an endpoint and security-group rules are never --fix changes.
  EXPECT_EQ(testing::StatusOf(after, "vpc.s3_endpoint"), CheckStatus::kWarn);
  EXPECT_EQ(testing::StatusOf(after, "security_groups.intra_cluster_ingress"), CheckStatus::kFail);
}

INSTANTIATE_TEST_SUITE_P(Corpus, ScenarioTest, ::testing::ValuesIn(ScenarioFiles()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           return name;
                         });

}  // namespace
}  // namespace raycloud::verify
