#pragma once

// Internal to the engine: the state of one decision while it is planned. Decide() (engine.h)
// is the public entry point.

#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "autoscaler/resources.h"
#include "autoscaler/types.h"

namespace raycloud::autoscaler::internal {

/// Ray launches at least this many nodes of a type per round whatever the upscaling speed
/// (AUTOSCALER_UPSCALING_INITIAL_NUM_NODES); we keep the same floor so limits compare.
inline constexpr int64_t kUpscalingInitialNodes = 5;
/// Below this availability score a market counts as failing: it is used only when nothing
/// else can serve the demand.
inline constexpr double kMinAvailability = 0.2;
/// Bounds the nodes one decision may add whatever the limits say, so a hostile input cannot
/// make the engine allocate without bound.
inline constexpr int64_t kMaxLaunchesPerDecision = 1'000'000;

/// A node of the plan with its remaining capacity in Planner::avail_.
struct Bin {
  int type = 0;
  int node = -1;  // index into AutoscalerInput::nodes; -1 for a node to launch
  Market market = Market::kOnDemand;
  Reason reason = Reason::kPendingDemand;  // why a new node is launched
  int uses = 0;                            // placements of pending work on it
  bool floor_needed = false;               // the resource floor counts on it
  int group = -1;                          // the last placement group placed on it
};

/// A node type in a market chosen for a shape, and how many copies fit on one node.
struct Offering {
  int type = -1;
  Market market = Market::kOnDemand;
  int64_t per_node = 0;
  bool fallback = false;  // chosen because the cheaper choice's market is failing
};

class Planner {
 public:
  explicit Planner(const AutoscalerInput& input);
  Decision Run();

 private:
  // Setup and shared helpers (planner.cc).
  void InternInput();
  int InternShape(std::vector<Amount> amounts);
  bool Feasible(int shape) const;
  void BuildExistingBins();
  Amount* Avail(int bin) { return &avail_[static_cast<size_t>(bin) * width_]; }
  const Amount* TypeCapacity(int type) const {
    return &type_cap_[static_cast<size_t>(type) * width_];
  }
  double Price(int type, Market market) const;
  std::optional<Offering> ChooseOffering(int shape, int64_t count, bool ignore_availability) const;
  std::optional<Offering> ChooseForDemand(int shape, int64_t count) const;
  Market PreferredMarket(int type) const;
  int64_t LaunchRoom(int type, bool upscaling_limited, Limit* limit) const;
  Limit NoOfferLimit() const;
  int OpenNode(int type, Market market, Reason reason);
  void Place(int bin, int shape, int64_t count, DemandKind kind, int index, int bundle);
  void AddUnserved(std::map<std::tuple<int, Reason, int>, int64_t>& into, int shape, Reason reason,
                   std::optional<Limit> limit, int64_t count);
  Decision Finish();

  // Scale down (plan_scale_down.cc).
  bool HoldsNoWork(int node) const;
  void Terminate(int node, Reason reason);
  void TerminateAboveMax();
  void TerminateIdle();

  // Minimum counts and the resource floor (plan_floor.cc).
  void LaunchMinCount();
  void PlanFloor();

  // Placement groups (plan_groups.cc).
  struct Checkpoint {
    size_t bins;
    size_t placements;
  };
  void PlanPlacementGroups();
  bool PlaceGroup(int group, const std::vector<int>& shapes, std::optional<Limit>* limit);
  int PlaceBundle(int shape, PlacementStrategy strategy, const std::vector<int>& group_bins,
                  int64_t same_shape_left, std::optional<Limit>* limit);
  void Rollback(const Checkpoint& checkpoint);

  // Task demand (plan_tasks.cc).
  void PlanTasks();
  int64_t PlaceCopies(int shape, int64_t count, Reason reason, bool upscaling_limited,
                      std::optional<Limit>* limit);
  std::vector<std::pair<int, int64_t>> AggregateByShape(const std::vector<Demand>& demands);
  void SortShapesForPacking(std::vector<std::pair<int, int64_t>>& shapes) const;

  const AutoscalerInput& input_;
  ResourceTable table_;
  int width_ = 0;  // number of distinct resources
  int gpu_id_ = -1;

  // Node types.
  std::vector<Amount> type_cap_;     // types x width_
  std::vector<bool> type_has_gpu_;   // avoided for demand that needs no GPU
  std::vector<int64_t> type_max_;    // min(max_count, max_nodes)
  std::vector<int64_t> type_count_;  // alive existing nodes + new nodes
  std::vector<int64_t> type_new_;    // new nodes this decision
  std::vector<int64_t> type_running_;
  std::vector<int64_t> type_launching_;  // existing nodes still launching
  std::map<std::string, int, std::less<>> type_index_;

  // Existing nodes.
  std::vector<int> node_type_;  // -1 for a type the input does not define
  std::vector<bool> terminated_;
  std::vector<int> node_bin_;  // -1 when the node has no bin
  std::vector<Termination> terminations_;

  // Cluster-wide counts for the global limits.
  int64_t alive_ = 0;      // existing nodes not terminated + new nodes
  int64_t launching_ = 0;  // existing launching nodes not terminated + new nodes
  int64_t max_nodes_ = 0;
  int64_t max_launches_ = 0;

  // Shapes of demand, interned so identical bundles share one id.
  std::vector<Shape> shapes_;
  std::map<std::vector<Amount>, int> shape_ids_;
  mutable std::vector<int8_t> feasible_;  // -1 unknown, 0 no, 1 yes

  // The plan.
  std::vector<Bin> bins_;
  std::vector<Amount> avail_;   // bins x width_
  std::vector<size_t> cursor_;  // per shape: bins before it cannot fit the shape
  std::vector<int64_t> group_left_;  // per shape: placement-group bundles still to place
  std::vector<Placement> placements_;
  std::map<std::tuple<int, Reason, int>, int64_t> infeasible_;
  std::map<std::tuple<int, Reason, int>, int64_t> deferred_;
};

}  // namespace raycloud::autoscaler::internal
