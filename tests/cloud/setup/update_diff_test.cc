#include "cloud/setup/update_diff.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cloud/plan/plan_test_util.h"
#include "cloud/plan/resource_kinds.h"

namespace raycloud::cloud {
namespace {

using json = nlohmann::json;
using testing::TestIdentity;
using testing::TestOptions;
using testing::TestZones;

// The stored cloud: the defaults, zones fixed as setup stores them.
SetupOptions StoredOptions() {
  SetupOptions options = TestOptions();
  options.availability_zones = {"us-west-2b", "us-west-2a", "us-west-2c"};
  return options;
}

CloudPlan PlanOf(const SetupOptions& options) {
  auto plan = BuildPlan(options, TestIdentity(), TestZones());
  EXPECT_TRUE(plan) << plan.error().message;
  return plan ? std::move(*plan) : CloudPlan{};
}

// Every resource of `plan` recorded as setup leaves it.
std::vector<store::ResourceRecord> RecordsOf(const CloudPlan& plan) {
  std::vector<store::ResourceRecord> records;
  for (const auto& spec : plan.resources) {
    records.push_back({TestIdentity().cloud_id, spec.logical_name, spec.kind,
                       "id-" + spec.logical_name, "created", json::object(), ""});
  }
  return records;
}

std::vector<std::string> NamesWith(const UpdateDiff& diff, ResourceChange::Action action) {
  std::vector<std::string> names;
  for (const auto& change : diff.resources) {
    if (change.action == action) names.push_back(change.logical_name);
  }
  return names;
}

const ResourceChange* ChangeOf(const UpdateDiff& diff, std::string_view name) {
  for (const auto& change : diff.resources) {
    if (change.logical_name == name) return &change;
  }
  return nullptr;
}

TEST(UpdateDiffTest, SameOptionsAndEverythingRecordedIsEmpty) {
  const SetupOptions options = StoredOptions();
  const CloudPlan plan = PlanOf(options);
  UpdateDiff diff = ComputeUpdateDiff(options, options, plan, plan, RecordsOf(plan));
  EXPECT_TRUE(diff.empty());
  EXPECT_TRUE(diff.ToReconcile().empty());
}

TEST(UpdateDiffTest, SharedStorageNfsAddsEfsAndOneMountTargetPerZoneOnly) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.shared_storage = kSharedStorageNfs;
  const CloudPlan current = PlanOf(from);
  const CloudPlan target = PlanOf(to);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, target, RecordsOf(current));

  EXPECT_EQ(
      NamesWith(diff, ResourceChange::Action::kAdd),
      (std::vector<std::string>{"efs", "efs-mount-target-us-west-2b", "efs-mount-target-us-west-2a",
                                "efs-mount-target-us-west-2c"}));
  // EFS needs nothing else changed: the policies do not depend on shared storage.
  EXPECT_EQ(NamesWith(diff, ResourceChange::Action::kUpdate), std::vector<std::string>{});
  ASSERT_EQ(diff.options.size(), 1u);
  EXPECT_EQ(diff.options[0].option, "shared_storage");
  EXPECT_EQ(diff.options[0].from, "object-storage");
  EXPECT_EQ(diff.options[0].to, "nfs");
}

TEST(UpdateDiffTest, HeadNodeFaultToleranceAddsTheMemoryDbGroupsAndCluster) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.enable_head_node_fault_tolerance = true;
  const CloudPlan current = PlanOf(from);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, PlanOf(to), RecordsOf(current));
  EXPECT_EQ(NamesWith(diff, ResourceChange::Action::kAdd),
            (std::vector<std::string>{"memorydb-subnet-group", "memorydb-parameter-group",
                                      "memorydb-cluster"}));
}

TEST(UpdateDiffTest, IngressCidrsChangeOnlyTheSecurityGroupRulesInPlace) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.ingress_cidrs = {"203.0.113.0/24", "198.51.100.0/24"};
  const CloudPlan current = PlanOf(from);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, PlanOf(to), RecordsOf(current));
  EXPECT_EQ(NamesWith(diff, ResourceChange::Action::kAdd), std::vector<std::string>{});
  ASSERT_EQ(diff.resources.size(), 1u);
  EXPECT_EQ(diff.resources[0].kind, kind::kSecurityGroupRules);
  EXPECT_EQ(diff.resources[0].fields, std::vector<std::string>{"ingress"});
  EXPECT_EQ(diff.ToReconcile(), std::vector<std::string>{diff.resources[0].logical_name});
}

