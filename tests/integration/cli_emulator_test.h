#pragma once

// Runs raycloud in-process against the emulator with a temporary state dir, for end-to-end
// tests of whole commands (gc, register, ...).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/app.h"
#include "support/emulator.h"

namespace raycloud::cli::testing {

using json = nlohmann::json;

/// `cloud register` flags naming the resources of `cloud` (describe's JSON), as cli.md maps
/// them one to one; EFS and MemoryDB when the cloud has them.
inline std::vector<std::string> RegisterFlags(const json& cloud, const std::string& name) {
  const json& resources = cloud["resources"];
  auto joined = [](const json& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id.get<std::string>();
    return out;
  };
  std::vector<std::string> flags = {"cloud",
                                    "register",
                                    "--name",
                                    name,
                                    "--vpc-id",
                                    resources["vpc_id"],
                                    "--subnet-ids",
                                    joined(resources["subnet_ids"]),
                                    "--security-group-ids",
                                    joined(resources["security_group_ids"]),
                                    "--s3-bucket-id",
                                    resources["s3_bucket"],
                                    "--control-plane-role-arn",
                                    resources["control_plane_role_arn"],
                                    "--instance-role-arn",
                                    resources["instance_role_arn"]};
  auto named = [&](const char* key) {
    return resources.contains(key) && resources[key].is_string() && resources[key] != "";
  };
  if (named("efs_id")) flags.insert(flags.end(), {"--efs-id", resources["efs_id"]});
  if (named("memorydb_cluster_name")) {
    flags.insert(flags.end(), {"--memorydb-cluster-id", resources["memorydb_cluster_name"]});
  }
  return flags;
}

struct CliResult {
  int exit_code;
  json output;
  std::string text;
};

class CliEmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(raycloud::testing::EmulatorEnvironment::Running()) << "the emulator did not start";
    ASSERT_TRUE(emulator().Reset());
    // The emulator accepts any credentials; these are not secrets.
    setenv("AWS_ACCESS_KEY_ID", "AKIACLITEST000000000", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "cli-test-not-a-secret", 1);
    setenv("AWS_ENDPOINT_URL", emulator().endpoint().c_str(), 1);
    setenv("AWS_REGION", "us-west-2", 1);
    unsetenv("AWS_PROFILE");
    unsetenv("AWS_SESSION_TOKEN");
    unsetenv("RAYCLOUD_OUTPUT");
  }
  void TearDown() override {
    for (const auto& dir : dirs_) std::filesystem::remove_all(dir);
  }

  raycloud::testing::Emulator& emulator() { return raycloud::testing::EmulatorEnvironment::Get(); }

  std::string NewStateDir() {
    char dir[] = "/tmp/raycloud-cli-XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    dirs_.push_back(dir);
    return std::string(dir) + "/state";
  }

  // Runs raycloud in-process with --output json against `state_dir`.
  CliResult Raycloud(const std::string& state_dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"raycloud", "--state-dir", state_dir, "--output", "json", "-q"});
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    ::testing::internal::CaptureStdout();
    int code = cli::Run(static_cast<int>(argv.size()), argv.data());
    std::string text = ::testing::internal::GetCapturedStdout();
    return {code, json::parse(text, nullptr, false), text};
  }

  // Sets a cloud up through the real setup service; returns its id.
  std::string Setup(const std::string& state_dir, const std::string& name,
                    std::vector<std::string> flags = {}) {
    std::vector<std::string> args = {"cloud", "setup", "--name", name};
    args.insert(args.end(), flags.begin(), flags.end());
    CliResult result = Raycloud(state_dir, args);
    // Exit 1 would be a failed final verify against moto; the resources exist either way.
    EXPECT_TRUE(result.exit_code == 0 || result.exit_code == 1) << result.text;
    auto described = Raycloud(state_dir, {"cloud", "describe", "--name", name});
    EXPECT_EQ(described.exit_code, 0) << described.text;
    EXPECT_EQ(described.output["cloud"].value("status", ""), "active") << described.text;
    return described.output["cloud"].value("id", "");
  }

  // What boto3 still sees tagged with `cloud_id`: {"<kind>": [ids]}.
  json LeftBehind(const std::string& cloud_id) {
    const std::string command = std::string("python3 ") + RAYCLOUD_SOURCE_DIR +
                                "/tests/integration/handlers/leak_check.py " +
                                emulator().endpoint() + " us-west-2 " + cloud_id;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {{"error", command}};
    std::string output;
    char buffer[4096];
    while (size_t read = fread(buffer, 1, sizeof(buffer), pipe)) output.append(buffer, read);
    pclose(pipe);
    return json::parse(output, nullptr, false);
  }

  std::vector<std::string> dirs_;
};

}  // namespace raycloud::cli::testing
