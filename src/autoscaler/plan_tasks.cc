// Pending tasks and actors: identical shapes are counted, not expanded, and each shape is
// placed in one pass: first-fit over existing and planned nodes, then as many new nodes of
// the best type as the remaining copies need and the limits allow.
#include <algorithm>

#include "autoscaler/planner.h"

namespace raycloud::autoscaler::internal {

std::vector<std::pair<int, int64_t>> Planner::AggregateByShape(const std::vector<Demand>& demands) {
  std::vector<std::pair<int, int64_t>> out;
  std::map<int, size_t> position;
  for (const Demand& demand : demands) {
    if (demand.count <= 0) continue;
    int shape = InternShape(table_.ToVector(demand.resources));
    if (shapes_[shape].nonzero.empty()) continue;  // asks for nothing: always satisfied
    auto [it, inserted] = position.emplace(shape, out.size());
    if (inserted) {
      out.emplace_back(shape, demand.count);
    } else {
      out[it->second].second = SaturatingAdd(out[it->second].second, demand.count);
    }
  }
  return out;
}

void Planner::SortShapesForPacking(std::vector<std::pair<int, int64_t>>& shapes) const {
  // First-fit decreasing: GPU shapes, then shapes needing more kinds of resource, then larger
  // shapes relative to the largest node offering each resource.
  std::vector<Amount> largest(width_, 0);
  for (size_t t = 0; t < input_.node_types.size(); ++t) {
    const Amount* cap = TypeCapacity(static_cast<int>(t));
    for (int r = 0; r < width_; ++r) largest[r] = std::max(largest[r], cap[r]);
  }
  auto key = [&](int shape) {
    const Shape& s = shapes_[shape];
    double size = 0;
    for (int r : s.nonzero) {
      size += largest[r] > 0 ? static_cast<double>(s.amounts[r]) / static_cast<double>(largest[r])
                             : 1.0;
    }
    return std::make_tuple(!s.needs_gpu, -static_cast<int>(s.nonzero.size()), -size, shape);
  };
  std::sort(shapes.begin(), shapes.end(),
            [&](const auto& a, const auto& b) { return key(a.first) < key(b.first); });
}

void Planner::PlanTasks() {
  auto tasks = AggregateByShape(input_.demands);
  SortShapesForPacking(tasks);
  for (auto [shape, count] : tasks) {
    if (!Feasible(shape)) {
      AddUnserved(infeasible_, shape, Reason::kPendingDemand, std::nullopt, count);
      continue;
    }
    std::optional<Limit> limit;
    int64_t left = PlaceCopies(shape, count, Reason::kPendingDemand, true, &limit);
    AddUnserved(deferred_, shape, Reason::kPendingDemand, limit, left);
  }
}

int64_t Planner::PlaceCopies(int shape, int64_t count, Reason reason, bool upscaling_limited,
                             std::optional<Limit>* limit) {
  const Shape& s = shapes_[shape];
  bool prefix = true;  // every bin so far is full for this shape: move the cursor past it
  for (size_t b = cursor_[shape]; b < bins_.size() && count > 0; ++b) {
    int bin = static_cast<int>(b);
    int64_t fit = FitCount(Avail(bin), s);
    if (fit > 0) {
      int64_t k = std::min(count, fit);
      Place(bin, shape, k, DemandKind::kTask, -1, -1);
      count -= k;
      fit -= k;
    }
    if (prefix) {
      if (fit == 0) {
        cursor_[shape] = b + 1;
      } else {
        prefix = false;
      }
    }
  }
  while (count > 0) {
    auto offer = ChooseForDemand(shape, count);
    if (!offer) {
      *limit = NoOfferLimit();
      break;
    }
    Limit why;
    int64_t room = LaunchRoom(offer->type, upscaling_limited, &why);
    if (room == 0) {
      *limit = why;
      break;
    }
    int64_t nodes = std::min(room, count / offer->per_node + (count % offer->per_node != 0));
    Reason launch_reason = offer->fallback ? Reason::kSpotUnavailableFallback : reason;
    for (int64_t i = 0; i < nodes; ++i) {
      int bin = OpenNode(offer->type, offer->market, launch_reason);
      int64_t k = std::min(count, offer->per_node);
      Place(bin, shape, k, DemandKind::kTask, -1, -1);
      count -= k;
    }
  }
  return count;
}

}  // namespace raycloud::autoscaler::internal