TEST(UpdateDiffTest, ATagChangesEveryTaggedResourceAndNothingUntagged) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.tags.push_back({"team", "ml"});
  const CloudPlan current = PlanOf(from);
  const CloudPlan target = PlanOf(to);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, target, RecordsOf(current));
  size_t tagged = 0;
  for (const auto& spec : target.resources) {
    const ResourceChange* change = ChangeOf(diff, spec.logical_name);
    if (spec.properties.contains("tags")) {
      ++tagged;
      ASSERT_NE(change, nullptr) << spec.logical_name;
      EXPECT_EQ(change->action, ResourceChange::Action::kUpdate);
      EXPECT_EQ(change->fields, std::vector<std::string>{"tags"}) << spec.logical_name;
    } else {
      EXPECT_EQ(change, nullptr) << spec.logical_name;
    }
  }
  EXPECT_GT(tagged, 5u);
  EXPECT_EQ(diff.Count(ResourceChange::Action::kUpdate), tagged);
}

TEST(UpdateDiffTest, ConsoleOriginOnACloudWithoutOneAddsTheCorsRule) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.console_origins = {"https://console.example.com"};
  const CloudPlan current = PlanOf(from);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, PlanOf(to), RecordsOf(current));
  EXPECT_EQ(NamesWith(diff, ResourceChange::Action::kAdd), std::vector<std::string>{"bucket-cors"});
}

TEST(UpdateDiffTest, MissingOrUnfinishedRecordsAreAddedAgain) {
  const SetupOptions options = StoredOptions();
  const CloudPlan plan = PlanOf(options);
  auto records = RecordsOf(plan);
  // One resource never recorded, one recorded but not ready when setup stopped.
  records.erase(std::find_if(records.begin(), records.end(),
                             [](const auto& r) { return r.logical_name == "bucket-lifecycle"; }));
  std::find_if(records.begin(), records.end(), [](const auto& r) {
    return r.logical_name == "internet-gateway";
  })->status = "creating";
  UpdateDiff diff = ComputeUpdateDiff(options, options, plan, plan, records);
  auto added = NamesWith(diff, ResourceChange::Action::kAdd);
  std::sort(added.begin(), added.end());
  EXPECT_EQ(added, (std::vector<std::string>{"bucket-lifecycle", "internet-gateway"}));
  EXPECT_TRUE(diff.options.empty());
}

TEST(UpdateDiffTest, ResourcesRecordedButNotInTheStoredPlanAreNotChangedAgain) {
  // A re-run after an update that created EFS, then failed: `from` is still object storage.
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.shared_storage = kSharedStorageNfs;
  const CloudPlan target = PlanOf(to);
  UpdateDiff diff = ComputeUpdateDiff(from, to, PlanOf(from), target, RecordsOf(target));
  EXPECT_TRUE(diff.resources.empty());
  EXPECT_EQ(diff.options.size(), 1u);
}

TEST(UpdateDiffTest, DriftCandidatesArePoliciesRulesAndBucketSettingsNotAlreadyChanged) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.ingress_cidrs = {"203.0.113.0/24"};
  const CloudPlan current = PlanOf(from);
  const CloudPlan target = PlanOf(to);
  auto records = RecordsOf(current);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, target, records);
  auto candidates = DriftCandidates(target, diff, records);
  std::sort(candidates.begin(), candidates.end());
  EXPECT_EQ(candidates, (std::vector<std::string>{"bucket-encryption", "bucket-lifecycle",
                                                  "bucket-policy", "bucket-public-access-block",
                                                  "control-plane-role", "control-plane-role-policy",
                                                  "instance-role", "instance-role-policy"}));
}

TEST(UpdateDiffTest, DriftIsAddedAsInPlaceUpdatesInPlanOrder) {
  const SetupOptions from = StoredOptions();
  SetupOptions to = from;
  to.shared_storage = kSharedStorageNfs;
  const CloudPlan current = PlanOf(from);
  const CloudPlan target = PlanOf(to);
  UpdateDiff diff = ComputeUpdateDiff(from, to, current, target, RecordsOf(current));
  AddDrift(diff, target, {"bucket-policy", "instance-role-policy"});
  EXPECT_EQ(diff.ToReconcile(),
            (std::vector<std::string>{"instance-role-policy", "bucket-policy"}));
  EXPECT_EQ(ChangeOf(diff, "bucket-policy")->fields, std::vector<std::string>{"drift"});
  EXPECT_EQ(diff.Count(ResourceChange::Action::kAdd), 4u);

  const json rendered = UpdateDiffJson(diff);
  EXPECT_EQ(rendered["add"], 4);
  EXPECT_EQ(rendered["update"], 2);
  EXPECT_EQ(rendered["options"][0]["option"], "shared_storage");
  EXPECT_EQ(rendered["resources"].size(), 6u);
  EXPECT_EQ(rendered["resources"][0]["action"], "update");  // identity comes before storage
}

}  // namespace
}  // namespace raycloud::cloud
