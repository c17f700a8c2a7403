// Which existing nodes to terminate: nodes above a maximum, then nodes idle past the
// timeout. Only nodes that hold no work go, never below a type's minimum, and never one the
// plan places demand on or the resource floor counts on.
#include <algorithm>

#include "autoscaler/planner.h"

namespace raycloud::autoscaler::internal {
namespace {

int64_t MinTarget(const NodeType& type) {
  return std::max<int64_t>(0, std::min(type.min_count, type.max_count));
}

}  // namespace

bool Planner::HoldsNoWork(int node) const {
  const Node& n = input_.nodes[node];
  if (n.status == NodeStatus::kLaunching) return true;
  for (const auto& [name, total] : n.total) {
    auto it = n.available.find(name);
    Amount available = it == n.available.end() ? 0 : ToAmount(it->second);
    if (available < ToAmount(total)) return false;
  }
  return true;
}

void Planner::Terminate(int node, Reason reason) {
  const Node& n = input_.nodes[node];
  int type = node_type_[node];
  terminated_[node] = true;
  --alive_;
  --type_count_[type];
  if (n.status == NodeStatus::kLaunching) {
    --launching_;
    --type_launching_[type];
  } else {
    --type_running_[type];
  }
  terminations_.push_back({n.id, reason});
}

void Planner::TerminateAboveMax() {
  // Launching nodes first (no work lost, no boot paid for), then the most expensive, then
  // the longest idle.
  auto key = [&](int n) {
    const Node& node = input_.nodes[n];
    return std::make_tuple(node.status != NodeStatus::kLaunching,
                           -Price(node_type_[n], node.market), -node.idle_seconds, node.id);
  };
  auto empty_nodes = [&](int type) {
    std::vector<int> out;
    for (size_t n = 0; n < input_.nodes.size(); ++n) {
      int node = static_cast<int>(n);
      if (terminated_[n] || node_type_[n] < 0) continue;
      if ((type < 0 || node_type_[n] == type) && HoldsNoWork(node)) out.push_back(node);
    }
    std::sort(out.begin(), out.end(), [&](int a, int b) { return key(a) < key(b); });
    return out;
  };

  for (size_t t = 0; t < input_.node_types.size(); ++t) {
    int64_t excess = type_count_[t] - type_max_[t];
    if (excess <= 0) continue;
    for (int n : empty_nodes(static_cast<int>(t))) {
      if (excess-- <= 0) break;
      Terminate(n, Reason::kAboveMax);
    }
  }
  if (alive_ <= max_nodes_) return;
  for (int n : empty_nodes(-1)) {
    if (alive_ <= max_nodes_) break;
    int type = node_type_[n];
    if (type_count_[type] <= MinTarget(input_.node_types[type])) continue;
    Terminate(n, Reason::kAboveMax);
  }
}

void Planner::TerminateIdle() {
  const double timeout = input_.limits.idle_timeout_seconds;
  std::vector<int> candidates;
  for (size_t n = 0; n < input_.nodes.size(); ++n) {
    const Node& node = input_.nodes[n];
    int node_index = static_cast<int>(n);
    if (terminated_[n] || node_bin_[n] < 0 || node.status != NodeStatus::kRunning) continue;
    const Bin& bin = bins_[node_bin_[n]];
    if (node.idle_seconds < timeout || bin.uses > 0 || bin.floor_needed) continue;
    if (!HoldsNoWork(node_index)) continue;
    candidates.push_back(node_index);
  }
  // When a minimum keeps some, keep the cheapest: the most expensive go first.
  auto key = [&](int n) {
    const Node& node = input_.nodes[n];
    return std::make_tuple(-Price(node_type_[n], node.market), -node.idle_seconds, node.id);
  };
  std::sort(candidates.begin(), candidates.end(), [&](int a, int b) { return key(a) < key(b); });
  for (int n : candidates) {
    int type = node_type_[n];
    if (type_count_[type] - 1 < MinTarget(input_.node_types[type])) continue;
    Terminate(n, Reason::kIdleTimeout);
  }
}

}  // namespace raycloud::autoscaler::internal
