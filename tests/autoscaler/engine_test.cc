// Hand-written cases, most taken from the scenarios of Ray's autoscaler documentation
// (multi-node-type clusters, min/max workers, request_resources, placement groups, GPU
// avoidance, idle timeout, upscaling speed), plus what raycloud does beyond Ray.
#include "autoscaler/engine.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "autoscaler/output_json.h"

namespace raycloud::autoscaler {
namespace {

NodeType Type(std::string name, ResourceMap resources, double price, int64_t max_count = 100) {
  NodeType type;
  type.name = std::move(name);
  type.resources = std::move(resources);
  type.price_on_demand = price;
  type.price_spot = price;
  type.max_count = max_count;
  return type;
}

Node Running(std::string id, const NodeType& type, ResourceMap available, double idle = 0) {
  Node node;
  node.id = std::move(id);
  node.node_type = type.name;
  node.total = type.resources;
  node.available = std::move(available);
  node.idle_seconds = idle;
  return node;
}

AutoscalerInput Input(std::vector<NodeType> types) {
  AutoscalerInput input;
  input.node_types = std::move(types);
  input.limits.upscaling_speed = 1000;  // most cases are not about the upscaling rate
  return input;
}

// Launch counts by "type/market/reason".
std::map<std::string, int64_t> Launches(const Decision& decision) {
  std::map<std::string, int64_t> out;
  for (const auto& launch : decision.launches) {
    out[launch.node_type + "/" + std::string(MarketName(launch.market)) + "/" +
        std::string(ReasonName(launch.reason))] += launch.count;
  }
  return out;
}

std::map<std::string, std::string> Terminations(const Decision& decision) {
  std::map<std::string, std::string> out;
  for (const auto& t : decision.terminations) out[t.node_id] = ReasonName(t.reason);
  return out;
}

TEST(AutoscalerEngineTest, PacksTasksOntoAsFewNodesAsTheyNeed) {
  auto input = Input({Type("cpu-4", {{"CPU", 4}}, 0.2)});
  input.demands = {{{{"CPU", 1}}, 10}};
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"cpu-4/on_demand/pending_demand", 3}}));
  EXPECT_TRUE(decision.deferred.empty());
  EXPECT_DOUBLE_EQ(decision.hourly_cost_after, 0.6);
}

TEST(AutoscalerEngineTest, FillsExistingAndLaunchingNodesFirst) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2);
  auto input = Input({cpu});
  input.nodes = {Running("i-1", cpu, {{"CPU", 2}})};
  Node launching = Running("i-2", cpu, {{"CPU", 4}});
  launching.status = NodeStatus::kLaunching;
  input.nodes.push_back(launching);
  input.demands = {{{{"CPU", 1}}, 6}};
  Decision decision = Decide(input);
  EXPECT_TRUE(decision.launches.empty());
  input.demands = {{{{"CPU", 1}}, 7}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"cpu-4/on_demand/pending_demand", 1}}));
}

TEST(AutoscalerEngineTest, LaunchesMinimumCountWithoutDemand) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2);
  cpu.min_count = 2;
  auto input = Input({cpu});
  input.nodes = {Running("i-1", cpu, {{"CPU", 4}})};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"cpu-4/on_demand/min_count", 1}}));
}

TEST(AutoscalerEngineTest, StopsAtTypeMaximumAndSpillsToTheNextType) {
  auto small = Type("cpu-4", {{"CPU", 4}}, 0.2, 2);
  auto big = Type("cpu-8", {{"CPU", 8}}, 0.5, 1);
  auto input = Input({small, big});
  input.demands = {{{{"CPU", 4}}, 5}};
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"cpu-4/on_demand/pending_demand", 2},
                                            {"cpu-8/on_demand/pending_demand", 1}}));
  ASSERT_EQ(decision.deferred.size(), 1u);
  EXPECT_EQ(decision.deferred[0].count, 1);
  EXPECT_EQ(decision.deferred[0].limit, Limit::kMaxCount);
}

TEST(AutoscalerEngineTest, RespectsGlobalMaxNodesAndConcurrentLaunches) {
  auto input = Input({Type("cpu-1", {{"CPU", 1}}, 0.05)});
  input.demands = {{{{"CPU", 1}}, 50}};
  input.limits.max_nodes = 30;
  input.limits.max_concurrent_launches = 10;
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"cpu-1/on_demand/pending_demand", 10}}));
  ASSERT_EQ(decision.deferred.size(), 1u);
  EXPECT_EQ(decision.deferred[0].limit, Limit::kMaxConcurrentLaunches);
  input.limits.max_concurrent_launches = 100;
  decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"cpu-1/on_demand/pending_demand", 30}}));
  EXPECT_EQ(decision.deferred[0].limit, Limit::kMaxNodes);
}

