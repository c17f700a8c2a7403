// `raycloud autoscaler simulate` through the command line (cli.md, autoscaler.md).
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/app.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;

struct SimulateResult {
  int exit_code;
  std::string out;
  std::string err;
};

class AutoscalerSimulateCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/raycloud-autoscaler-cli-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string WriteInput(const std::string& text) {
    const std::string path = dir_ + "/input.json";
    std::ofstream(path) << text;
    return path;
  }

  SimulateResult Simulate(std::vector<std::string> args) {
    args.insert(args.begin(), {"raycloud", "--state-dir", dir_ + "/state"});
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int code = cli::Run(static_cast<int>(argv.size()), argv.data());
    std::string out = ::testing::internal::GetCapturedStdout();
    std::string err = ::testing::internal::GetCapturedStderr();
    return {code, out, err};
  }

  std::string dir_;
};

// The example of autoscaler.md: one running spot cpu-8 with 2 CPUs free, 1000 one-CPU
// tasks, a STRICT_SPREAD gang of two 4-CPU bundles, a GPU floor no type can hold.
json SpecExample() {
  return json::parse(R"({
    "node_types": [
      {"name": "cpu-8", "resources": {"CPU": 8, "memory": 34359738368},
       "price_on_demand": 0.384, "price_spot": 0.12, "spot_allowed": true,
       "min_count": 0, "max_count": 100, "availability": {"spot": 1.0, "on_demand": 1.0}}],
    "nodes": [
      {"id": "i-1", "node_type": "cpu-8", "market": "spot", "status": "running",
       "total": {"CPU": 8}, "available": {"CPU": 2}, "idle_seconds": 0}],
    "demands": [{"resources": {"CPU": 1}, "count": 1000}],
    "placement_groups": [{"strategy": "STRICT_SPREAD", "bundles": [{"CPU": 4}, {"CPU": 4}]}],
    "resource_floor": [{"resources": {"GPU": 1}, "count": 2}],
    "limits": {"max_nodes": 1000, "max_concurrent_launches": 100,
               "upscaling_speed": 1.0, "idle_timeout_seconds": 300}})");
}

TEST_F(AutoscalerSimulateCommandTest, SpecExampleGivesTheContractsJson) {
  auto result = Simulate(
      {"--output", "json", "autoscaler", "simulate", "--input", WriteInput(SpecExample().dump())});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json decision = json::parse(result.out, nullptr, false);
  ASSERT_FALSE(decision.is_discarded()) << result.out;
  for (const char* key : {"launch", "terminate", "infeasible", "hourly_cost_before",
                          "hourly_cost_after", "decision_ms"}) {
    EXPECT_TRUE(decision.contains(key)) << key;
  }
  const std::set<std::string> reasons = {"pending_demand",           "placement_group", "min_count",
                                         "resource_floor",           "idle_timeout",    "above_max",
                                         "spot_unavailable_fallback"};
  int launched = 0;
  bool gang_launched = false;
  for (const auto& launch : decision["launch"]) {
    EXPECT_EQ(launch["node_type"], "cpu-8");
    EXPECT_EQ(launch["market"], "spot") << "spot is allowed and available";
    EXPECT_TRUE(reasons.contains(launch["reason"].get<std::string>())) << launch.dump();
    launched += launch["count"].get<int>();
    if (launch["reason"] == "placement_group") {
      // STRICT_SPREAD: each 4-CPU bundle on its own node; the running node has only 2 free.
      EXPECT_EQ(launch["count"], 2);
      gang_launched = true;
    }
  }
  EXPECT_TRUE(gang_launched) << result.out;
  // Ray's upscaling rule: at most max(5, upscaling_speed x running nodes) launches at once.
  EXPECT_EQ(launched, 5) << result.out;
  ASSERT_EQ(decision["infeasible"].size(), 1u);
  EXPECT_EQ(decision["infeasible"][0]["resources"], json({{"GPU", 1}}));
  EXPECT_EQ(decision["infeasible"][0]["reason"], "resource_floor");
  EXPECT_DOUBLE_EQ(decision["hourly_cost_before"].get<double>(), 0.12);
  EXPECT_DOUBLE_EQ(decision["hourly_cost_after"].get<double>(), 0.12 * (1 + launched));
  EXPECT_TRUE(decision["terminate"].empty());
}

TEST_F(AutoscalerSimulateCommandTest, TextOutputSaysWhatLaunchesAndWhy) {
  auto result = Simulate({"autoscaler", "simulate", "--input", WriteInput(SpecExample().dump())});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("x cpu-8 (spot): pending_demand"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("infeasible 2 x {GPU: 1}"), std::string::npos) << result.out;
}

TEST_F(AutoscalerSimulateCommandTest, IdleNodePastTimeoutIsTerminatedAboveItsMinimum) {
  json input = SpecExample();
  input["demands"] = json::array();
  input["placement_groups"] = json::array();
  input["resource_floor"] = json::array();
  input["nodes"][0]["available"] = {{"CPU", 8}};
  input["nodes"][0]["idle_seconds"] = 600;
  auto result =
      Simulate({"--output", "json", "autoscaler", "simulate", "--input", WriteInput(input.dump())});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json decision = json::parse(result.out);
  ASSERT_EQ(decision["terminate"].size(), 1u) << result.out;
  EXPECT_EQ(decision["terminate"][0]["node_id"], "i-1");
  EXPECT_EQ(decision["terminate"][0]["reason"], "idle_timeout");

  // The same node at its type's minimum stays.
  input["node_types"][0]["min_count"] = 1;
  result =
      Simulate({"--output", "json", "autoscaler", "simulate", "--input", WriteInput(input.dump())});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out)["terminate"].empty()) << result.out;
}

TEST_F(AutoscalerSimulateCommandTest, BadInputIsExit2NamingTheFlag) {
  auto missing = Simulate({"autoscaler", "simulate", "--input", dir_ + "/absent.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("--input"), std::string::npos) << missing.err;

  auto malformed =
      Simulate({"autoscaler", "simulate", "--input", WriteInput("{\"node_types\": 3")});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.err.find("not valid JSON"), std::string::npos) << malformed.err;

  json negative = SpecExample();
  negative["demands"][0]["count"] = -1;
  auto invalid = Simulate({"autoscaler", "simulate", "--input", WriteInput(negative.dump())});
  EXPECT_EQ(invalid.exit_code, 2) << invalid.out;
  EXPECT_NE(invalid.err.find("count"), std::string::npos) << invalid.err;
  EXPECT_TRUE(invalid.out.empty()) << "no decision for bad input";
}

}  // namespace
}  // namespace raycloud::cli
