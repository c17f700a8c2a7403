#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

TEST(QuotaChecksTest, StandardBelow64AndGpuZeroWarnUnreadableSkips) {
  auto document = testing::PublicCloud();
  auto& quotas = document["service_quotas"];
  quotas["ec2/L-1216C47A"]["output"]["Quota"]["Value"] = 32.0;
  quotas["ec2/L-417A185B"]["output"]["Quota"]["Value"] = 0.0;
  quotas["ec2/L-7212CCBC"] = {{"error", {{"code", ""}, {"message", "HTTP 500"}}}};
  Findings findings = RunChecks(testing::ToSnapshot(document));
  EXPECT_EQ(testing::StatusOf(findings, "quotas.ec2_vcpu", "L-1216C47A"), CheckStatus::kWarn);
  EXPECT_EQ(testing::StatusOf(findings, "quotas.ec2_vcpu", "L-34B43A08"), CheckStatus::kPass);
  Finding gpu = *testing::Find(findings, "quotas.ec2_vcpu", "L-417A185B");
  EXPECT_EQ(gpu.status, CheckStatus::kWarn);
  EXPECT_NE(gpu.message.find("GPU clusters"), std::string::npos);
  EXPECT_EQ(testing::StatusOf(findings, "quotas.ec2_vcpu", "L-7212CCBC"), CheckStatus::kSkip);
  Finding standard = *testing::Find(findings, "quotas.ec2_vcpu", "L-1216C47A");
  EXPECT_EQ(standard.remediation,
            "aws service-quotas request-service-quota-increase --service-code ec2 --quota-code "
            "L-1216C47A --desired-value 64 --region us-west-2");
}

TEST(QuotaChecksTest, VpcQuotaOnlyBeforeSetup) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "quotas.vpc"), CheckStatus::kSkip);
  document["target"]["check_vpc_quota"] = true;
  document["service_quotas"]["vpc/L-F678F1CE"] = {{"output", {{"Quota", {{"Value", 5.0}}}}}};
  document["service_quotas"]["vpc/L-A4707A72"] = {{"output", {{"Quota", {{"Value", 5.0}}}}}};
  document["region_vpcs"] = {{"output", {{"Vpcs", json::array({{}, {}, {}, {}})}}}};
  document["region_internet_gateways"] = {
      {"output", {{"InternetGateways", json::array({{}, {}, {}, {}, {}})}}}};
  Findings findings = RunChecks(testing::ToSnapshot(document));
  EXPECT_EQ(testing::StatusOf(findings, "quotas.vpc", "L-F678F1CE"), CheckStatus::kWarn);
  EXPECT_EQ(testing::StatusOf(findings, "quotas.vpc", "L-A4707A72"), CheckStatus::kFail);
}

TEST(CloudTrailCheckTest, NeedsATrailLoggingThisRegion) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "audit.cloudtrail"), CheckStatus::kPass);
  auto& trail = document["trails"]["output"]["trailList"][0];
  trail["IsMultiRegionTrail"] = false;  // home region us-east-1 only
  EXPECT_EQ(Check(document, "audit.cloudtrail"), CheckStatus::kWarn);
  trail["IsMultiRegionTrail"] = true;
  document["trail_status"]["arn:aws:cloudtrail:us-east-1:123456789012:trail/org-trail"]["output"]
          ["IsLogging"] = false;
  Finding finding = RunFinding(document, "audit.cloudtrail");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_EQ(finding.resource, std::nullopt);
  document["trails"] = {{"error", {{"code", "AccessDeniedException"}, {"message", "no"}}}};
  EXPECT_EQ(Check(document, "audit.cloudtrail"), CheckStatus::kSkip);
}

}  // namespace
}  // namespace raycloud::verify
