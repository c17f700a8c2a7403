// The JSON edges of the engine: autoscaler.md's input (defaults, errors naming the field) and
// cli.md's output document.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "autoscaler/engine.h"
#include "autoscaler/input_json.h"
#include "autoscaler/output_json.h"

namespace raycloud::autoscaler {
namespace {

using nlohmann::json;

// The example document of autoscaler.md.
json SpecExample() {
  return json::parse(R"({
    "node_types": [
      {"name": "cpu-8", "resources": {"CPU": 8, "memory": 34359738368},
       "price_on_demand": 0.384, "price_spot": 0.12, "spot_allowed": true,
       "min_count": 0, "max_count": 100,
       "availability": {"spot": 1.0, "on_demand": 1.0}}
    ],
    "nodes": [
      {"id": "i-1", "node_type": "cpu-8", "market": "spot", "status": "running",
       "total": {"CPU": 8}, "available": {"CPU": 2}, "idle_seconds": 0}
    ],
    "demands": [{"resources": {"CPU": 1}, "count": 1000}],
    "placement_groups": [
      {"strategy": "STRICT_SPREAD", "bundles": [{"CPU": 4}, {"CPU": 4}]}
    ],
    "resource_floor": [{"resources": {"GPU": 1}, "count": 2}],
    "limits": {"max_nodes": 1000, "max_concurrent_launches": 100,
               "upscaling_speed": 1.0, "idle_timeout_seconds": 300}
  })");
}

std::string ErrorOf(const json& document) {
  auto input = ParseInput(document);
  if (input) return "";
  EXPECT_EQ(input.error().kind, ErrorKind::kInvalidArgument);
  return input.error().message;
}

TEST(AutoscalerJsonTest, ParsesTheSpecExample) {
  auto input = ParseInput(SpecExample());
  ASSERT_TRUE(input) << input.error().message;
  ASSERT_EQ(input->node_types.size(), 1u);
  EXPECT_EQ(input->node_types[0].resources.at("memory"), 34359738368.0);
  EXPECT_TRUE(input->node_types[0].spot_allowed);
  ASSERT_EQ(input->nodes.size(), 1u);
  EXPECT_EQ(input->nodes[0].market, Market::kSpot);
  EXPECT_EQ(input->nodes[0].available.at("CPU"), 2);
  EXPECT_EQ(input->demands[0].count, 1000);
  EXPECT_EQ(input->placement_groups[0].strategy, PlacementStrategy::kStrictSpread);
  EXPECT_EQ(input->resource_floor[0].resources.at("GPU"), 1);
  EXPECT_EQ(input->limits.max_concurrent_launches, 100);
}

TEST(AutoscalerJsonTest, FillsDefaults) {
  auto input = ParseInput(json::parse(R"({
    "node_types": [{"name": "a", "resources": {"CPU": 4}, "price_on_demand": 0.2}],
    "nodes": [{"id": "n", "node_type": "a", "status": "launching"}],
    "demands": [{"resources": {"CPU": 1}}],
    "limits": {"max_nodes": 7}
  })"));
  ASSERT_TRUE(input) << input.error().message;
  const NodeType& type = input->node_types[0];
  EXPECT_EQ(type.price_spot, 0.2);
  EXPECT_FALSE(type.spot_allowed);
  EXPECT_EQ(type.min_count, 0);
  EXPECT_EQ(type.max_count, 7);
  EXPECT_EQ(type.availability_spot, 1.0);
  EXPECT_EQ(input->nodes[0].market, Market::kOnDemand);
  EXPECT_EQ(input->nodes[0].total, type.resources);
  EXPECT_EQ(input->nodes[0].available, type.resources);
  EXPECT_EQ(input->demands[0].count, 1);
  EXPECT_EQ(input->limits.idle_timeout_seconds, 300);
}

TEST(AutoscalerJsonTest, ErrorsNameTheField) {
  auto with = [](const char* pointer, json value) {
    json document = SpecExample();
    document[json::json_pointer(pointer)] = std::move(value);
    return ErrorOf(document);
  };
  EXPECT_EQ(ErrorOf(json::array()), "input: must be a JSON object");
  EXPECT_EQ(ErrorOf(json::object()), "node_types: needs at least one node type");
  EXPECT_EQ(with("/node_types/0/resources/CPU", -1),
            "node_types[0].resources.CPU: must be a number from 0 to 900000000000000.0");
  EXPECT_EQ(with("/node_types/0/min_count", 200),
            "node_types[0].min_count: must not exceed max_count");
  EXPECT_EQ(with("/node_types/0/availability/spot", 1.5),
            "node_types[0].availability.spot: must be a number from 0.0 to 1.0");
  EXPECT_EQ(with("/nodes/0/node_type", "gpu"), "nodes[0].node_type: unknown node type \"gpu\"");
  EXPECT_EQ(with("/nodes/0/status", "pending"), "nodes[0].status: must be launching or running");
  EXPECT_EQ(with("/nodes/0/market", "reserved"), "nodes[0].market: must be spot or on_demand");
  EXPECT_EQ(with("/nodes/0/available/CPU", 9), "nodes[0].available.CPU: exceeds the node's total");
  EXPECT_EQ(with("/demands/0/count", 1.5), "demands[0].count: must be an integer");
  EXPECT_EQ(with("/demands/0/resources", "CPU"),
            "demands[0].resources: must be an object of resource name to amount");
  EXPECT_EQ(with("/placement_groups/0/strategy", "STRICT"),
            "placement_groups[0].strategy: must be PACK, SPREAD, STRICT_PACK or STRICT_SPREAD");
  EXPECT_EQ(with("/placement_groups/0/bundles", json::array()),
            "placement_groups[0].bundles: needs a bundle");
  EXPECT_EQ(with("/placement_groups/0/bundles/1", json::object()),
            "placement_groups[0].bundles[1]: must ask for some resource");
  EXPECT_EQ(with("/resource_floor/0/count", -2),
            "resource_floor[0].count: must be an integer from 0 to 1000000000000");
  EXPECT_EQ(with("/limits/max_nodes", "many"), "limits.max_nodes: must be an integer");
  EXPECT_EQ(with("/limits/upscaling_speed", -1),
            "limits.upscaling_speed: must be a number from 0.0 to 1000000.0");
  EXPECT_EQ(with("/nodes/0/id", ""), "nodes[0].id: must not be empty");
  json duplicate = SpecExample();
  duplicate["nodes"].push_back(duplicate["nodes"][0]);
  EXPECT_EQ(ErrorOf(duplicate), "nodes[1].id: duplicate node id \"i-1\"");
}

TEST(AutoscalerJsonTest, OutputFollowsTheCliContract) {
  auto input = ParseInput(SpecExample());
  ASSERT_TRUE(input);
  json out = DecisionToJson(Decide(*input));
  // The STRICT_SPREAD group needs two new nodes (i-1 has 2 CPUs free). Tasks then fill i-1
  // and the group's nodes, and upscaling allows max(5, 1 x 1 running) = 5 pending nodes of
  // the type, two of which the group took: 3 more, all spot (cheapest).
  ASSERT_TRUE(out["launch"].is_array());
  int64_t launched = 0;
  for (const auto& launch : out["launch"]) {
    EXPECT_EQ(launch["node_type"], "cpu-8");
    EXPECT_EQ(launch["market"], "spot");
    EXPECT_TRUE(launch["reason"] == "pending_demand" || launch["reason"] == "placement_group");
    launched += launch["count"].get<int64_t>();
  }
  EXPECT_EQ(launched, 5);
  EXPECT_EQ(out["terminate"], json::array());
  // No node type has a GPU: the floor can never be met.
  EXPECT_EQ(out["infeasible"],
            json::parse(R"([{"resources": {"GPU": 1}, "count": 2, "reason": "resource_floor"}])"));
  ASSERT_EQ(out["deferred"].size(), 1u);
  EXPECT_EQ(out["deferred"][0]["limit"], "upscaling_speed");
  EXPECT_EQ(out["deferred"][0]["resources"], json::parse(R"({"CPU": 1})"));
  EXPECT_EQ(out["deferred"][0]["count"], 1000 - 2 - 8 - 24);
  EXPECT_EQ(out["hourly_cost_before"], 0.12);
  EXPECT_EQ(out["hourly_cost_after"], 0.72);
  EXPECT_FALSE(out.contains("decision_ms"));  // the CLI adds it
}

}  // namespace
}  // namespace raycloud::autoscaler