TEST(AutoscalerEngineTest, UpscalingSpeedFollowsRaysRule) {
  auto cpu = Type("cpu-1", {{"CPU", 1}}, 0.05);
  auto input = Input({cpu});
  input.limits.upscaling_speed = 1.0;
  input.demands = {{{{"CPU", 1}}, 100}};
  // No running node: max(5, 1 x max(0, 1)) = 5 may be pending.
  EXPECT_EQ(Launches(Decide(input))["cpu-1/on_demand/pending_demand"], 5);
  // Ten busy nodes at speed 2: up to 20 pending, 3 of them already launching.
  for (int i = 0; i < 10; ++i) input.nodes.push_back(Running("r" + std::to_string(i), cpu, {}));
  for (int i = 0; i < 3; ++i) {
    Node node = Running("l" + std::to_string(i), cpu, {{"CPU", 1}});
    node.status = NodeStatus::kLaunching;
    input.nodes.push_back(node);
  }
  input.limits.upscaling_speed = 2.0;
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision)["cpu-1/on_demand/pending_demand"], 17);
  EXPECT_EQ(decision.deferred.at(0).limit, Limit::kUpscalingSpeed);
}

TEST(AutoscalerEngineTest, AvoidsGpuNodesForCpuOnlyDemand) {
  auto gpu = Type("gpu-1", {{"CPU", 8}, {"GPU", 1}}, 0.1);  // cheaper, but a GPU node
  auto cpu = Type("cpu-8", {{"CPU", 8}}, 0.4);
  auto input = Input({gpu, cpu});
  input.demands = {{{{"CPU", 2}}, 4}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"cpu-8/on_demand/pending_demand", 1}}));
  input.demands = {{{{"CPU", 2}, {"GPU", 1}}, 2}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"gpu-1/on_demand/pending_demand", 2}}));
}

TEST(AutoscalerEngineTest, GpuNodesLaunchedForGpuWorkTakeCpuWorkToo) {
  auto gpu = Type("gpu-4", {{"CPU", 16}, {"GPU", 4}}, 3.0);
  auto cpu = Type("cpu-8", {{"CPU", 8}}, 0.4);
  auto input = Input({cpu, gpu});
  input.demands = {{{{"CPU", 1}}, 12}, {{{"CPU", 1}, {"GPU", 1}}, 4}};
  // One GPU node for the GPU tasks; its 12 spare CPUs hold every CPU task.
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"gpu-4/on_demand/pending_demand", 1}}));
}

TEST(AutoscalerEngineTest, ChoosesTheCheapestTypeThatServesTheDemand) {
  auto m5 = Type("m5.2xlarge", {{"CPU", 8}, {"memory", 32e9}}, 0.384);
  auto c5 = Type("c5.2xlarge", {{"CPU", 8}, {"memory", 16e9}}, 0.34);
  auto r5 = Type("r5.2xlarge", {{"CPU", 8}, {"memory", 64e9}}, 0.504);
  auto input = Input({m5, r5, c5});
  input.demands = {{{{"CPU", 1}, {"memory", 2e9}}, 16}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"c5.2xlarge/on_demand/pending_demand", 2}}));
  // Memory-heavy tasks: 8 per r5 (0.504) beats 4 per m5 (2 x 0.384) and 2 per c5.
  input.demands = {{{{"CPU", 1}, {"memory", 8e9}}, 16}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"r5.2xlarge/on_demand/pending_demand", 2}}));
}

TEST(AutoscalerEngineTest, PrefersSpotAndFallsBackWhenSpotFails) {
  auto cpu = Type("cpu-8", {{"CPU", 8}}, 0.384);
  cpu.price_spot = 0.12;
  cpu.spot_allowed = true;
  auto input = Input({cpu});
  input.demands = {{{{"CPU", 8}}, 2}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"cpu-8/spot/pending_demand", 2}}));
  input.node_types[0].availability_spot = 0.1;  // recent spot capacity failures
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"cpu-8/on_demand/spot_unavailable_fallback", 2}}));
}

