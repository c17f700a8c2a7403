#pragma once

// A fixture for resource-handler tests against the local AWS emulator: a client pointed at
// it, a cloud identity, and a clock whose sleeps move the emulator's pending-state clock
// forward, so waits on NAT gateways, EFS and MemoryDB take no real time.

#include <gtest/gtest.h>

#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "aws/client/aws_client.h"
#include "cloud/exec/resource_handler.h"
#include "cloud/plan/cloud_plan.h"
#include "common/clock.h"
#include "support/emulator.h"

namespace raycloud::cloud::testing {

/// Starts at the real time; SleepFor advances it and the emulator's pending clock.
class EmulatorClock final : public Clock {
 public:
  TimePoint Now() const override;
  void SleepFor(Duration duration) override;
  Duration slept() const;

 private:
  mutable std::mutex mutex_;
  TimePoint now_ = std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  Duration slept_{0};
};

class HandlerTest : public ::testing::Test {
 protected:
  void SetUp() override;

  raycloud::testing::Emulator& emulator() { return raycloud::testing::EmulatorEnvironment::Get(); }

  /// The cloud's tags for `logical_name`, as the plan writes them.
  nlohmann::json Tags(const std::string& logical_name) const;

  /// A resolved spec (kept alive by the fixture) of `kind` with these properties.
  ResolvedSpec Spec(const std::string& logical_name, std::string_view kind,
                    nlohmann::json properties);

  /// Creates through `handler`, checks Find adopts the same id, waits until ready, and
  /// returns the state.
  ResourceState CreateAndAdopt(ResourceHandler& handler, const ResolvedSpec& spec);

  /// Deletes, then checks Find no longer sees it.
  void DeleteAndForget(ResourceHandler& handler, const ResolvedSpec& spec,
                       const ResourceState& state);

  /// Creates a VPC (10.0.0.0/16) and a subnet in us-west-2a; returns {vpc, subnet}.
  std::pair<std::string, std::string> MakeVpcAndSubnet();

  /// A direct call through the client (setup and independent checks).
  nlohmann::json Aws(std::string_view service, std::string_view operation,
                     const nlohmann::json& params = nlohmann::json::object());

  /// What still carries this cloud's id tag, as boto3 sees it (leak_check.py):
  /// {"<kind>": [ids]}; an empty object when nothing is left.
  nlohmann::json LeftBehind();

  EmulatorClock clock_;
  CloudIdentity identity_;
  std::string cloud_name_ = "demo";
  std::unique_ptr<aws::AwsClient> client_;
  std::unique_ptr<ResourceContext> context_;
  std::deque<ResourceSpec> specs_;
};

}  // namespace raycloud::cloud::testing
