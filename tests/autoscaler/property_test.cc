// Property tests: random clusters and demand (fixed seeds), and invariants every decision must
// hold whatever the scenario. Each check recomputes from the input, not from engine state.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>

#include "autoscaler/engine.h"
#include "autoscaler/output_json.h"

namespace raycloud::autoscaler {
namespace {

class ScenarioGenerator {
 public:
  explicit ScenarioGenerator(uint32_t seed) : rng_(seed) {}

  AutoscalerInput Make() {
    AutoscalerInput input;
    int types = Int(1, 6);
    for (int t = 0; t < types; ++t) input.node_types.push_back(MakeType(t));
    int nodes = Int(0, 15);
    for (int n = 0; n < nodes; ++n) {
      input.nodes.push_back(MakeNode(n, input.node_types[Int(0, types - 1)]));
    }
    for (int d = Int(0, 6); d > 0; --d)
      input.demands.push_back({MakeShape(), Int(1, Chance(0.1) ? 5000 : 40)});
    for (int g = Int(0, 5); g > 0; --g) {
      PlacementGroup group;
      group.strategy = static_cast<PlacementStrategy>(Int(0, 3));
      for (int b = Int(1, 5); b > 0; --b) group.bundles.push_back(MakeShape());
      input.placement_groups.push_back(std::move(group));
    }
    for (int f = Int(0, 2); f > 0; --f) input.resource_floor.push_back({MakeShape(), Int(1, 10)});
    input.limits.max_nodes = Int(0, 60);
    input.limits.max_concurrent_launches = Int(0, 40);
    input.limits.upscaling_speed = Int(0, 30) / 10.0;
    input.limits.idle_timeout_seconds = Int(0, 600);
    return input;
  }

