// `cloud update` against the emulator: set up a cloud, update it, and check the account
// with boto3 (inventory.py) and the emulator's call records, not with our own client.
#include "cloud/setup/update_service.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "cli/setup_flags.h"
#include "cloud/setup/setup_service.h"
#include "integration/handlers/handler_fixture.h"
#include "store/sqlite_store.h"

namespace raycloud::cloud::testing {
namespace {

using json = nlohmann::json;

// Mutating AWS operations start with one of these verbs.
bool IsMutatingOperation(const std::string& service_operation) {
  const std::string operation = service_operation.substr(service_operation.find(':') + 1);
  for (const char* verb : {"Create", "Put", "Authorize", "Revoke", "Tag", "Untag", "Update",
                           "Modify", "Delete", "Attach", "Detach", "Associate", "Allocate", "Add",
                           "Remove", "Replace", "Disassociate", "Release"}) {
    if (operation.starts_with(verb)) return true;
  }
  return false;
}

class UpdateServiceTest : public HandlerTest {
 protected:
  void SetUp() override {
    HandlerTest::SetUp();
    char dir[] = "/tmp/raycloud-update-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    state_dir_ = dir;
    auto store = store::SqliteStore::Open(state_dir_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    settings_.state_dir = state_dir_;
    settings_.timing = context_->timing;
    settings_.clock = &clock_;
  }
  void TearDown() override { std::filesystem::remove_all(state_dir_); }

  // A two-zone public cloud named `demo`, as `cloud setup` leaves it.
  store::CloudRecord SetUpCloud() {
    SetupOptions options;
    options.name = cloud_name_;
    options.region = "us-west-2";
    options.availability_zones = {"us-west-2a", "us-west-2b"};
    auto outcome = RunSetup(*client_, *store_, options, settings_);
    EXPECT_TRUE(outcome) << outcome.error().message;
    return outcome ? outcome->cloud : store::CloudRecord{};
  }

  store::CloudRecord Stored() {
    auto found = store_->FindCloudByName(cloud_name_);
    EXPECT_TRUE(found && found->has_value());
    return found && found->has_value() ? **found : store::CloudRecord{};
  }

  // The options `cloud update` with `flags` asks for, as the command computes them.
  SetupOptions Requested(const cli::UpdateFlags& flags) {
    auto stored = UpdatableOptions(Stored());
    EXPECT_TRUE(stored) << stored.error().message;
    if (!stored) return {};
    auto options = cli::ApplyUpdateFlags(*stored, flags);
    EXPECT_TRUE(options) << options.error().message;
    return options ? *options : SetupOptions{};
  }

  Result<UpdateOutcome> Update(const cli::UpdateFlags& flags) {
    return RunUpdate(*client_, *store_, Stored(), Requested(flags), settings_);
  }

  // The cloud as boto3 sees the account (inventory.py).
  json Inventory(const std::string& cloud_id) {
    const std::string command = std::string("python3 ") + RAYCLOUD_SOURCE_DIR +
                                "/tests/integration/update/inventory.py " + emulator().endpoint() +
                                " us-west-2 " + cloud_id;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {{"error", "cannot run " + command}};
    std::string output;
    char buffer[4096];
    while (size_t read = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, read);
    const int status = pclose(pipe);
    json parsed = json::parse(output, nullptr, false);
    EXPECT_TRUE(status == 0 && !parsed.is_discarded()) << "inventory.py: " << output;
    return parsed.is_discarded() ? json::object() : parsed;
  }

  // The mutating calls since the last reset of the call records, "service:Operation" each.
  std::vector<std::string> MutatingCalls() {
    auto calls = emulator().Calls();
    EXPECT_TRUE(calls);
    std::vector<std::string> mutating;
    if (!calls) return mutating;
    for (const auto& [name, count] : (*calls)["counts"].items()) {
      if (IsMutatingOperation(name)) mutating.push_back(name);
    }
    return mutating;
  }

  std::map<std::string, store::ResourceRecord> Records(const std::string& cloud_id) {
    std::map<std::string, store::ResourceRecord> records;
    auto listed = store_->ListResources(cloud_id);
    EXPECT_TRUE(listed);
    if (listed) {
      for (auto& record : *listed) records[record.logical_name] = record;
    }
    return records;
  }

  static std::string Errors(const Result<UpdateOutcome>& outcome) {
    return outcome ? "" : outcome.error().message;
  }

  std::filesystem::path state_dir_;
  std::unique_ptr<store::SqliteStore> store_;
  RunSettings settings_;
};

TEST_F(UpdateServiceTest, SharedStorageNfsAddsEfsWithAMountTargetPerZoneAndRecordsThem) {
  const store::CloudRecord cloud = SetUpCloud();
  ASSERT_TRUE(Inventory(cloud.id)["efs"].empty());

  auto outcome = Update({.name = cloud_name_, .shared_storage = "nfs"});
  ASSERT_TRUE(outcome) << Errors(outcome);
  EXPECT_EQ(outcome->diff.Count(ResourceChange::Action::kAdd), 3u);
  std::vector<std::string> created = outcome->report.created;
  std::sort(created.begin(), created.end());
  EXPECT_EQ(created, (std::vector<std::string>{"efs", "efs-mount-target-us-west-2a",
                                               "efs-mount-target-us-west-2b"}));
  EXPECT_EQ(outcome->cloud.status, store::CloudStatus::kActive);

  // boto3: one file system of this cloud, a mount target in each cluster subnet.
  const json inventory = Inventory(cloud.id);
  ASSERT_EQ(inventory["efs"].size(), 1u) << inventory.dump();
  auto records = Records(cloud.id);
  EXPECT_EQ(inventory["efs"][0]["id"], records["efs"].physical_id);
  std::vector<std::string> subnets = {records["subnet-us-west-2a"].physical_id,
                                      records["subnet-us-west-2b"].physical_id};
  std::sort(subnets.begin(), subnets.end());
  EXPECT_EQ(inventory["efs"][0]["mount_target_subnets"], json(subnets));
  for (const char* name : {"efs", "efs-mount-target-us-west-2a", "efs-mount-target-us-west-2b"}) {
    EXPECT_EQ(records[name].status, "created") << name;
    EXPECT_FALSE(records[name].physical_id.empty()) << name;
  }

  // The stored options say nfs, and nothing is left pending.
  const store::CloudRecord after = Stored();
  EXPECT_EQ(after.status, store::CloudStatus::kActive);
  EXPECT_EQ(after.options.value("shared_storage", ""), "nfs");
  EXPECT_FALSE(after.options.contains("update_from"));
}

TEST_F(UpdateServiceTest, IngressCidrsReplaceTheHttpsRules) {
  const store::CloudRecord cloud = SetUpCloud();
  ASSERT_EQ(Inventory(cloud.id)["security_groups"][0]["https_cidrs"], json({"0.0.0.0/0"}));

  auto outcome =
      Update({.name = cloud_name_, .ingress_cidrs = {"203.0.113.0/24", "198.51.100.0/24"}});
  ASSERT_TRUE(outcome) << Errors(outcome);
  EXPECT_TRUE(outcome->report.created.empty());
  EXPECT_EQ(outcome->report.updated, std::vector<std::string>{"security-group-rules"});

  const json groups = Inventory(cloud.id)["security_groups"];
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0]["https_cidrs"], json({"198.51.100.0/24", "203.0.113.0/24"}));
  // The record holds the new rules, so delete revokes the right ones.
  const json rules = Records(cloud.id)["security-group-rules"].attributes["rules"];
  EXPECT_NE(rules.dump().find("203.0.113.0/24"), std::string::npos);
  EXPECT_EQ(rules.dump().find("0.0.0.0/0\",\"description\":\"HTTPS"), std::string::npos);
}

TEST_F(UpdateServiceTest, DryRunShowsTheDifferenceAndChangesNothing) {
  const store::CloudRecord cloud = SetUpCloud();
  const json before = Inventory(cloud.id);
  ASSERT_TRUE(emulator().Control("DELETE", "calls"));

  SetupOptions requested = Requested({.name = cloud_name_,
                                      .enable_head_node_fault_tolerance = true,
                                      .shared_storage = "nfs",
                                      .ingress_cidrs = {"203.0.113.0/24"},
                                      .dry_run = true});
  auto planned = PlanUpdate(*client_, *store_, Stored(), requested, settings_);
  ASSERT_TRUE(planned) << planned.error().message;
  EXPECT_EQ(planned->diff.Count(ResourceChange::Action::kAdd), 6u);  // EFS x3, MemoryDB x3
  EXPECT_EQ(planned->diff.ToReconcile(), std::vector<std::string>{"security-group-rules"});

  EXPECT_EQ(MutatingCalls(), std::vector<std::string>{});
  EXPECT_EQ(Inventory(cloud.id), before);
  const store::CloudRecord after = Stored();
  EXPECT_EQ(after.options, cloud.options);
  EXPECT_EQ(after.status, store::CloudStatus::kActive);
}

TEST_F(UpdateServiceTest, RerunningTheSameUpdateChangesNothing) {
  SetUpCloud();
  const cli::UpdateFlags flags{.name = cloud_name_,
                               .shared_storage = "nfs",
                               .ingress_cidrs = {"203.0.113.0/24"},
                               .tags = {"team=ml"}};
  auto first = Update(flags);
  ASSERT_TRUE(first) << Errors(first);
  EXPECT_FALSE(first->diff.empty());

  ASSERT_TRUE(emulator().Control("DELETE", "calls"));
  auto again = Update(flags);
  ASSERT_TRUE(again) << Errors(again);
  EXPECT_TRUE(again->diff.empty()) << UpdateDiffJson(again->diff).dump();
  EXPECT_TRUE(again->report.created.empty());
  EXPECT_TRUE(again->report.updated.empty());
  EXPECT_EQ(MutatingCalls(), std::vector<std::string>{});
}

TEST_F(UpdateServiceTest, TagsReachEveryKindOfTaggedResource) {
  const store::CloudRecord cloud = SetUpCloud();
  auto outcome = Update({.name = cloud_name_, .tags = {"team=ml", "cost-center=42"}});
  ASSERT_TRUE(outcome) << Errors(outcome);
  EXPECT_TRUE(outcome->report.created.empty());

  const json inventory = Inventory(cloud.id);
  ASSERT_EQ(inventory["vpcs"].size(), 1u);
  EXPECT_EQ(inventory["vpcs"][0]["tags"].value("team", ""), "ml");
  EXPECT_EQ(inventory["security_groups"][0]["tags"].value("cost-center", ""), "42");
  ASSERT_EQ(inventory["roles"].size(), 2u) << inventory.dump();
  for (const auto& [name, role] : inventory["roles"].items()) {
    EXPECT_EQ(role["tags"].value("team", ""), "ml") << name;
  }
  ASSERT_TRUE(inventory["bucket"].is_object());
  EXPECT_EQ(inventory["bucket"]["tags"].value("team", ""), "ml");
  EXPECT_EQ(inventory["bucket"]["tags"].value("raycloud-cloud-id", ""), cloud.id);
}

TEST_F(UpdateServiceTest, PoliciesAndLifecycleChangedByHandAreBroughtBack) {
  const store::CloudRecord cloud = SetUpCloud();
  const json before = Inventory(cloud.id);
  const std::string bucket = before["bucket"]["name"];
  // An older raycloud (or a hand edit): one lifecycle rule, no inline policy on a role.
  Aws("s3", "PutBucketLifecycleConfiguration",
      {{"Bucket", bucket},
       {"LifecycleConfiguration",
        {{"Rules",
          {{{"ID", "old-rule"},
            {"Status", "Enabled"},
            {"Filter", {{"Prefix", "x/"}}},
            {"Expiration", {{"Days", 5}}}}}}}}});
  std::string role_name;
  for (const auto& [name, info] : before["roles"].items()) {
    if (info["inline"].contains("raycloud-instance")) role_name = name;
  }
  ASSERT_FALSE(role_name.empty()) << before.dump();
  Aws("iam", "DeleteRolePolicy", {{"RoleName", role_name}, {"PolicyName", "raycloud-instance"}});

  auto outcome = Update({.name = cloud_name_});
  ASSERT_TRUE(outcome) << Errors(outcome);
  std::vector<std::string> updated = outcome->report.updated;
  std::sort(updated.begin(), updated.end());
  EXPECT_EQ(updated, (std::vector<std::string>{"bucket-lifecycle", "instance-role-policy"}));
  for (const auto& change : outcome->diff.resources) {
    EXPECT_EQ(change.fields, std::vector<std::string>{"drift"}) << change.logical_name;
  }

  const json after = Inventory(cloud.id);
  EXPECT_EQ(after["bucket"]["lifecycle_rule_ids"], before["bucket"]["lifecycle_rule_ids"]);
  EXPECT_EQ(after["roles"][role_name]["inline"], before["roles"][role_name]["inline"]);
}

TEST_F(UpdateServiceTest, AFailedUpdateKeepsWhatExistsAndResumes) {
  const store::CloudRecord cloud = SetUpCloud();
  ASSERT_TRUE(emulator().InjectFault({.service = "efs",
                                      .operation = "CreateMountTarget",
                                      .kind = "error",
                                      .status = 400,
                                      .code = "BadRequest",
                                      .message = "injected by the test",
                                      .times = 1}));
  auto failed = Update({.name = cloud_name_, .shared_storage = "nfs"});
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("re-run"), std::string::npos) << failed.error().message;
  store::CloudRecord stored = Stored();
  EXPECT_EQ(stored.status, store::CloudStatus::kFailed);
  EXPECT_TRUE(stored.options.contains("update_from"));
  // Kept, not rolled back: the file system exists and is recorded.
  EXPECT_EQ(Inventory(cloud.id)["efs"].size(), 1u);

