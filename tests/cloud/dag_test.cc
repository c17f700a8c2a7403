#include "cloud/dag.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

namespace raycloud::cloud {
namespace {

Dag Diamond() {
  Dag dag;
  dag.Add("vpc");
  dag.Add("subnet-a", {"vpc"});
  dag.Add("subnet-b", {"vpc"});
  dag.Add("endpoint", {"subnet-a", "subnet-b"});
  return dag;
}

TEST(DagTest, TopologicalOrderPutsDependenciesFirst) {
  Dag dag;
  dag.Add("c", {"b"});
  dag.Add("b", {"a"});
  dag.Add("a");
  EXPECT_EQ(dag.TopologicalOrder(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(dag.Validate());
}

TEST(DagTest, ValidateRejectsCyclesAndUnknownNodes) {
  Dag cycle;
  cycle.Add("a", {"b"});
  cycle.Add("b", {"a"});
  EXPECT_FALSE(cycle.Validate());
  Dag unknown;
  unknown.Add("a", {"ghost"});
  auto status = unknown.Validate();
  ASSERT_FALSE(status);
  EXPECT_NE(status.error().message.find("ghost"), std::string::npos);
}

TEST(DagTest, CriticalPathIsTheLongestChain) {
  Dag dag = Diamond();
  auto cost = [](const std::string& n) { return n == "subnet-b" ? 5.0 : 1.0; };
  EXPECT_DOUBLE_EQ(dag.CriticalPath(cost), 7.0);
}

TEST(DagTest, WalkRespectsOrderForwardAndReverse) {
  for (bool reverse : {false, true}) {
    std::mutex mutex;
    std::vector<std::string> visited;
    auto report = Walk(Diamond(),
                       [&](const std::string& node) -> Status {
                         std::lock_guard lock(mutex);
                         visited.push_back(node);
                         return {};
                       },
                       {.max_in_flight = 4, .reverse = reverse});
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(visited.size(), 4u);
    EXPECT_EQ(visited.front(), reverse ? "endpoint" : "vpc");
    EXPECT_EQ(visited.back(), reverse ? "vpc" : "endpoint");
  }
}

TEST(DagTest, WalkRunsIndependentNodesConcurrentlyUnderTheCap) {
  Dag dag;
  for (int i = 0; i < 12; ++i) dag.Add("n" + std::to_string(i));
  std::atomic<int> running{0}, peak{0};
  auto report = Walk(dag,
                     [&](const std::string&) -> Status {
                       int now = ++running;
                       int seen = peak.load();
                       while (now > seen && !peak.compare_exchange_weak(seen, now)) {
                       }
                       std::this_thread::sleep_for(std::chrono::milliseconds(20));
                       --running;
                       return {};
                     },
                     {.max_in_flight = 3});
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(peak.load(), 3);
}

// With one slot, the node heading the longest chain goes first: the slow cluster's chain
// starts before quick independent nodes that were declared (and became ready) earlier.
TEST(DagTest, WalkStartsTheLongestRemainingChainFirst) {
  Dag dag;
  for (const char* quick : {"role", "bucket", "bucket-policy"}) dag.Add(quick);
  dag.Add("vpc");
  dag.Add("subnet", {"vpc"});
  dag.Add("cluster", {"subnet"});
  dag.Add("route", {"vpc"});
  auto cost = [](const std::string& node) { return node == "cluster" ? 600.0 : 1.0; };
  std::vector<std::string> started;
  auto visit = [&](const std::string& node) -> Status {
    started.push_back(node);
    return {};
  };
  ASSERT_TRUE(Walk(dag, visit, {.max_in_flight = 1, .cost = cost}).ok());
  EXPECT_EQ(started, (std::vector<std::string>{"vpc", "subnet", "cluster", "role", "bucket",
                                               "bucket-policy", "route"}));
  // Reversed (deletion), the cluster goes first although quick nodes were ready before it.
  started.clear();
  ASSERT_TRUE(Walk(dag, visit, {.max_in_flight = 1, .reverse = true, .cost = cost}).ok());
  EXPECT_EQ(started.front(), "cluster");
}

TEST(DagTest, FailureSkipsDependantsAndIsReported) {
  auto report = Walk(Diamond(),
                     [](const std::string& node) -> Status {
                       if (node == "subnet-a") return Fail(Error::Internal("boom"));
                       return {};
                     },
                     {.max_in_flight = 1, .continue_after_failure = true});
  EXPECT_FALSE(report.ok());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].first, "subnet-a");
  EXPECT_EQ(report.states["endpoint"], NodeState::kSkipped);
  EXPECT_EQ(report.states["subnet-b"], NodeState::kSucceeded);
}

TEST(DagTest, CancellationStopsStartingNewNodes) {
  std::atomic<int> visits{0};
  auto report = Walk(Diamond(),
                     [&](const std::string&) -> Status {
                       ++visits;
                       return {};
                     },
                     {.max_in_flight = 1, .cancelled = [&] { return visits.load() >= 1; }});
  EXPECT_TRUE(report.cancelled);
  EXPECT_EQ(visits.load(), 1);
  EXPECT_EQ(report.states["endpoint"], NodeState::kCancelled);
}

}  // namespace
}  // namespace raycloud::cloud
