// `raycloud cloud delete` works in the cloud's own region, whatever AWS_REGION says.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "integration/cli_emulator_test.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;
using testing::CliResult;

class CloudDeleteRegionTest : public testing::CliEmulatorTest {};

TEST_F(CloudDeleteRegionTest, DeletesInTheCloudsRegionWhateverTheEnvironmentSays) {
  const std::string state = NewStateDir();
  const std::string cloud_id = Setup(state, "elsewhere");
  ASSERT_FALSE(cloud_id.empty());
  ASSERT_FALSE(LeftBehind(cloud_id).empty());

  setenv("AWS_REGION", "eu-central-1", 1);
  CliResult deleted =
      Raycloud(state, {"cloud", "delete", "--name", "elsewhere", "--yes", "--delete-bucket"});
  setenv("AWS_REGION", "us-west-2", 1);
  ASSERT_EQ(deleted.exit_code, 0) << deleted.text;
  EXPECT_EQ(LeftBehind(cloud_id), json::object()) << "resources left in us-west-2";
}

}  // namespace
}  // namespace raycloud::cli
