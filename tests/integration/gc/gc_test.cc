// `raycloud cloud gc` end to end against the emulator: clouds made by the real setup
// service, a lost or fresh store, and boto3 (leak_check.py) as the independent witness.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "cli/app.h"
#include "support/emulator.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;

struct CliResult {
  int exit_code;
  json output;
  std::string text;
};

class CloudGcTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(raycloud::testing::EmulatorEnvironment::Running()) << "the emulator did not start";
    ASSERT_TRUE(emulator().Reset());
    // The emulator accepts any credentials; these are not secrets.
    setenv("AWS_ACCESS_KEY_ID", "AKIAGCTEST0000000000", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "gc-test-not-a-secret", 1);
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
    char dir[] = "/tmp/raycloud-gc-XXXXXX";
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

  // Puts one object into the bucket through boto3. The cloud's bucket policy refuses
  // requests without TLS, which the emulator cannot offer, so it is removed first.
  void PutObject(const std::string& bucket) {
    const std::string command =
        "python3 -c \"import boto3, botocore.config as c; s3 = boto3.client('s3', endpoint_url='" +
        emulator().endpoint() +
        "', region_name='us-west-2', aws_access_key_id='x', aws_secret_access_key='y', "
        "config=c.Config(s3={'addressing_style': 'path'})); s3.delete_bucket_policy(Bucket='" +
        bucket + "'); s3.put_object(Bucket='" + bucket + "', Key='logs/a.txt', Body=b'data')\"";
    ASSERT_EQ(system(command.c_str()), 0);
  }

  // {"<kind>": [ids]} of one orphan cloud in gc's JSON, as leak_check.py prints it.
  static json ListedByKind(const json& gc, const std::string& cloud_id) {
    json out = json::object();
    for (const auto& orphan : gc.value("orphans", json::array())) {
      if (orphan.value("cloud_id", "") != cloud_id) continue;
      for (const auto& resource : orphan["resources"]) {
        out[resource.value("kind", "")].push_back(resource.value("id", ""));
      }
    }
    for (auto& [kind, ids] : out.items()) std::sort(ids.begin(), ids.end());
    return out;
  }

  static json Sorted(json by_kind) {
    for (auto& [kind, ids] : by_kind.items()) std::sort(ids.begin(), ids.end());
    return by_kind;
  }

  std::vector<std::string> dirs_;
};

