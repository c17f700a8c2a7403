#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raycloud::autoscaler {

/// Resource name (`CPU`, `GPU`, `memory`, `accelerator_type:A10G`, ...) to amount.
using ResourceMap = std::map<std::string, double>;

enum class Market { kOnDemand, kSpot };
enum class NodeStatus { kLaunching, kRunning };
enum class PlacementStrategy { kPack, kSpread, kStrictPack, kStrictSpread };

/// Why a node is launched or terminated, or which kind of demand an infeasible or deferred
/// entry is (autoscaler.md lists exactly these).
enum class Reason {
  kPendingDemand,
  kPlacementGroup,
  kMinCount,
  kResourceFloor,
  kIdleTimeout,
  kAboveMax,
  kSpotUnavailableFallback,
};

/// Which limit held back demand that could otherwise have been served this round.
enum class Limit { kMaxNodes, kMaxCount, kMaxConcurrentLaunches, kUpscalingSpeed };

struct NodeType {
  std::string name;
  ResourceMap resources;
  double price_on_demand = 0;
  double price_spot = 0;
  bool spot_allowed = false;
  int64_t min_count = 0;
  int64_t max_count = 0;
  double availability_spot = 1.0;       // 0..1: 1 = launches succeed
  double availability_on_demand = 1.0;  // 0..1
};

struct Node {
  std::string id;
  std::string node_type;
  Market market = Market::kOnDemand;
  NodeStatus status = NodeStatus::kRunning;
  ResourceMap total;
  ResourceMap available;
  double idle_seconds = 0;
};

/// `count` identical bundles (tasks or actors), or `count` copies in the resource floor.
struct Demand {
  ResourceMap resources;
  int64_t count = 1;
};

/// A gang: every bundle is placed or none is.
struct PlacementGroup {
  PlacementStrategy strategy = PlacementStrategy::kPack;
  std::vector<ResourceMap> bundles;
};

struct Limits {
  int64_t max_nodes = 1000;
  int64_t max_concurrent_launches = 100;
  double upscaling_speed = 1.0;
  double idle_timeout_seconds = 300;
};

/// Everything one decision looks at; the engine reads nothing else (no clock, no AWS).
struct AutoscalerInput {
  std::vector<NodeType> node_types;
  std::vector<Node> nodes;
  std::vector<Demand> demands;
  std::vector<PlacementGroup> placement_groups;
  std::vector<Demand> resource_floor;
  Limits limits;
};

struct Launch {
  std::string node_type;
  Market market = Market::kOnDemand;
  int64_t count = 0;
  Reason reason = Reason::kPendingDemand;
};

struct Termination {
  std::string node_id;
  Reason reason = Reason::kIdleTimeout;
};

/// Demand left unserved: `infeasible` ones fit no node type at all; `deferred` ones wait for
/// a limit (`limit` says which) and are retried next round.
struct Unserved {
  ResourceMap resources;
  int64_t count = 0;
  Reason reason = Reason::kPendingDemand;
  std::optional<Limit> limit;
};

/// One node of the plan: an existing node still alive or a node to launch.
struct PlannedNode {
  std::string node_id;  // empty for a node to launch
  std::string node_type;
  Market market = Market::kOnDemand;
  bool is_new = false;
  bool terminated = false;  // an existing node this decision terminates
};

enum class DemandKind { kTask, kPlacementGroup, kFloor };

/// `count` units of `shapes[shape]` placed on `planned_nodes[node]`. Task and floor demands
/// are aggregated by shape, so `index` is -1 for them; for placement groups `index` is the
/// group and `bundle` the bundle (-1: a STRICT_PACK group as one combined bundle). Floor
/// placements count against node totals, the others against available resources.
struct Placement {
  int node = 0;
  int shape = 0;
  int64_t count = 0;
  DemandKind kind = DemandKind::kTask;
  int index = -1;
  int bundle = -1;
};

struct Decision {
  std::vector<Launch> launches;
  std::vector<Termination> terminations;
  std::vector<Unserved> infeasible;
  std::vector<Unserved> deferred;
  double hourly_cost_before = 0;
  double hourly_cost_after = 0;
  // The plan behind the launches, for tests and debugging (not part of the CLI output).
  std::vector<PlannedNode> planned_nodes;
  std::vector<ResourceMap> shapes;
  std::vector<Placement> placements;
};

/// The contract's names: `pending_demand`, `on_demand`, `STRICT_SPREAD`, `max_nodes`, ...
std::string_view ReasonName(Reason reason);
std::string_view MarketName(Market market);
std::string_view StatusName(NodeStatus status);
std::string_view StrategyName(PlacementStrategy strategy);
std::string_view LimitName(Limit limit);

std::optional<Market> ParseMarket(std::string_view name);
std::optional<NodeStatus> ParseStatus(std::string_view name);
std::optional<PlacementStrategy> ParseStrategy(std::string_view name);

}  // namespace raycloud::autoscaler