  ASSERT_TRUE(emulator().ClearFaults());
  auto resumed = Update({.name = cloud_name_, .shared_storage = "nfs"});
  ASSERT_TRUE(resumed) << Errors(resumed);
  EXPECT_EQ(std::count(resumed->report.created.begin(), resumed->report.created.end(), "efs"), 0);
  const json inventory = Inventory(cloud.id);
  ASSERT_EQ(inventory["efs"].size(), 1u);
  EXPECT_EQ(inventory["efs"][0]["mount_target_subnets"].size(), 2u);
  stored = Stored();
  EXPECT_EQ(stored.status, store::CloudStatus::kActive);
  EXPECT_FALSE(stored.options.contains("update_from"));
}

TEST_F(UpdateServiceTest, ARegisteredOrUnfinishedCloudIsRefused) {
  store::CloudRecord cloud{.id = "cld_updatetest0registered000",
                           .org_id = "org_x",
                           .name = "mine",
                           .region = "us-west-2",
                           .status = store::CloudStatus::kActive,
                           .managed = false};
  auto refused = UpdatableOptions(cloud);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  cloud.managed = true;
  cloud.status = store::CloudStatus::kCreating;
  refused = UpdatableOptions(cloud);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("cloud setup"), std::string::npos);
}

}  // namespace
}  // namespace raycloud::cloud::testing