TEST_F(CloudGcTest, ListsExactlyTheResourcesOfALostStoreAndDeleteRemovesThemAll) {
  const std::string lost = NewStateDir();
  const std::string cloud_id =
      Setup(lost, "gclost", {"--private-network", "--shared-storage", "nfs"});
  ASSERT_FALSE(cloud_id.empty());
  const json tagged = Sorted(LeftBehind(cloud_id));
  ASSERT_TRUE(tagged.contains("ec2:nat-gateway")) << tagged.dump();
  ASSERT_TRUE(tagged.contains("efs:file-system")) << tagged.dump();

  const std::string fresh = NewStateDir();
  CliResult listed = Raycloud(fresh, {"cloud", "gc"});
  ASSERT_EQ(listed.exit_code, 0) << listed.text;
  ASSERT_EQ(listed.output["orphans"].size(), 1u) << listed.text;
  EXPECT_EQ(listed.output["orphans"][0].value("record", ""), "unknown");
  EXPECT_EQ(listed.output["orphans"][0].value("cloud_name", ""), "gclost");
  EXPECT_EQ(ListedByKind(listed.output, cloud_id), tagged);

  CliResult deleted = Raycloud(fresh, {"cloud", "gc", "--delete"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.text;
  EXPECT_EQ(LeftBehind(cloud_id), json::object());
  CliResult again = Raycloud(fresh, {"cloud", "gc"});
  EXPECT_EQ(again.output["orphans"], json::array()) << again.text;
}

TEST_F(CloudGcTest, KeepsABucketHoldingObjectsUnlessDeleteBucket) {
  const std::string lost = NewStateDir();
  const std::string cloud_id = Setup(lost, "gcbucket");
  const std::string bucket = "raycloud-data-" + cloud_id.substr(4);
  PutObject(bucket);

  const std::string fresh = NewStateDir();
  CliResult kept = Raycloud(fresh, {"cloud", "gc", "--delete"});
  EXPECT_EQ(kept.exit_code, 0) << kept.text;
  ASSERT_EQ(kept.output["deleted"].size(), 1u) << kept.text;
  EXPECT_EQ(kept.output["deleted"][0]["kept"].size(), 1u) << kept.text;
  EXPECT_EQ(LeftBehind(cloud_id), json({{"s3:bucket", {bucket}}}));

  CliResult removed = Raycloud(fresh, {"cloud", "gc", "--delete", "--delete-bucket"});
  EXPECT_EQ(removed.exit_code, 0) << removed.text;
  EXPECT_EQ(LeftBehind(cloud_id), json::object());
}

TEST_F(CloudGcTest, NeverListsOrTouchesACloudTheStoreKnows) {
  const std::string mine = NewStateDir();
  const std::string known_id = Setup(mine, "gcknown");
  const json known_before = Sorted(LeftBehind(known_id));
  const std::string other = NewStateDir();
  const std::string lost_id = Setup(other, "gcother");

  CliResult listed = Raycloud(mine, {"cloud", "gc"});
  ASSERT_EQ(listed.exit_code, 0) << listed.text;
  ASSERT_EQ(listed.output["orphans"].size(), 1u) << listed.text;
  EXPECT_EQ(listed.output["orphans"][0].value("cloud_id", ""), lost_id);

  CliResult deleted = Raycloud(mine, {"cloud", "gc", "--delete", "--delete-bucket"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.text;
  EXPECT_EQ(LeftBehind(lost_id), json::object());
  EXPECT_EQ(Sorted(LeftBehind(known_id)), known_before);
}

TEST_F(CloudGcTest, ListsAndRemovesWhatADeletedCloudKept) {
  const std::string state = NewStateDir();
  const std::string cloud_id = Setup(state, "gcdeleted");
  const std::string bucket = "raycloud-data-" + cloud_id.substr(4);
  PutObject(bucket);
  ASSERT_EQ(Raycloud(state, {"cloud", "delete", "--name", "gcdeleted"}).exit_code, 0);
  ASSERT_EQ(LeftBehind(cloud_id), json({{"s3:bucket", {bucket}}}));

  CliResult listed = Raycloud(state, {"cloud", "gc"});
  ASSERT_EQ(listed.output["orphans"].size(), 1u) << listed.text;
  EXPECT_EQ(listed.output["orphans"][0].value("record", ""), "deleted");
  CliResult removed = Raycloud(state, {"cloud", "gc", "--delete", "--delete-bucket"});
  EXPECT_EQ(removed.exit_code, 0) << removed.text;
  EXPECT_EQ(LeftBehind(cloud_id), json::object());
}

TEST_F(CloudGcTest, ImportRebuildsARecordThatDescribeShowsAndDeleteRemoves) {
  const std::string lost = NewStateDir();
  const std::string cloud_id =
      Setup(lost, "gcimport", {"--private-network", "--shared-storage", "nfs", "--tag", "team=ml"});
  const json original = Raycloud(lost, {"cloud", "describe", "--name", "gcimport"}).output["cloud"];

  const std::string fresh = NewStateDir();
  CliResult imported =
      Raycloud(fresh, {"cloud", "gc", "--import", "gcimport", "--cloud-id", cloud_id});
  ASSERT_EQ(imported.exit_code, 0) << imported.text;
  const json described = Raycloud(fresh, {"cloud", "describe", "--name", "gcimport"}).output;
  ASSERT_TRUE(described.contains("cloud")) << described.dump();
  EXPECT_EQ(described["cloud"].value("status", ""), "active");
  EXPECT_EQ(described["cloud"].value("id", ""), cloud_id);
  EXPECT_EQ(described["cloud"].value("external_id", ""), original.value("external_id", "x"));
  EXPECT_EQ(described["cloud"]["resources"], original["resources"]);

  // The name is taken now: a second import is refused.
  CliResult twice =
      Raycloud(fresh, {"cloud", "gc", "--import", "gcimport", "--cloud-id", cloud_id});
  EXPECT_EQ(twice.exit_code, 2) << twice.text;

  CliResult deleted = Raycloud(fresh, {"cloud", "delete", "--name", "gcimport"});
  EXPECT_EQ(deleted.exit_code, 0) << deleted.text;
  EXPECT_EQ(LeftBehind(cloud_id), json::object());
}

TEST_F(CloudGcTest, BadInputIsExit2BeforeAnyAwsCall) {
  const std::string state = NewStateDir();
  const std::vector<std::vector<std::string>> bad = {
      {"cloud", "gc", "--import", "Bad_Name", "--cloud-id", "cld_abcdefghijklmnopqrstuvwx"},
      {"cloud", "gc", "--import", "good", "--cloud-id", "cld_short"},
      {"cloud", "gc", "--import", "good"},
      {"cloud", "gc", "--cloud-id", "cld_abcdefghijklmnopqrstuvwx"},
      {"cloud", "gc", "--delete-bucket"},
      {"cloud", "gc", "--delete", "--import", "good", "--cloud-id", "cld_abcdefghijklmnopqrstuvwx"},
  };
  for (const auto& args : bad) {
    CliResult result = Raycloud(state, args);
    EXPECT_EQ(result.exit_code, 2) << result.text;
    EXPECT_EQ(result.output["error"].value("code", ""), "invalid_argument") << result.text;
  }
  EXPECT_EQ(emulator().TotalCalls().value_or(-1), 0);
  // An id nothing carries: exit 2 after read-only calls.
  CliResult unknown = Raycloud(
      state, {"cloud", "gc", "--import", "good", "--cloud-id", "cld_abcdefghijklmnopqrstuvwx"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.text;
}

}  // namespace
}  // namespace raycloud::cli
