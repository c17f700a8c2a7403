#include "cli/run_environment.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace raycloud::cli {
namespace {

class RunEnvironmentTest : public ::testing::Test {
 protected:
  void SetUp() override { Clear(); }
  void TearDown() override { Clear(); }
  static void Clear() {
    unsetenv("RAYCLOUD_TIME_SCALE");
    unsetenv("RAYCLOUD_MAX_IN_FLIGHT");
  }
};

TEST_F(RunEnvironmentTest, UnsetLeavesTheDefaults) {
  cloud::RunSettings settings;
  ASSERT_TRUE(ApplyRunEnvironment(settings));
  EXPECT_EQ(settings.max_in_flight, 8u);
  EXPECT_EQ(settings.timing.first_poll_interval, std::chrono::seconds(5));
}

TEST_F(RunEnvironmentTest, ScalesTimingAndSetsTheCap) {
  setenv("RAYCLOUD_TIME_SCALE", "0.01", 1);
  setenv("RAYCLOUD_MAX_IN_FLIGHT", "1", 1);
  cloud::RunSettings settings;
  ASSERT_TRUE(ApplyRunEnvironment(settings));
  EXPECT_EQ(settings.max_in_flight, 1u);
  EXPECT_EQ(settings.timing.first_poll_interval, std::chrono::milliseconds(50));
  EXPECT_EQ(settings.timing.resource_timeout, std::chrono::seconds(18));
}

TEST_F(RunEnvironmentTest, MalformedValuesAreInvalidInput) {
  for (const char* bad : {"0", "-1", "fast", "0.5x"}) {
    setenv("RAYCLOUD_TIME_SCALE", bad, 1);
    cloud::RunSettings settings;
    auto applied = ApplyRunEnvironment(settings);
    ASSERT_FALSE(applied) << bad;
    EXPECT_EQ(applied.error().kind, ErrorKind::kInvalidArgument);
  }
  Clear();
  for (const char* bad : {"0", "many", "1000"}) {
    setenv("RAYCLOUD_MAX_IN_FLIGHT", bad, 1);
    cloud::RunSettings settings;
    EXPECT_FALSE(ApplyRunEnvironment(settings)) << bad;
  }
}

}  // namespace
}  // namespace raycloud::cli
