#include "autoscaler/planner.h"

#include <algorithm>
#include <cmath>

namespace raycloud::autoscaler::internal {
namespace {

int64_t CeilDiv(int64_t a, int64_t b) { return a / b + (a % b != 0 ? 1 : 0); }

int64_t Clamp(int64_t value, int64_t high) { return std::clamp<int64_t>(value, 0, high); }

}  // namespace

Planner::Planner(const AutoscalerInput& input) : input_(input) {}

Decision Planner::Run() {
  InternInput();
  TerminateAboveMax();
  BuildExistingBins();
  LaunchMinCount();
  PlanFloor();
  PlanPlacementGroups();
  PlanTasks();
  TerminateIdle();
  return Finish();
}

void Planner::InternInput() {
  // Every name first, so all resource vectors share one width.
  for (const auto& type : input_.node_types) {
    for (const auto& [name, value] : type.resources) table_.Intern(name);
  }
  for (const auto& node : input_.nodes) {
    for (const auto& [name, value] : node.total) table_.Intern(name);
    for (const auto& [name, value] : node.available) table_.Intern(name);
  }
  for (const auto* list : {&input_.demands, &input_.resource_floor}) {
    for (const auto& demand : *list) {
      for (const auto& [name, value] : demand.resources) table_.Intern(name);
    }
  }
  for (const auto& group : input_.placement_groups) {
    for (const auto& bundle : group.bundles) {
      for (const auto& [name, value] : bundle) table_.Intern(name);
    }
  }
  width_ = table_.size();
  gpu_id_ = table_.Find("GPU");

  const Limits& limits = input_.limits;
  max_nodes_ = Clamp(limits.max_nodes, std::numeric_limits<int64_t>::max());
  max_launches_ = Clamp(limits.max_concurrent_launches, kMaxLaunchesPerDecision);

  const size_t types = input_.node_types.size();
  type_cap_.reserve(types * width_);
  for (size_t t = 0; t < types; ++t) {
    const NodeType& type = input_.node_types[t];
    auto cap = table_.ToVector(type.resources);
    type_cap_.insert(type_cap_.end(), cap.begin(), cap.end());
    type_has_gpu_.push_back(gpu_id_ >= 0 && cap[gpu_id_] > 0);
    type_max_.push_back(Clamp(type.max_count, std::numeric_limits<int64_t>::max()));
    type_index_.emplace(type.name, static_cast<int>(t));
  }
  type_count_.assign(types, 0);
  type_new_.assign(types, 0);
  type_running_.assign(types, 0);
  type_launching_.assign(types, 0);

  const size_t nodes = input_.nodes.size();
  node_type_.assign(nodes, -1);
  terminated_.assign(nodes, false);
  node_bin_.assign(nodes, -1);
  for (size_t n = 0; n < nodes; ++n) {
    const Node& node = input_.nodes[n];
    ++alive_;
    if (node.status == NodeStatus::kLaunching) ++launching_;
    auto it = type_index_.find(node.node_type);
    if (it == type_index_.end()) continue;  // counts toward the limits, never planned on
    int t = it->second;
    node_type_[n] = t;
    ++type_count_[t];
    ++(node.status == NodeStatus::kLaunching ? type_launching_[t] : type_running_[t]);
  }
}

int Planner::InternShape(std::vector<Amount> amounts) {
  auto [it, inserted] = shape_ids_.emplace(amounts, static_cast<int>(shapes_.size()));
  if (inserted) {
    shapes_.push_back(MakeShape(std::move(amounts), gpu_id_));
    cursor_.push_back(0);
    feasible_.push_back(-1);
  }
  return it->second;
}

bool Planner::Feasible(int shape) const {
  if (feasible_[shape] >= 0) return feasible_[shape] == 1;
  const Shape& s = shapes_[shape];
  bool fits = false;
  for (size_t t = 0; t < input_.node_types.size() && !fits; ++t) {
    fits = type_max_[t] > 0 && FitCount(TypeCapacity(static_cast<int>(t)), s) > 0;
  }
  // An existing node larger than its type's declared shape can still serve the demand.
  for (size_t n = 0; n < input_.nodes.size() && !fits; ++n) {
    if (terminated_[n] || node_type_[n] < 0) continue;
    fits = FitCount(table_.ToVector(input_.nodes[n].total).data(), s) > 0;
  }
  feasible_[shape] = fits ? 1 : 0;
  return fits;
}

void Planner::BuildExistingBins() {
  std::vector<int> order;
  for (size_t n = 0; n < input_.nodes.size(); ++n) {
    if (!terminated_[n] && node_type_[n] >= 0) order.push_back(static_cast<int>(n));
  }
  // Fill CPU nodes before GPU nodes (GPU nodes stay free for GPU work and can go idle),
  // running before launching (work starts sooner), busy before empty and recently busy
  // before long idle (so idle nodes stay empty and can be terminated).
  auto key = [&](int n) {
    const Node& node = input_.nodes[n];
    return std::make_tuple(static_cast<bool>(type_has_gpu_[node_type_[n]]),
                           node.status == NodeStatus::kLaunching, HoldsNoWork(n), node.idle_seconds,
                           n);
  };
  std::sort(order.begin(), order.end(), [&](int a, int b) { return key(a) < key(b); });
  for (int n : order) {
    const Node& node = input_.nodes[n];
    Bin bin;
    bin.type = node_type_[n];
    bin.node = n;
    bin.market = node.market;
    node_bin_[n] = static_cast<int>(bins_.size());
    bins_.push_back(bin);
    auto available = table_.ToVector(node.available);
    avail_.insert(avail_.end(), available.begin(), available.end());
  }
}

double Planner::Price(int type, Market market) const {
  const NodeType& t = input_.node_types[type];
  return market == Market::kSpot ? t.price_spot : t.price_on_demand;
}

std::optional<Offering> Planner::ChooseOffering(int shape, int64_t count,
                                                bool ignore_availability) const {
  const Shape& s = shapes_[shape];
  std::optional<Offering> best;
  // Lexicographic: no GPU node for GPU-free work, then a market that is not failing, then
  // the hourly cost of serving all `count` copies, then fewer nodes. Ties keep input order
  // and spot before on-demand.
  std::tuple<bool, bool, double, int64_t> best_key;
  for (size_t t = 0; t < input_.node_types.size(); ++t) {
    int type = static_cast<int>(t);
    if (type_count_[t] >= type_max_[t]) continue;
    int64_t per_node = FitCount(TypeCapacity(type), s);
    if (per_node <= 0) continue;
    const NodeType& node_type = input_.node_types[t];
    int64_t nodes = CeilDiv(std::max<int64_t>(count, 1), per_node);
    bool gpu_waste = type_has_gpu_[t] && !s.needs_gpu;
    for (Market market : {Market::kSpot, Market::kOnDemand}) {
      if (market == Market::kSpot && !node_type.spot_allowed) continue;
      double availability = ignore_availability       ? 1.0
                            : market == Market::kSpot ? node_type.availability_spot
                                                      : node_type.availability_on_demand;
      bool failing = availability < kMinAvailability;
      // Expected cost: a market that fails half its launches costs twice the wait.
      double price = Price(type, market) / std::max(availability, 0.01);
      auto candidate =
          std::make_tuple(gpu_waste, failing, static_cast<double>(nodes) * price, nodes);
      if (!best || candidate < best_key) {
        best = Offering{type, market, per_node, false};
        best_key = candidate;
      }
    }
  }
  return best;
}

std::optional<Offering> Planner::ChooseForDemand(int shape, int64_t count) const {
  auto chosen = ChooseOffering(shape, count, false);
  if (!chosen) return chosen;
  auto ideal = ChooseOffering(shape, count, true);
  chosen->fallback = ideal && (ideal->type != chosen->type || ideal->market != chosen->market);
  return chosen;
}

Market Planner::PreferredMarket(int type) const {
  const NodeType& t = input_.node_types[type];
  if (!t.spot_allowed) return Market::kOnDemand;
  auto key = [&](Market market, double availability) {
    return std::make_tuple(availability < kMinAvailability,
                           Price(type, market) / std::max(availability, 0.01));
  };
  return key(Market::kSpot, t.availability_spot) <= key(Market::kOnDemand, t.availability_on_demand)
             ? Market::kSpot
             : Market::kOnDemand;
}

int64_t Planner::LaunchRoom(int type, bool upscaling_limited, Limit* limit) const {
  // The global limits are named first when several bind at once.
  int64_t room = max_nodes_ - alive_;
  *limit = Limit::kMaxNodes;
  auto tighten = [&](int64_t bound, Limit why) {
    if (bound < room) {
      room = bound;
      *limit = why;
    }
  };
  tighten(max_launches_ - launching_, Limit::kMaxConcurrentLaunches);
  tighten(type_max_[type] - type_count_[type], Limit::kMaxCount);
  if (upscaling_limited) {
    // Ray's rule: pending nodes of a type may reach max(5, speed x running nodes of it).
    double speed = std::max(0.0, input_.limits.upscaling_speed);
    double scaled = speed * static_cast<double>(std::max<int64_t>(type_running_[type], 1));
    int64_t allowed =
        std::max<int64_t>(kUpscalingInitialNodes, static_cast<int64_t>(std::min(scaled, 1e15)));
    tighten(allowed - type_launching_[type] - type_new_[type], Limit::kUpscalingSpeed);
  }
  return std::max<int64_t>(room, 0);
}

Limit Planner::NoOfferLimit() const {
  if (alive_ >= max_nodes_) return Limit::kMaxNodes;
  if (launching_ >= max_launches_) return Limit::kMaxConcurrentLaunches;
  return Limit::kMaxCount;  // feasible, but every type that fits is at its maximum
}

int Planner::OpenNode(int type, Market market, Reason reason) {
  Bin bin;
  bin.type = type;
  bin.market = market;
  bin.reason = reason;
  bins_.push_back(bin);
  const Amount* cap = TypeCapacity(type);
  avail_.insert(avail_.end(), cap, cap + width_);
  ++type_count_[type];
  ++type_new_[type];
  ++alive_;
  ++launching_;
  return static_cast<int>(bins_.size()) - 1;
}

void Planner::Place(int bin, int shape, int64_t count, DemandKind kind, int index, int bundle) {
  Amount* avail = Avail(bin);
  const Shape& s = shapes_[shape];
  for (int r : s.nonzero) avail[r] -= s.amounts[r] * count;
  ++bins_[bin].uses;
  placements_.push_back(Placement{bin, shape, count, kind, index, bundle});
}

void Planner::AddUnserved(std::map<std::tuple<int, Reason, int>, int64_t>& into, int shape,
                          Reason reason, std::optional<Limit> limit, int64_t count) {
  if (count <= 0) return;
  into[{shape, reason, limit ? static_cast<int>(*limit) : -1}] += count;
}

Decision Planner::Finish() {
  Decision decision;
  // Launches grouped by type (input order), market and reason.
  std::map<std::tuple<int, Market, Reason>, int64_t> launches;
  for (const Bin& bin : bins_) {
    if (bin.node < 0) ++launches[{bin.type, bin.market, bin.reason}];
  }
  for (const auto& [key, count] : launches) {
    const auto& [type, market, reason] = key;
    decision.launches.push_back({input_.node_types[type].name, market, count, reason});
  }
  decision.terminations = terminations_;

  auto unserved = [&](const std::map<std::tuple<int, Reason, int>, int64_t>& from) {
    std::vector<Unserved> out;
    for (const auto& [key, count] : from) {
      const auto& [shape, reason, limit] = key;
      Unserved entry;
      entry.resources = table_.ToMap(shapes_[shape].amounts);
      entry.count = count;
      entry.reason = reason;
      if (limit >= 0) entry.limit = static_cast<Limit>(limit);
      out.push_back(std::move(entry));
    }
    return out;
  };
  decision.infeasible = unserved(infeasible_);
  decision.deferred = unserved(deferred_);

  for (size_t n = 0; n < input_.nodes.size(); ++n) {
    if (node_type_[n] < 0) continue;
    double price = Price(node_type_[n], input_.nodes[n].market);
    decision.hourly_cost_before += price;
    if (!terminated_[n]) decision.hourly_cost_after += price;
  }
  for (const Bin& bin : bins_) {
    if (bin.node < 0) decision.hourly_cost_after += Price(bin.type, bin.market);
  }

  decision.planned_nodes.reserve(bins_.size());
  for (const Bin& bin : bins_) {
    PlannedNode planned;
    if (bin.node >= 0) planned.node_id = input_.nodes[bin.node].id;
    planned.node_type = input_.node_types[bin.type].name;
    planned.market = bin.market;
    planned.is_new = bin.node < 0;
    planned.terminated = bin.node >= 0 && terminated_[bin.node];
    decision.planned_nodes.push_back(std::move(planned));
  }
  for (const Shape& shape : shapes_) decision.shapes.push_back(table_.ToMap(shape.amounts));
  decision.placements = std::move(placements_);
  return decision;
}

}  // namespace raycloud::autoscaler::internal
