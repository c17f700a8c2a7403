// Setup's final verify assumes the control-plane role with the control plane's own
// credentials when RAYCLOUD_CONTROL_PLANE_PROFILE names them (verify-checks.md,
// iam.control_plane_role.assume), as `cloud verify` does; a profile that cannot be used is
// bad input found before anything is created.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "integration/cli_emulator_test.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

class ControlPlaneProfileTest : public testing::CliEmulatorTest {
 protected:
  void TearDown() override {
    unsetenv("RAYCLOUD_CONTROL_PLANE_PROFILE");
    unsetenv("AWS_CONFIG_FILE");
    CliEmulatorTest::TearDown();
  }

  // A config file whose profile `control-plane` runs a credential_process that leaves
  // `marker` behind: proof that the profile's credentials were used.
  fs::path WriteConfig(const fs::path& dir, const fs::path& marker) {
    fs::create_directories(dir);
    const fs::path config = dir / "config";
    std::ofstream(config) << "[profile control-plane]\n"
                          << "credential_process = sh -c 'touch " << marker.string()
                          << "; echo \"{\\\"Version\\\": 1, \\\"AccessKeyId\\\": "
                             "\\\"AKIACONTROLPLANE0000\\\", \\\"SecretAccessKey\\\": "
                             "\\\"control-plane-not-a-secret\\\"}\"'\n";
    return config;
  }
};

TEST_F(ControlPlaneProfileTest, SetupsFinalVerifyAssumesTheRoleWithTheControlPlaneProfile) {
  const std::string state = NewStateDir();
  const fs::path dir = fs::path(state).parent_path() / "aws";
  const fs::path marker = dir / "control-plane-credentials-used";
  setenv("AWS_CONFIG_FILE", WriteConfig(dir, marker).c_str(), 1);
  setenv("RAYCLOUD_CONTROL_PLANE_PROFILE", "control-plane", 1);

  CliResult setup = Raycloud(state, {"cloud", "setup", "--name", "cp-profile"});
  ASSERT_EQ(setup.exit_code, 0) << setup.text;
  EXPECT_TRUE(fs::exists(marker)) << "the control-plane profile was never used";
  const json& verify = setup.output["cloud"]["verify"];
  EXPECT_EQ(verify["summary"].value("fail", -1), 0) << setup.text;
  EXPECT_TRUE(verify.value("passed", false)) << setup.text;
  // The operator's credentials made the cloud; the control plane's secret shows nowhere.
  EXPECT_EQ(setup.text.find("control-plane-not-a-secret"), std::string::npos);

  CliResult deleted = Raycloud(state, {"cloud", "delete", "--name", "cp-profile"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.text;
}

TEST_F(ControlPlaneProfileTest, AnUnknownControlPlaneProfileIsBadInputBeforeAnythingIsCreated) {
  const std::string state = NewStateDir();
  const fs::path dir = fs::path(state).parent_path() / "aws";
  setenv("AWS_CONFIG_FILE", WriteConfig(dir, dir / "unused").c_str(), 1);
  setenv("RAYCLOUD_CONTROL_PLANE_PROFILE", "no-such-profile", 1);

  CliResult setup = Raycloud(state, {"cloud", "setup", "--name", "cp-missing"});
  EXPECT_EQ(setup.exit_code, 2) << setup.text;
  EXPECT_NE(setup.text.find("no-such-profile"), std::string::npos) << setup.text;
  EXPECT_EQ(emulator().CallCount("ec2", "CreateVpc").value(), 0);
  EXPECT_EQ(emulator().CallCount("iam", "CreateRole").value(), 0);
}

}  // namespace
}  // namespace raycloud::cli