TEST(AutoscalerEngineTest, FallsBackToAnotherTypeWhenItsSpotMarketFails) {
  auto a = Type("a", {{"CPU", 8}}, 0.4);
  a.price_spot = 0.1;
  a.spot_allowed = true;
  a.availability_spot = 0.05;
  auto b = Type("b", {{"CPU", 8}}, 0.4);
  b.price_spot = 0.15;
  b.spot_allowed = true;
  auto input = Input({a, b});
  input.demands = {{{{"CPU", 8}}, 1}};
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"b/spot/spot_unavailable_fallback", 1}}));
}

TEST(AutoscalerEngineTest, StrictSpreadUsesDistinctNodes) {
  auto cpu = Type("cpu-8", {{"CPU", 8}}, 0.4);
  auto input = Input({cpu});
  input.nodes = {Running("i-1", cpu, {{"CPU", 8}})};
  input.placement_groups = {
      {PlacementStrategy::kStrictSpread, {{{"CPU", 1}}, {{"CPU", 1}}, {{"CPU", 1}}}}};
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"cpu-8/on_demand/placement_group", 2}}));
  std::set<int> nodes;
  for (const auto& p : decision.placements) nodes.insert(p.node);
  EXPECT_EQ(nodes.size(), 3u);
}

TEST(AutoscalerEngineTest, StrictPackPutsTheWholeGroupOnOneNode) {
  auto gpu1 = Type("gpu-1", {{"CPU", 4}, {"GPU", 1}}, 0.5);
  auto gpu4 = Type("gpu-4", {{"CPU", 16}, {"GPU", 4}}, 3.0);
  auto input = Input({gpu1, gpu4});
  input.placement_groups = {
      {PlacementStrategy::kStrictPack, {{{"GPU", 1}}, {{"GPU", 1}}, {{"GPU", 1}}}}};
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"gpu-4/on_demand/placement_group", 1}}));
  // PACK may split across the cheaper single-GPU nodes (3 x 0.5 < 3.0).
  input.placement_groups[0].strategy = PlacementStrategy::kPack;
  EXPECT_EQ(Launches(Decide(input)),
            (std::map<std::string, int64_t>{{"gpu-1/on_demand/placement_group", 3}}));
}

TEST(AutoscalerEngineTest, GangPlacementIsAllOrNothing) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2);
  auto input = Input({cpu});
  input.nodes = {Running("i-1", cpu, {{"CPU", 4}})};
  input.limits.max_concurrent_launches = 2;
  // Needs 4 distinct nodes: one exists, 3 would have to launch but only 2 may.
  input.placement_groups = {
      {PlacementStrategy::kStrictSpread, {{{"CPU", 2}}, {{"CPU", 2}}, {{"CPU", 2}}, {{"CPU", 2}}}}};
  input.demands = {{{{"CPU", 1}}, 1}};
  Decision decision = Decide(input);
  EXPECT_TRUE(decision.launches.empty());
  ASSERT_EQ(decision.deferred.size(), 1u);
  EXPECT_EQ(decision.deferred[0].reason, Reason::kPlacementGroup);
  EXPECT_EQ(decision.deferred[0].count, 4);
  EXPECT_EQ(decision.deferred[0].limit, Limit::kMaxConcurrentLaunches);
  // The rolled-back group left the existing node for the task.
  ASSERT_EQ(decision.placements.size(), 1u);
  EXPECT_EQ(decision.placements[0].kind, DemandKind::kTask);
}

TEST(AutoscalerEngineTest, ReportsDemandNoTypeCanHoldAsInfeasible) {
  auto gpu = Type("gpu-8", {{"CPU", 32}, {"GPU", 8}}, 10);
  auto unused = Type("tpu", {{"TPU", 4}}, 1, /*max_count=*/0);
  auto input = Input({gpu, unused});
  input.demands = {{{{"GPU", 16}}, 3}, {{{"TPU", 1}}, 1}, {{{"GPU", 1}}, 1}};
  input.placement_groups = {{PlacementStrategy::kStrictPack, {{{"GPU", 6}}, {{"GPU", 6}}}}};
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"gpu-8/on_demand/pending_demand", 1}}));
  ASSERT_EQ(decision.infeasible.size(), 3u);
  std::map<std::string, int64_t> infeasible;
  for (const auto& entry : decision.infeasible) {
    infeasible[std::string(ReasonName(entry.reason)) + ":" + entry.resources.begin()->first + "=" +
               std::to_string(entry.resources.begin()->second)] += entry.count;
  }
  EXPECT_EQ(infeasible, (std::map<std::string, int64_t>{{"pending_demand:GPU=16.000000", 3},
                                                        {"pending_demand:TPU=1.000000", 1},
                                                        {"placement_group:GPU=12.000000", 1}}));
}

