// Placement groups are gangs: every bundle finds a node (existing, or launched within the
// limits) or the whole group is rolled back and waits. PACK prefers nodes the group already
// uses, SPREAD and STRICT_SPREAD prefer nodes it does not (STRICT_SPREAD insists), and
// STRICT_PACK places the sum of its bundles on one node.
#include <algorithm>
#include <numeric>

#include "autoscaler/planner.h"

namespace raycloud::autoscaler::internal {

void Planner::PlanPlacementGroups() {
  // First the shapes of every group, so a node opened for one bundle is sized for all the
  // bundles of its shape still to come: later groups fill what earlier ones leave free.
  struct Pending {
    std::vector<int> shapes;  // one per bundle; STRICT_PACK: the combined bundle only
    bool feasible = true;
  };
  std::vector<Pending> pending(input_.placement_groups.size());
  for (size_t g = 0; g < input_.placement_groups.size(); ++g) {
    const PlacementGroup& group = input_.placement_groups[g];
    Pending& p = pending[g];
    for (const auto& bundle : group.bundles)
      p.shapes.push_back(InternShape(table_.ToVector(bundle)));
    if (p.shapes.empty()) continue;
    std::vector<int> unfit;
    if (group.strategy == PlacementStrategy::kStrictPack) {
      std::vector<Amount> sum(width_, 0);
      for (int shape : p.shapes) {
        for (int r = 0; r < width_; ++r) sum[r] = SaturatingAdd(sum[r], shapes_[shape].amounts[r]);
      }
      p.shapes = {InternShape(std::move(sum))};
      if (!Feasible(p.shapes[0])) unfit = p.shapes;
    } else {
      for (int shape : p.shapes) {
        if (!Feasible(shape)) unfit.push_back(shape);
      }
      if (group.strategy == PlacementStrategy::kStrictSpread &&
          static_cast<int64_t>(p.shapes.size()) > max_nodes_) {
        unfit = p.shapes;  // more bundles than the cluster may ever have nodes
      }
    }
    // Infeasible groups are reported once and never planned for.
    for (int shape : unfit)
      AddUnserved(infeasible_, shape, Reason::kPlacementGroup, std::nullopt, 1);
    p.feasible = unfit.empty();
  }
  group_left_.assign(shapes_.size(), 0);
  for (const Pending& p : pending) {
    if (!p.feasible) continue;
    for (int shape : p.shapes) ++group_left_[shape];
  }

  for (size_t g = 0; g < pending.size(); ++g) {
    const Pending& p = pending[g];
    if (!p.feasible || p.shapes.empty()) continue;
    std::map<int, int64_t> left_after;
    for (int shape : p.shapes) left_after[shape] = group_left_[shape];
    for (int shape : p.shapes) --left_after[shape];
    std::optional<Limit> limit;
    bool placed = PlaceGroup(static_cast<int>(g), p.shapes, &limit);
    for (const auto& [shape, left] : left_after) group_left_[shape] = left;
    if (placed) continue;
    for (int shape : p.shapes) {
      AddUnserved(deferred_, shape, Reason::kPlacementGroup, limit.value_or(Limit::kMaxCount), 1);
    }
  }
}

bool Planner::PlaceGroup(int group_index, const std::vector<int>& shapes,
                         std::optional<Limit>* limit) {
  const PlacementGroup& group = input_.placement_groups[group_index];
  const Checkpoint checkpoint{bins_.size(), placements_.size()};

  if (group.strategy == PlacementStrategy::kStrictPack) {
    int combined = shapes[0];
    int bin = PlaceBundle(combined, PlacementStrategy::kPack, {}, group_left_[combined], limit);
    if (bin < 0) return false;
    Place(bin, combined, 1, DemandKind::kPlacementGroup, group_index, -1);
    return true;
  }

  // Largest bundles first, as in first-fit decreasing.
  std::vector<int> order(shapes.size());
  std::iota(order.begin(), order.end(), 0);
  std::vector<std::pair<int, int64_t>> keyed;
  for (int shape : shapes) keyed.emplace_back(shape, 1);
  SortShapesForPacking(keyed);
  std::map<int, int> rank;
  for (size_t i = 0; i < keyed.size(); ++i) rank.emplace(keyed[i].first, static_cast<int>(i));
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return rank[shapes[a]] < rank[shapes[b]]; });
  std::vector<int> group_bins;
  for (int j : order) {
    int shape = shapes[j];
    int64_t same_left = std::max<int64_t>(group_left_[shape]--, 1);
    if (shapes_[shape].nonzero.empty()) continue;  // asks for nothing
    int bin = PlaceBundle(shape, group.strategy, group_bins, same_left, limit);
    if (bin < 0) {
      Rollback(checkpoint);
      return false;
    }
    Place(bin, shape, 1, DemandKind::kPlacementGroup, group_index, j);
    if (bins_[bin].group != group_index) {
      bins_[bin].group = group_index;
      group_bins.push_back(bin);
    }
  }
  return true;
}

