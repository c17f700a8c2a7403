#include "verify/registry.h"

#include <gtest/gtest.h>

#include <set>

#include "fixture.h"

namespace raycloud::verify {
namespace {

using testing::CloudFixture;
using testing::ToSnapshot;

TEST(RegistryTest, ListsEveryCheckOfTheSpecOnce) {
  auto ids = AllCheckIds();
  std::set<std::string_view> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  EXPECT_EQ(ids.size(), 52u);
  EXPECT_EQ(ids.front(), "vpc.exists");
  EXPECT_EQ(ids.back(), "audit.cloudtrail");
  EXPECT_EQ(AreaOf("network_acls.allow_cluster_traffic"), "Network");
  EXPECT_EQ(AreaOf("iam.control_plane_role.assume"), "Identity");
  EXPECT_EQ(AreaOf("memorydb.tls"), "Storage");
  EXPECT_EQ(AreaOf("quotas.ec2_vcpu"), "Account");
}

TEST(RegistryTest, EveryCheckReportsOnlyItsOwnIdsAndAtLeastOnce) {
  CloudSnapshot snapshot = ToSnapshot(CloudFixture("public_cloud.json"));
  for (const auto& entry : Registry()) {
    Findings findings = entry.run(snapshot);
    std::set<std::string_view> seen;
    for (const auto& finding : findings) {
      EXPECT_NE(std::find(entry.ids.begin(), entry.ids.end(), finding.id), entry.ids.end())
          << finding.id << " reported by the check of " << entry.ids.front();
      seen.insert(finding.id);
    }
    EXPECT_EQ(seen.size(), entry.ids.size()) << "a check of " << entry.ids.front() << " is silent";
  }
}

// verify-checks.md: a cloud fresh from setup with default options has no fail, and its only
// warning is the open 443 (the fixture's account has a logging trail).
TEST(RegistryTest, FreshPublicCloudHasNoFailAndOnlyTheHttpsWarning) {
  Findings findings = RunChecks(ToSnapshot(CloudFixture("public_cloud.json")));
  for (const auto& finding : findings) {
    EXPECT_NE(finding.status, CheckStatus::kFail)
        << finding.id << " " << finding.resource.value_or("") << ": " << finding.message;
    if (finding.status == CheckStatus::kWarn) {
      EXPECT_EQ(finding.id, "security_groups.https_ingress") << finding.message;
    }
    if (finding.status == CheckStatus::kSkip) {
      // Only what the default options leave unconfigured, and the setup-only quota.
      bool expected = finding.id.starts_with("efs.") || finding.id.starts_with("memorydb.") ||
                      finding.id == "s3.bucket.cors" || finding.id == "quotas.vpc";
      EXPECT_TRUE(expected) << finding.id << " skipped: " << finding.message;
    }
  }
}

TEST(RegistryTest, FreshPrivateCloudHasNoFailAndOnlyTheHttpsWarning) {
  Findings findings = RunChecks(ToSnapshot(CloudFixture("private_cloud.json")));
  int acl_entries = 0;
  for (const auto& finding : findings) {
    EXPECT_NE(finding.status, CheckStatus::kFail)
        << finding.id << " " << finding.resource.value_or("") << ": " << finding.message;
    if (finding.status == CheckStatus::kWarn) {
      EXPECT_EQ(finding.id, "security_groups.https_ingress") << finding.message;
    }
    if (finding.id == "network_acls.allow_cluster_traffic") ++acl_entries;
  }
  // Two cluster subnets and the two NAT subnets they route through.
  EXPECT_EQ(acl_entries, 4);
}

TEST(RegistryTest, AMissingVpcIsReportedOnceAndItsDependantsSkip) {
  auto document = CloudFixture("public_cloud.json");
  document["vpcs"]["output"]["Vpcs"] = nlohmann::json::array();
  Findings findings = RunChecks(ToSnapshot(document));
  int failures = 0;
  for (const auto& finding : findings) {
    if (finding.status == CheckStatus::kFail) {
      ++failures;
      EXPECT_EQ(finding.id, "vpc.exists");
    }
  }
  EXPECT_EQ(failures, 1);
  for (const char* id :
       {"vpc.cidr_size", "vpc.dns_support", "vpc.dns_hostnames", "vpc.s3_endpoint"}) {
    EXPECT_EQ(testing::StatusOf(findings, id), CheckStatus::kSkip) << id;
  }
}

}  // namespace
}  // namespace raycloud::verify
