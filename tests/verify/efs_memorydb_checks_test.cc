#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

// The public fixture with an EFS like setup makes: one mount target per AZ, guarded by a
// group that admits NFS from the cloud's group.
json WithEfs() {
  json document = CloudFixture("public_cloud.json");
  document["target"]["efs_id"] = "fs-01";
  document["file_systems"] = {
      {"output",
       {{"FileSystems",
         {{{"FileSystemId", "fs-01"}, {"LifeCycleState", "available"}, {"Encrypted", true}}}}}}};
  document["mount_targets"] = {{"output",
                                {{"MountTargets",
                                  {{{"MountTargetId", "fsmt-a"},
                                    {"SubnetId", "subnet-0a"},
                                    {"AvailabilityZoneName", "us-west-2a"},
                                    {"LifeCycleState", "available"}},
                                   {{"MountTargetId", "fsmt-b"},
                                    {"SubnetId", "subnet-0b"},
                                    {"AvailabilityZoneName", "us-west-2b"},
                                    {"LifeCycleState", "available"}}}}}}};
  document["mount_target_security_groups"] = {
      {"fsmt-a", {{"output", {{"SecurityGroups", {"sg-0c1"}}}}}},
      {"fsmt-b", {{"output", {{"SecurityGroups", {"sg-0c1"}}}}}}};
  document["backup_policy"] = {{"output", {{"BackupPolicy", {{"Status", "ENABLED"}}}}}};
  return document;
}

json WithMemoryDb() {
  json document = CloudFixture("public_cloud.json");
  document["target"]["memorydb_cluster_name"] = "demo-memorydb";
  document["memorydb_clusters"] = {
      {"output",
       {{"Clusters",
         {{{"Name", "demo-memorydb"},
           {"Status", "available"},
           {"TLSEnabled", true},
           {"NodeType", "db.t4g.small"},
           {"SubnetGroupName", "demo-memorydb"},
           {"ParameterGroupName", "demo-memorydb"},
           {"ClusterEndpoint", {{"Address", "x"}, {"Port", 6379}}},
           {"SecurityGroups", {{{"SecurityGroupId", "sg-0c1"}, {"Status", "active"}}}},
           {"Shards", {{{"Name", "0001"}, {"NumberOfNodes", 2}}}}}}}}}};
  document["memorydb_subnet_groups"] = {
      {"output",
       {{"SubnetGroups",
         {{{"Name", "demo-memorydb"},
           {"VpcId", "vpc-0a1"},
           {"Subnets", {{{"Identifier", "subnet-0a"}}, {{"Identifier", "subnet-0b"}}}}}}}}}};
  document["memorydb_parameters"] = {
      {"output", {{"Parameters", {{{"Name", "maxmemory-policy"}, {"Value", "allkeys-lru"}}}}}}};
  return document;
}

TEST(EfsChecksTest, SkipWithoutEfsAndPassAsSetupMakesIt) {
  auto without = CloudFixture("public_cloud.json");
  for (const char* id : {"efs.exists", "efs.mount_targets", "efs.mount_target_security_groups",
                         "efs.encryption", "efs.backup"}) {
    EXPECT_EQ(Check(without, id), CheckStatus::kSkip) << id;
  }
  // The cloud's group admits all traffic from itself, NFS included.
  auto with = WithEfs();
  for (const char* id : {"efs.exists", "efs.mount_targets", "efs.mount_target_security_groups",
                         "efs.encryption", "efs.backup"}) {
    EXPECT_EQ(Check(with, id), CheckStatus::kPass) << id;
  }
}

TEST(EfsChecksTest, MissingFileSystemFailsOnce) {
  auto document = WithEfs();
  document["file_systems"] = testing::AwsErrorResult("FileSystemNotFound");
  Findings findings = RunChecks(testing::ToSnapshot(document));
  EXPECT_EQ(testing::StatusOf(findings, "efs.exists"), CheckStatus::kFail);
  EXPECT_EQ(testing::StatusOf(findings, "efs.mount_targets"), CheckStatus::kSkip);
  EXPECT_EQ(testing::StatusOf(findings, "efs.backup"), CheckStatus::kSkip);
}

TEST(EfsChecksTest, MountTargetsFailWhenNoneAndWarnPerMissingZone) {
  auto document = WithEfs();
  document["mount_targets"]["output"]["MountTargets"].erase(1);
  Finding finding = RunFinding(document, "efs.mount_targets");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("us-west-2b"), std::string::npos);
  EXPECT_EQ(finding.remediation,
            "aws efs create-mount-target --file-system-id fs-01 --subnet-id subnet-0b "
            "--security-groups sg-0c1 --region us-west-2");
  document["mount_targets"]["output"]["MountTargets"] = json::array();
  EXPECT_EQ(Check(document, "efs.mount_targets"), CheckStatus::kFail);
  EXPECT_EQ(Check(document, "efs.mount_target_security_groups"), CheckStatus::kSkip);
}