int Planner::PlaceBundle(int shape, PlacementStrategy strategy, const std::vector<int>& group_bins,
                         int64_t same_shape_left, std::optional<Limit>* limit) {
  const Shape& s = shapes_[shape];
  int group = group_bins.empty() ? -2 : bins_[group_bins.front()].group;
  auto in_group = [&](size_t b) { return group >= 0 && bins_[b].group == group; };
  auto first_in_group = [&]() {
    for (int b : group_bins) {
      if (FitCount(Avail(b), s) > 0) return b;
    }
    return -1;
  };
  // First fit outside the group (or anywhere), moving the shape's cursor past full bins.
  auto first_fit = [&](bool skip_group) {
    bool prefix = true;
    for (size_t b = cursor_[shape]; b < bins_.size(); ++b) {
      bool fits = FitCount(Avail(static_cast<int>(b)), s) > 0;
      if (fits && !(skip_group && in_group(b))) return static_cast<int>(b);
      if (prefix) {
        if (!fits) {
          cursor_[shape] = b + 1;
        } else {
          prefix = false;
        }
      }
    }
    return -1;
  };

  int bin = -1;
  switch (strategy) {
    case PlacementStrategy::kPack:
    case PlacementStrategy::kStrictPack:
      bin = first_in_group();
      if (bin < 0) bin = first_fit(false);
      break;
    case PlacementStrategy::kSpread:
      bin = first_fit(true);
      if (bin < 0) bin = first_in_group();
      break;
    case PlacementStrategy::kStrictSpread:
      bin = first_fit(true);
      break;
  }
  if (bin >= 0) return bin;

  auto offer = ChooseForDemand(shape, same_shape_left);
  if (!offer) {
    *limit = NoOfferLimit();
    return -1;
  }
  Limit why;
  if (LaunchRoom(offer->type, /*upscaling_limited=*/false, &why) == 0) {
    *limit = why;
    return -1;
  }
  return OpenNode(offer->type, offer->market,
                  offer->fallback ? Reason::kSpotUnavailableFallback : Reason::kPlacementGroup);
}

void Planner::Rollback(const Checkpoint& checkpoint) {
  size_t lowest = bins_.size();
  for (size_t i = placements_.size(); i-- > checkpoint.placements;) {
    const Placement& p = placements_[i];
    Amount* avail = Avail(p.node);
    const Shape& s = shapes_[p.shape];
    for (int r : s.nonzero) avail[r] += s.amounts[r] * p.count;
    --bins_[p.node].uses;
    lowest = std::min(lowest, static_cast<size_t>(p.node));
  }
  placements_.resize(checkpoint.placements);
  for (size_t b = bins_.size(); b-- > checkpoint.bins;) {
    int type = bins_[b].type;
    --type_count_[type];
    --type_new_[type];
    --alive_;
    --launching_;
  }
  bins_.resize(checkpoint.bins);
  avail_.resize(checkpoint.bins * static_cast<size_t>(width_));
  lowest = std::min(lowest, bins_.size());
  // Capacity came back below `lowest`: shapes may fit there again.
  for (size_t& cursor : cursor_) cursor = std::min(cursor, lowest);
}

}  // namespace raycloud::autoscaler::internal
