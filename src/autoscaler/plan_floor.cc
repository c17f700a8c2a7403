// Capacity the cluster keeps whatever the demand: each type's minimum count and the
// explicit resource floor (Ray's request_resources), which counts node totals as if idle.
#include <algorithm>

#include "autoscaler/planner.h"

namespace raycloud::autoscaler::internal {

void Planner::LaunchMinCount() {
  for (size_t t = 0; t < input_.node_types.size(); ++t) {
    int type = static_cast<int>(t);
    const NodeType& node_type = input_.node_types[t];
    int64_t target = std::max<int64_t>(0, std::min(node_type.min_count, type_max_[t]));
    if (type_count_[t] >= target) continue;
    Limit limit;
    int64_t room = LaunchRoom(type, /*upscaling_limited=*/false, &limit);
    int64_t missing = std::min(target - type_count_[t], room);
    Market market = PreferredMarket(type);
    for (int64_t i = 0; i < missing; ++i) OpenNode(type, market, Reason::kMinCount);
  }
}

void Planner::PlanFloor() {
  auto floor = AggregateByShape(input_.resource_floor);
  if (floor.empty()) return;
  SortShapesForPacking(floor);

  // Totals of every node, as if idle. Nodes that may be terminated for idleness come last so
  // the floor protects as few of them as possible.
  const double timeout = input_.limits.idle_timeout_seconds;
  std::vector<Amount> capacity;
  capacity.reserve(bins_.size() * width_);
  std::vector<std::pair<bool, int>> keyed;
  for (size_t b = 0; b < bins_.size(); ++b) {
    const Bin& bin = bins_[b];
    bool idle_candidate = false;
    if (bin.node >= 0) {
      const Node& node = input_.nodes[bin.node];
      auto total = node.total.empty() ? std::vector<Amount>(TypeCapacity(bin.type),
                                                            TypeCapacity(bin.type) + width_)
                                      : table_.ToVector(node.total);
      capacity.insert(capacity.end(), total.begin(), total.end());
      idle_candidate = node.status == NodeStatus::kRunning && node.idle_seconds >= timeout &&
                       HoldsNoWork(bin.node);
    } else {
      capacity.insert(capacity.end(), TypeCapacity(bin.type), TypeCapacity(bin.type) + width_);
    }
    keyed.emplace_back(idle_candidate, static_cast<int>(b));
  }
  std::stable_sort(keyed.begin(), keyed.end());
  std::vector<int> order;
  for (const auto& [idle, b] : keyed) order.push_back(b);

  auto take = [&](int b, int shape, int64_t count) {
    const Shape& s = shapes_[shape];
    Amount* cap = &capacity[static_cast<size_t>(b) * width_];
    for (int r : s.nonzero) cap[r] -= s.amounts[r] * count;
    bins_[b].floor_needed = true;
    placements_.push_back(Placement{b, shape, count, DemandKind::kFloor, -1, -1});
  };

  for (auto [shape, count] : floor) {
    if (!Feasible(shape)) {
      AddUnserved(infeasible_, shape, Reason::kResourceFloor, std::nullopt, count);
      continue;
    }
    const Shape& s = shapes_[shape];
    for (size_t i = 0; i < order.size() && count > 0; ++i) {
      int b = order[i];
      int64_t k = std::min(count, FitCount(&capacity[static_cast<size_t>(b) * width_], s));
      if (k <= 0) continue;
      take(b, shape, k);
      count -= k;
    }
    while (count > 0) {
      auto offer = ChooseOffering(shape, count, false);
      if (!offer) {
        AddUnserved(deferred_, shape, Reason::kResourceFloor, NoOfferLimit(), count);
        break;
      }
      Limit limit;
      int64_t room = LaunchRoom(offer->type, /*upscaling_limited=*/false, &limit);
      if (room == 0) {
        AddUnserved(deferred_, shape, Reason::kResourceFloor, limit, count);
        break;
      }
      int64_t nodes = std::min(room, count / offer->per_node + (count % offer->per_node != 0));
      for (int64_t i = 0; i < nodes; ++i) {
        int b = OpenNode(offer->type, offer->market, Reason::kResourceFloor);
        capacity.insert(capacity.end(), TypeCapacity(offer->type),
                        TypeCapacity(offer->type) + width_);
        order.push_back(b);
        int64_t k = std::min(count, offer->per_node);
        take(b, shape, k);
        count -= k;
      }
    }
  }
}

}  // namespace raycloud::autoscaler::internal
