// `raycloud cloud register` end to end: the External ID and cloud id hand-out, and a cloud
// whose control-plane policy is scoped to the id register hands out (cli.md, verify-checks.md).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "integration/cli_emulator_test.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;
using testing::CliResult;
using testing::RegisterFlags;

class CloudRegisterTest : public testing::CliEmulatorTest {
 protected:
  static std::string PermissionsStatus(const json& report) {
    for (const auto& check : report.value("checks", json::array())) {
      if (check.value("id", "") == "iam.control_plane_role.permissions") {
        return check.value("status", "");
      }
    }
    return "absent";
  }
};

TEST_F(CloudRegisterTest, HandsOutTheCloudIdTheControlPlanePolicyIsScopedTo) {
  // Resources built by setup in a store that is then lost: their control-plane policy is
  // scoped to setup's cloud id, as a hand-built one is scoped to the id register handed out.
  const std::string built = NewStateDir();
  const std::string cloud_id = Setup(built, "handmade");
  ASSERT_FALSE(cloud_id.empty());
  const json cloud = Raycloud(built, {"cloud", "describe", "--name", "handmade"}).output["cloud"];
  const std::string external_id = cloud.value("external_id", "");
  const std::string fresh = NewStateDir();

  // Without --external-id: an external id and a cloud id are handed out, nothing is stored.
  CliResult asked = Raycloud(fresh, RegisterFlags(cloud, "mine"));
  EXPECT_EQ(asked.exit_code, 1) << asked.text;
  EXPECT_EQ(asked.output.value("registered", true), false);
  EXPECT_EQ(asked.output.value("cloud_id", "").size(), 28u) << asked.text;
  EXPECT_NE(asked.output.value("message", "").find("--cloud-id"), std::string::npos);

  // With the external id but another cloud id, the scoped policy does not cover the cloud:
  // the permissions check fails, nothing is stored, and the output names the id it used.
  auto flags = RegisterFlags(cloud, "mine");
  flags.insert(flags.end(), {"--external-id", external_id});
  CliResult unscoped = Raycloud(fresh, flags);
  EXPECT_EQ(unscoped.exit_code, 1) << unscoped.text;
  EXPECT_EQ(PermissionsStatus(unscoped.output), "fail") << unscoped.text;
  EXPECT_FALSE(unscoped.output.value("cloud_id", "").empty()) << unscoped.text;
  EXPECT_EQ(Raycloud(fresh, {"cloud", "list"}).output["clouds"].size(), 0u);

  // With the id the policy is scoped to, every check passes and the cloud keeps that id.
  flags.insert(flags.end(), {"--cloud-id", cloud_id});
  CliResult registered = Raycloud(fresh, flags);
  ASSERT_EQ(registered.exit_code, 0) << registered.text;
  EXPECT_EQ(registered.output["cloud"].value("id", ""), cloud_id);
  EXPECT_EQ(registered.output["cloud"]["verify"].value("passed", false), true);

  // The id is taken now.
  flags[3] = "mine-again";
  CliResult again = Raycloud(fresh, flags);
  EXPECT_EQ(again.exit_code, 2) << again.text;
  EXPECT_NE(again.text.find("--cloud-id"), std::string::npos) << again.text;
}

}  // namespace
}  // namespace raycloud::cli