 private:
  int Int(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  NodeType MakeType(int index) {
    NodeType type;
    type.name = "type-" + std::to_string(index);
    int cpus = 1 << Int(1, 6);
    type.resources["CPU"] = cpus;
    type.resources["memory"] = cpus * 4.0e9;
    if (Chance(0.3)) type.resources["GPU"] = 1 << Int(0, 3);
    if (Chance(0.15)) type.resources["accelerator_type:A10G"] = 1;
    type.price_on_demand = Int(1, 400) / 100.0;
    type.price_spot = type.price_on_demand * Int(20, 100) / 100.0;
    type.spot_allowed = Chance(0.5);
    type.availability_spot = Int(0, 10) / 10.0;
    type.availability_on_demand = Chance(0.8) ? 1.0 : Int(0, 10) / 10.0;
    type.max_count = Int(0, 12);
    type.min_count = Int(0, std::min<int>(2, static_cast<int>(type.max_count)));
    return type;
  }

  Node MakeNode(int index, const NodeType& type) {
    Node node;
    node.id = "i-" + std::to_string(index);
    node.node_type = type.name;
    node.market = Chance(0.5) ? Market::kSpot : Market::kOnDemand;
    node.status = Chance(0.2) ? NodeStatus::kLaunching : NodeStatus::kRunning;
    node.total = type.resources;
    node.available = type.resources;
    if (node.status == NodeStatus::kRunning && Chance(0.5)) {
      for (auto& [name, amount] : node.available) amount = std::floor(amount * Int(0, 4) / 4.0);
    }
    node.idle_seconds = Int(0, 1200);
    return node;
  }

  ResourceMap MakeShape() {
    ResourceMap shape;
    shape["CPU"] = Chance(0.2) ? 0.5 : Int(1, 8);
    if (Chance(0.3)) shape["memory"] = Int(1, 16) * 1.0e9;
    if (Chance(0.2)) shape["GPU"] = Int(1, 4);
    if (Chance(0.05)) shape["accelerator_type:A10G"] = 0.01;
    if (Chance(0.03)) shape["TPU"] = 1;  // no type has it: infeasible
    if (Chance(0.05)) shape["CPU"] = 256;
    return shape;
  }

  std::mt19937 rng_;
};

bool Fits(const ResourceMap& capacity, const ResourceMap& used) {
  for (const auto& [name, amount] : used) {
    auto it = capacity.find(name);
    double have = it == capacity.end() ? 0 : it->second;
    if (amount > have + 1e-6) return false;
  }
  return true;
}

void AddScaled(ResourceMap& into, const ResourceMap& shape, int64_t count) {
  for (const auto& [name, amount] : shape) into[name] += amount * static_cast<double>(count);
}

const NodeType& TypeNamed(const AutoscalerInput& input, const std::string& name) {
  for (const auto& type : input.node_types) {
    if (type.name == name) return type;
  }
  throw std::runtime_error("unknown type " + name);
}

bool HoldsNoWork(const Node& node) {
  if (node.status == NodeStatus::kLaunching) return true;
  for (const auto& [name, amount] : node.total) {
    auto it = node.available.find(name);
    if ((it == node.available.end() ? 0 : it->second) < amount) return false;
  }
  return true;
}

void CheckInvariants(const AutoscalerInput& input, const Decision& d) {
  std::map<std::string, const Node*> nodes;
  for (const auto& node : input.nodes) nodes[node.id] = &node;

  // Capacity: pending work against available resources, the floor against totals.
  std::vector<ResourceMap> work(d.planned_nodes.size()), floor(d.planned_nodes.size());
  for (const auto& p : d.placements) {
    ASSERT_GE(p.node, 0);
    ASSERT_LT(p.node, static_cast<int>(d.planned_nodes.size()));
    AddScaled(p.kind == DemandKind::kFloor ? floor[p.node] : work[p.node], d.shapes[p.shape],
              p.count);
  }
  for (size_t n = 0; n < d.planned_nodes.size(); ++n) {
    const PlannedNode& planned = d.planned_nodes[n];
    const NodeType& type = TypeNamed(input, planned.node_type);
    ResourceMap available = planned.is_new ? type.resources : nodes.at(planned.node_id)->available;
    ResourceMap total = planned.is_new ? type.resources : nodes.at(planned.node_id)->total;
    EXPECT_TRUE(Fits(available, work[n])) << "node " << n << " over capacity";
    EXPECT_TRUE(Fits(total, floor[n])) << "node " << n << " floor over capacity";
    if (planned.terminated) {
      EXPECT_TRUE(work[n].empty() && floor[n].empty()) << "terminated node " << n << " in use";
    }
  }

  // Counts per type and in total after the decision.
  std::map<std::string, int64_t> count, launched;
  int64_t alive = 0, launching = 0, launched_total = 0;
  std::set<std::string> terminated;
  for (const auto& t : d.terminations) {
    EXPECT_TRUE(terminated.insert(t.node_id).second) << "terminated twice " << t.node_id;
  }
  for (const auto& node : input.nodes) {
    if (terminated.count(node.id)) continue;
    ++count[node.node_type];
    ++alive;
    if (node.status == NodeStatus::kLaunching) ++launching;
  }
  for (const auto& launch : d.launches) {
    EXPECT_GT(launch.count, 0);
    count[launch.node_type] += launch.count;
    launched[launch.node_type] += launch.count;
    launched_total += launch.count;
    const NodeType& type = TypeNamed(input, launch.node_type);
    if (launch.market == Market::kSpot) {
      EXPECT_TRUE(type.spot_allowed);
    }
  }
  int64_t new_nodes = 0;
  for (const auto& planned : d.planned_nodes) new_nodes += planned.is_new;
  EXPECT_EQ(new_nodes, launched_total);
  for (const auto& type : input.node_types) {
    if (launched[type.name] > 0) {
      EXPECT_LE(count[type.name], type.max_count) << type.name;
    }
  }
  if (launched_total > 0) {
    EXPECT_LE(alive + launched_total, input.limits.max_nodes);
    EXPECT_LE(launching + launched_total, input.limits.max_concurrent_launches);
  }

  // Terminations: only nodes holding no work, never below a minimum, idle ones past timeout.
  std::map<std::string, int64_t> before;
  for (const auto& node : input.nodes) ++before[node.node_type];
  for (const auto& t : d.terminations) {
    const Node& node = *nodes.at(t.node_id);
    EXPECT_TRUE(HoldsNoWork(node)) << t.node_id;
    const NodeType& type = TypeNamed(input, node.node_type);
    EXPECT_GE(count[type.name], std::min(type.min_count, before[type.name])) << type.name;
    if (t.reason == Reason::kIdleTimeout) {
      EXPECT_GE(node.idle_seconds, input.limits.idle_timeout_seconds);
      EXPECT_EQ(node.status, NodeStatus::kRunning);
    } else {
      EXPECT_EQ(t.reason, Reason::kAboveMax);
    }
  }

  // Placement groups: all or nothing, STRICT_SPREAD on distinct nodes, STRICT_PACK on one.
  std::map<int, std::vector<const Placement*>> by_group;
  for (const auto& p : d.placements) {
    if (p.kind == DemandKind::kPlacementGroup) by_group[p.index].push_back(&p);
  }
  for (const auto& [g, placed] : by_group) {
    const PlacementGroup& group = input.placement_groups[g];
    if (group.strategy == PlacementStrategy::kStrictPack) {
      ASSERT_EQ(placed.size(), 1u);
      ResourceMap sum;
      for (const auto& bundle : group.bundles) AddScaled(sum, bundle, 1);
      EXPECT_TRUE(Fits(d.shapes[placed[0]->shape], sum) && Fits(sum, d.shapes[placed[0]->shape]));
      continue;
    }
    ASSERT_EQ(placed.size(), group.bundles.size()) << "group " << g << " partly placed";
    std::set<int> bundles, on_nodes;
    for (const Placement* p : placed) {
      bundles.insert(p->bundle);
      on_nodes.insert(p->node);
      EXPECT_EQ(p->count, 1);
    }
    EXPECT_EQ(bundles.size(), group.bundles.size());
    if (group.strategy == PlacementStrategy::kStrictSpread) {
      EXPECT_EQ(on_nodes.size(), group.bundles.size()) << "STRICT_SPREAD shares a node";
    }
  }

  // Task demand is conserved: placed + deferred + infeasible = asked, per shape.
  std::map<ResourceMap, int64_t> asked, accounted;
  for (const auto& demand : input.demands) asked[demand.resources] += demand.count;
  for (const auto& p : d.placements) {
    if (p.kind == DemandKind::kTask) accounted[d.shapes[p.shape]] += p.count;
  }
  for (const auto* list : {&d.deferred, &d.infeasible}) {
    for (const auto& entry : *list) {
      if (entry.reason == Reason::kPendingDemand) accounted[entry.resources] += entry.count;
    }
  }
  EXPECT_EQ(asked, accounted);

  // Infeasible demand really fits no node type that may have nodes.
  for (const auto& entry : d.infeasible) {
    for (const auto& type : input.node_types) {
      if (type.max_count > 0 && entry.reason != Reason::kPlacementGroup) {
        EXPECT_FALSE(Fits(type.resources, entry.resources)) << type.name;
      }
    }
  }

  // Cost after = before - terminated + launched, from the input's prices.
  auto price = [&](const std::string& type_name, Market market) {
    const NodeType& type = TypeNamed(input, type_name);
    return market == Market::kSpot ? type.price_spot : type.price_on_demand;
  };
  double before_cost = 0, after_cost = 0;
  for (const auto& node : input.nodes) {
    before_cost += price(node.node_type, node.market);
    if (!terminated.count(node.id)) after_cost += price(node.node_type, node.market);
  }
  for (const auto& launch : d.launches)
    after_cost += launch.count * price(launch.node_type, launch.market);
  EXPECT_NEAR(d.hourly_cost_before, before_cost, 1e-6);
  EXPECT_NEAR(d.hourly_cost_after, after_cost, 1e-6);
}

TEST(AutoscalerPropertyTest, RandomScenariosHoldEveryInvariant) {
  std::map<std::string, int> seen;
  for (uint32_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    AutoscalerInput input = ScenarioGenerator(seed).Make();
    Decision decision = Decide(input);
    CheckInvariants(input, decision);
    if (HasFatalFailure() || HasFailure()) return;
    for (const auto& launch : decision.launches) ++seen[std::string(ReasonName(launch.reason))];
    for (const auto& t : decision.terminations) ++seen[std::string(ReasonName(t.reason))];
    seen["infeasible"] += static_cast<int>(decision.infeasible.size());
    for (const auto& entry : decision.deferred) {
      ++seen["deferred:" + std::string(LimitName(*entry.limit))];
    }
    for (const auto& p : decision.placements) {
      if (p.kind == DemandKind::kPlacementGroup) {
        ++seen[std::string(StrategyName(input.placement_groups[p.index].strategy))];
      }
    }
  }
  // The generator must reach every behaviour, or the invariants above prove little.
  for (const char* behaviour :
       {"pending_demand", "placement_group", "min_count", "resource_floor", "idle_timeout",
        "above_max", "spot_unavailable_fallback", "infeasible", "deferred:max_nodes",
        "deferred:max_count", "deferred:max_concurrent_launches", "deferred:upscaling_speed",
        "PACK", "SPREAD", "STRICT_PACK", "STRICT_SPREAD"}) {
    EXPECT_GE(seen[behaviour], 3) << behaviour;
  }
}

TEST(AutoscalerPropertyTest, SameInputGivesTheSameDecision) {
  for (uint32_t seed = 1000; seed < 1050; ++seed) {
    AutoscalerInput input = ScenarioGenerator(seed).Make();
    Decision a = Decide(input);
    Decision b = Decide(input);
    EXPECT_EQ(DecisionToJson(a), DecisionToJson(b)) << "seed " << seed;
    ASSERT_EQ(a.placements.size(), b.placements.size());
    for (size_t i = 0; i < a.placements.size(); ++i) {
      EXPECT_EQ(a.placements[i].node, b.placements[i].node);
      EXPECT_EQ(a.placements[i].count, b.placements[i].count);
    }
  }
}

TEST(AutoscalerPropertyTest, NewNodesForDemandCarryDemand) {
  for (uint32_t seed = 2000; seed < 2200; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    AutoscalerInput input = ScenarioGenerator(seed).Make();
    Decision decision = Decide(input);
    std::vector<bool> used(decision.planned_nodes.size(), false);
    for (const auto& p : decision.placements) used[p.node] = true;
    int64_t min_launches = 0;
    for (const auto& launch : decision.launches) {
      if (launch.reason == Reason::kMinCount) min_launches += launch.count;
    }
    int64_t idle_new = 0;
    for (size_t n = 0; n < used.size(); ++n)
      idle_new += decision.planned_nodes[n].is_new && !used[n];
    // Only nodes launched for a minimum count may start empty.
    EXPECT_LE(idle_new, min_launches);
  }
}

}  // namespace
}  // namespace raycloud::autoscaler
