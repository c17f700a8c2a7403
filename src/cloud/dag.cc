#include "cloud/dag.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>

#include "common/thread_pool.h"

namespace raycloud::cloud {

void Dag::Add(const std::string& name, std::vector<std::string> depends_on) {
  if (!depends_on_.contains(name)) order_.push_back(name);
  depends_on_[name] = std::move(depends_on);
}

const std::vector<std::string>& Dag::DependenciesOf(const std::string& name) const {
  static const std::vector<std::string> kNone;
  auto it = depends_on_.find(name);
  return it == depends_on_.end() ? kNone : it->second;
}

std::vector<std::string> Dag::DependantsOf(const std::string& name) const {
  std::vector<std::string> dependants;
  for (const auto& node : order_) {
    const auto& deps = depends_on_.at(node);
    if (std::find(deps.begin(), deps.end(), name) != deps.end()) dependants.push_back(node);
  }
  return dependants;
}

Status Dag::Validate() const {
  for (const auto& [name, deps] : depends_on_) {
    for (const auto& dep : deps) {
      if (!depends_on_.contains(dep)) {
        return Fail(Error::Internal("graph node " + name + " depends on unknown node " + dep));
      }
    }
  }
  if (TopologicalOrder().size() != order_.size()) {
    return Fail(Error::Internal("resource graph has a cycle"));
  }
  return {};
}

std::vector<std::string> Dag::TopologicalOrder() const {
  std::vector<std::string> sorted;
  std::set<std::string> done;
  // Repeated passes in insertion order keep the result stable and readable in plans.
  bool progressed = true;
  while (progressed && sorted.size() < order_.size()) {
    progressed = false;
    for (const auto& node : order_) {
      if (done.contains(node)) continue;
      const auto& deps = depends_on_.at(node);
      if (std::all_of(deps.begin(), deps.end(), [&](const auto& d) { return done.contains(d); })) {
        sorted.push_back(node);
        done.insert(node);
        progressed = true;
      }
    }
  }
  return sorted;
}

double Dag::CriticalPath(const std::function<double(const std::string&)>& cost) const {
  std::map<std::string, double> finish;
  double longest = 0;
  for (const auto& node : TopologicalOrder()) {
    double start = 0;
    for (const auto& dep : depends_on_.at(node)) start = std::max(start, finish[dep]);
    finish[node] = start + cost(node);
    longest = std::max(longest, finish[node]);
  }
  return longest;
}

WalkReport Walk(const Dag& dag, const std::function<Status(const std::string&)>& visit,
                const WalkOptions& options) {
  // "Prerequisites" are dependencies in a forward walk and dependants in a reverse one.
  std::map<std::string, std::vector<std::string>> prerequisites;
  std::map<std::string, std::vector<std::string>> unlocks;
  for (const auto& node : dag.nodes()) {
    prerequisites[node];
    unlocks[node];
  }
  for (const auto& node : dag.nodes()) {
    for (const auto& dep : dag.DependenciesOf(node)) {
      const std::string& first = options.reverse ? node : dep;
      const std::string& second = options.reverse ? dep : node;
      prerequisites[second].push_back(first);
      unlocks[first].push_back(second);
    }
  }

  // Longest chain from each node to the end of the walk, itself included.
  std::map<std::string, double> tail;
  if (options.cost) {
    std::vector<std::string> order = dag.TopologicalOrder();
    if (!options.reverse) std::reverse(order.begin(), order.end());
    for (const auto& node : order) {
      double after = 0;
      for (const auto& next : unlocks[node]) after = std::max(after, tail[next]);
      tail[node] = options.cost(node) + after;
    }
  }

  WalkReport report;
  std::map<std::string, size_t> waiting;
  std::deque<std::string> ready;
  for (const auto& node : dag.nodes()) {
    report.states[node] = NodeState::kPending;
    waiting[node] = prerequisites[node].size();
    if (waiting[node] == 0) ready.push_back(node);
  }

  std::mutex mutex;
  std::condition_variable finished_cv;
  std::deque<std::pair<std::string, Status>> finished;
  ThreadPool pool(std::max<size_t>(1, options.max_in_flight));
  size_t in_flight = 0;
  bool stop_starting = false;

  // Marks everything that (transitively) needs `node` as skipped.
  std::function<void(const std::string&)> skip_after = [&](const std::string& node) {
    for (const auto& next : unlocks[node]) {
      if (report.states[next] == NodeState::kPending) {
        report.states[next] = NodeState::kSkipped;
        skip_after(next);
      }
    }
  };

  while (true) {
    if (options.cancelled && options.cancelled()) {
      report.cancelled = true;
      stop_starting = true;
    }
    while (!stop_starting && !ready.empty() && in_flight < pool.size()) {
      // Critical path first; ties (and walks without costs) in the order they became ready.
      auto next = ready.begin();
      for (auto it = ready.begin(); it != ready.end(); ++it) {
        if (tail[*it] > tail[*next]) next = it;
      }
      std::string node = *next;
      ready.erase(next);
      if (report.states[node] != NodeState::kPending) continue;
      ++in_flight;
      pool.Submit([&, node] {
        Status status = visit(node);
        std::lock_guard lock(mutex);
        finished.emplace_back(node, std::move(status));
        finished_cv.notify_one();
      });
    }
    if (in_flight == 0) break;

    std::unique_lock lock(mutex);
    finished_cv.wait(lock, [&] { return !finished.empty(); });
    while (!finished.empty()) {
      auto [node, status] = std::move(finished.front());
      finished.pop_front();
      --in_flight;
      if (status) {
        report.states[node] = NodeState::kSucceeded;
        for (const auto& next : unlocks[node]) {
          if (--waiting[next] == 0 && report.states[next] == NodeState::kPending) {
            ready.push_back(next);
          }
        }
      } else {
        report.states[node] = NodeState::kFailed;
        report.errors.emplace_back(node, status.error());
        skip_after(node);
        if (!options.continue_after_failure) stop_starting = true;
      }
    }
  }
  for (auto& [node, state] : report.states) {
    if (state == NodeState::kPending) state = NodeState::kCancelled;
  }
  return report;
}

}  // namespace raycloud::cloud