TEST(AutoscalerEngineTest, ResourceFloorLaunchesCapacityAndKeepsIdleNodes) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2);
  auto input = Input({cpu});
  input.limits.idle_timeout_seconds = 60;
  input.nodes = {Running("idle-1", cpu, {{"CPU", 4}}, 600),
                 Running("idle-2", cpu, {{"CPU", 4}}, 900)};
  input.resource_floor = {{{{"CPU", 1}}, 12}};  // request_resources(num_cpus=12)
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision),
            (std::map<std::string, int64_t>{{"cpu-4/on_demand/resource_floor", 1}}));
  EXPECT_TRUE(decision.terminations.empty());
  input.resource_floor = {{{{"CPU", 4}}, 1}};
  decision = Decide(input);
  EXPECT_TRUE(decision.launches.empty());
  // The floor keeps one node; the longer idle one goes (same price).
  EXPECT_EQ(Terminations(decision),
            (std::map<std::string, std::string>{{"idle-2", "idle_timeout"}}));
}

TEST(AutoscalerEngineTest, TerminatesOnlyIdleEmptyNodesAboveTheMinimum) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2);
  cpu.min_count = 1;
  auto input = Input({cpu});
  input.limits.idle_timeout_seconds = 300;
  input.nodes = {Running("busy", cpu, {{"CPU", 1}}, 1000),  // holds work despite the field
                 Running("fresh", cpu, {{"CPU", 4}}, 10), Running("idle-a", cpu, {{"CPU", 4}}, 400),
                 Running("idle-b", cpu, {{"CPU", 4}}, 500)};
  Decision decision = Decide(input);
  EXPECT_EQ(Terminations(decision), (std::map<std::string, std::string>{
                                        {"idle-a", "idle_timeout"}, {"idle-b", "idle_timeout"}}));
  // Pending demand lands on an idle node rather than launching, and keeps it.
  input.demands = {{{{"CPU", 4}}, 3}};
  decision = Decide(input);
  EXPECT_TRUE(decision.launches.empty());
  EXPECT_TRUE(decision.terminations.empty());
  // The minimum holds even when every node is idle.
  input.demands.clear();
  input.nodes = {Running("idle-a", cpu, {{"CPU", 4}}, 400),
                 Running("idle-b", cpu, {{"CPU", 4}}, 500)};
  EXPECT_EQ(Decide(input).terminations.size(), 1u);
}

TEST(AutoscalerEngineTest, TerminatesEmptyNodesAboveTheMaximum) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2, 1);
  auto input = Input({cpu});
  input.nodes = {Running("busy-1", cpu, {{"CPU", 0}}), Running("busy-2", cpu, {{"CPU", 2}}),
                 Running("empty", cpu, {{"CPU", 4}})};
  Decision decision = Decide(input);
  EXPECT_EQ(Terminations(decision), (std::map<std::string, std::string>{{"empty", "above_max"}}));
  EXPECT_DOUBLE_EQ(decision.hourly_cost_before, 0.6);
  EXPECT_DOUBLE_EQ(decision.hourly_cost_after, 0.4);
}

TEST(AutoscalerEngineTest, AggregatesLargeDemandInOneDecision) {
  auto cpu = Type("cpu-16", {{"CPU", 16}}, 0.7, 10000);
  auto input = Input({cpu});
  input.limits.max_nodes = 10000;
  input.limits.max_concurrent_launches = 10000;
  input.limits.upscaling_speed = 1e6;
  input.demands = {{{{"CPU", 1}}, 100000}};
  Decision decision = Decide(input);
  EXPECT_EQ(Launches(decision)["cpu-16/on_demand/pending_demand"], 6250);
  EXPECT_TRUE(decision.deferred.empty());
}

TEST(AutoscalerEngineTest, IsDeterministic) {
  auto cpu = Type("cpu-4", {{"CPU", 4}}, 0.2);
  auto gpu = Type("gpu-1", {{"CPU", 4}, {"GPU", 1}}, 0.9);
  auto input = Input({cpu, gpu});
  input.demands = {{{{"CPU", 1}}, 7}, {{{"GPU", 1}}, 3}, {{{"CPU", 3}}, 2}};
  input.placement_groups = {{PlacementStrategy::kSpread, {{{"CPU", 2}}, {{"CPU", 2}}}}};
  EXPECT_EQ(DecisionToJson(Decide(input)).dump(), DecisionToJson(Decide(input)).dump());
}

}  // namespace
}  // namespace raycloud::autoscaler
