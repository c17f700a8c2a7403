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
#include "integration/cli_emulator_test.h"
#include "support/emulator.h"

namespace raycloud::cli {
namespace {

using json = nlohmann::json;
using testing::CliResult;

class CloudGcTest : public testing::CliEmulatorTest {
 protected:
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