TEST(EfsChecksTest, MountTargetGroupMustAdmitNfsFromTheCloudGroup) {
  auto document = WithEfs();
  json guard = {{"GroupId", "sg-0nfs"},
                {"VpcId", "vpc-0a1"},
                {"IpPermissions",
                 {{{"IpProtocol", "tcp"},
                   {"FromPort", 2049},
                   {"ToPort", 2049},
                   {"UserIdGroupPairs", {{{"GroupId", "sg-0other"}}}}}}}};
  document["vpc_security_groups"]["output"]["SecurityGroups"].push_back(guard);
  document["mount_target_security_groups"]["fsmt-a"]["output"]["SecurityGroups"] = {"sg-0nfs"};
  document["mount_target_security_groups"]["fsmt-b"]["output"]["SecurityGroups"] = {"sg-0nfs"};
  Finding finding = RunFinding(document, "efs.mount_target_security_groups");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_EQ(finding.remediation,
            "aws ec2 authorize-security-group-ingress --group-id sg-0nfs --protocol tcp --port "
            "2049 --source-group sg-0c1 --region us-west-2");
  document["vpc_security_groups"]["output"]["SecurityGroups"][0]["IpPermissions"][0]
          ["UserIdGroupPairs"][0]["GroupId"] = "sg-0c1";
  EXPECT_EQ(Check(document, "efs.mount_target_security_groups"), CheckStatus::kPass);
}

TEST(EfsChecksTest, EncryptionAndBackupWarn) {
  auto document = WithEfs();
  document["file_systems"]["output"]["FileSystems"][0]["Encrypted"] = false;
  document["backup_policy"] = testing::AwsErrorResult("PolicyNotFound");
  EXPECT_EQ(Check(document, "efs.encryption"), CheckStatus::kWarn);
  Finding backup = RunFinding(document, "efs.backup");
  EXPECT_EQ(backup.status, CheckStatus::kWarn);
  EXPECT_EQ(backup.remediation,
            "aws efs put-backup-policy --file-system-id fs-01 --backup-policy Status=ENABLED "
            "--region us-west-2");
}

TEST(MemoryDbChecksTest, PassesAsSetupMakesItAndSkipsWithout) {
  auto with = WithMemoryDb();
  for (const char* id : {"memorydb.exists", "memorydb.tls", "memorydb.replicas", "memorydb.network",
                         "memorydb.security_group", "memorydb.maxmemory_policy"}) {
    EXPECT_EQ(Check(with, id), CheckStatus::kPass) << id;
    EXPECT_EQ(Check(CloudFixture("public_cloud.json"), id), CheckStatus::kSkip) << id;
  }
}

TEST(MemoryDbChecksTest, EachMisconfigurationFailsItsCheck) {
  auto document = WithMemoryDb();
  auto& cluster = document["memorydb_clusters"]["output"]["Clusters"][0];
  cluster["Status"] = "creating";
  cluster["TLSEnabled"] = false;
  cluster["Shards"][0]["NumberOfNodes"] = 1;
  cluster["SecurityGroups"][0]["SecurityGroupId"] = "sg-0unknown";
  document["memorydb_subnet_groups"]["output"]["SubnetGroups"][0]["Subnets"].push_back(
      {{"Identifier", "subnet-0elsewhere"}});
  Findings findings = RunChecks(testing::ToSnapshot(document));
  for (const char* id : {"memorydb.exists", "memorydb.tls", "memorydb.replicas", "memorydb.network",
                         "memorydb.security_group"}) {
    EXPECT_EQ(testing::StatusOf(findings, id), CheckStatus::kFail) << id;
  }
  auto other_vpc = WithMemoryDb();
  other_vpc["memorydb_subnet_groups"]["output"]["SubnetGroups"][0]["VpcId"] = "vpc-0other";
  EXPECT_EQ(Check(other_vpc, "memorydb.network"), CheckStatus::kFail);
}

TEST(MemoryDbChecksTest, MaxmemoryPolicyWarnsAndOnlyACustomGroupGetsAFix) {
  auto document = WithMemoryDb();
  document["memorydb_parameters"]["output"]["Parameters"][0]["Value"] = "noeviction";
  Finding finding = RunFinding(document, "memorydb.maxmemory_policy");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  ASSERT_EQ(finding.fixes.size(), 1u);
  EXPECT_EQ(finding.fixes[0].operation, "UpdateParameterGroup");
  document["memorydb_clusters"]["output"]["Clusters"][0]["ParameterGroupName"] =
      "default.memorydb-redis7";
  EXPECT_TRUE(RunFinding(document, "memorydb.maxmemory_policy").fixes.empty());
  document["memorydb_parameters"] = testing::AwsErrorResult("");
  EXPECT_EQ(Check(document, "memorydb.maxmemory_policy"), CheckStatus::kSkip);
}

TEST(MemoryDbChecksTest, MissingClusterFailsOnce) {
  auto document = WithMemoryDb();
  document["memorydb_clusters"] = testing::AwsErrorResult("ClusterNotFoundFault");
  Findings findings = RunChecks(testing::ToSnapshot(document));
  EXPECT_EQ(testing::StatusOf(findings, "memorydb.exists"), CheckStatus::kFail);
  EXPECT_EQ(testing::StatusOf(findings, "memorydb.tls"), CheckStatus::kSkip);
}

}  // namespace
}  // namespace raycloud::verify
