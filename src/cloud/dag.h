#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/error.h"

namespace raycloud::cloud {

/// A directed acyclic graph of named nodes; knows nothing of AWS. Domain code declares
/// nodes and edges, the walker runs them.
class Dag {
 public:
  /// Adds `name` depending on `depends_on` (which must be added too, in any order).
  void Add(const std::string& name, std::vector<std::string> depends_on = {});

  /// Checks every dependency exists and there is no cycle; names the culprit otherwise.
  Status Validate() const;

  /// Node names in a dependency-respecting order (stable: ties in insertion order).
  std::vector<std::string> TopologicalOrder() const;

  /// The longest chain of `cost(node)` through the graph (the critical path).
  double CriticalPath(const std::function<double(const std::string&)>& cost) const;

  const std::vector<std::string>& nodes() const { return order_; }
  const std::vector<std::string>& DependenciesOf(const std::string& name) const;
  std::vector<std::string> DependantsOf(const std::string& name) const;

 private:
  std::vector<std::string> order_;
  std::map<std::string, std::vector<std::string>> depends_on_;
};

enum class NodeState { kPending, kSucceeded, kFailed, kSkipped, kCancelled };

struct WalkReport {
  std::map<std::string, NodeState> states;
  /// Errors of the failed nodes, in the order they failed.
  std::vector<std::pair<std::string, Error>> errors;
  bool ok() const { return errors.empty() && !cancelled; }
  bool cancelled = false;
};

struct WalkOptions {
  /// How many nodes run at once (each is typically one chain of AWS calls).
  size_t max_in_flight = 8;
  /// Walk dependants before their dependencies (deletion order).
  bool reverse = false;
  /// Polled between nodes: when true, no new node starts and the walk drains.
  std::function<bool()> cancelled;
  /// Keep starting independent nodes after a failure (setup stops early; delete goes on).
  bool continue_after_failure = false;
  /// How long a node takes, roughly. When set and more nodes are ready than the cap admits,
  /// the one heading the longest remaining chain starts first (critical path first), so a
  /// slow chain (MemoryDB, NAT gateways) is not queued behind quick independent nodes.
  std::function<double(const std::string&)> cost;
};

/// Runs `visit` on every node once its dependencies (dependants when reversed) succeeded,
/// up to `max_in_flight` at a time. A failed node marks everything that needs it skipped;
/// every error is collected into the report.
WalkReport Walk(const Dag& dag, const std::function<Status(const std::string&)>& visit,
                const WalkOptions& options);

}  // namespace raycloud::cloud
