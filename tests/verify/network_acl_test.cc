#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/checks/network_acl_eval.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

json Entry(int number, const std::string& protocol, const std::string& action, bool egress,
           const std::string& cidr, int from = -1, int to = -1) {
  json entry = {{"RuleNumber", number},
                {"Protocol", protocol},
                {"RuleAction", action},
                {"Egress", egress},
                {"CidrBlock", cidr}};
  if (from >= 0) entry["PortRange"] = {{"From", from}, {"To", to}};
  return entry;
}

json Acl(json entries) {
  entries.push_back(Entry(32767, "-1", "deny", false, "0.0.0.0/0"));
  entries.push_back(Entry(32767, "-1", "deny", true, "0.0.0.0/0"));
  return {{"NetworkAclId", "acl-x"}, {"Entries", entries}};
}

AclFlow Flow(bool egress, const std::string& cidr, bool all, int lo = 0, int hi = 65535) {
  return *MakeAclFlow(egress, cidr, all, lo, hi);
}

TEST(AclEvalTest, FirstMatchingRuleInNumberOrderDecides) {
  // Entries out of order on purpose: 50 (deny) comes before 100 (allow).
  json acl = Acl({Entry(100, "-1", "allow", false, "0.0.0.0/0"),
                  Entry(50, "6", "deny", false, "0.0.0.0/0", 443, 443)});
  AclVerdict verdict = EvaluateAcl(acl, Flow(false, "0.0.0.0/0", false, 443, 443));
  EXPECT_FALSE(verdict.allowed);
  EXPECT_EQ(verdict.deny_rule, 50);
  EXPECT_TRUE(EvaluateAcl(acl, Flow(false, "0.0.0.0/0", false, 80, 80)).allowed);
  // The other direction has only the implicit deny.
  verdict = EvaluateAcl(acl, Flow(true, "0.0.0.0/0", false, 443, 443));
  EXPECT_FALSE(verdict.allowed);
  EXPECT_EQ(verdict.deny_rule, 32767);
}

TEST(AclEvalTest, AFlowAllowedInPiecesIsAllowed) {
  json acl = Acl({Entry(10, "-1", "allow", false, "0.0.0.0/1"),
                  Entry(20, "-1", "allow", false, "128.0.0.0/1")});
  EXPECT_TRUE(EvaluateAcl(acl, Flow(false, "0.0.0.0/0", true)).allowed);
  json ports = Acl({Entry(10, "6", "allow", false, "0.0.0.0/0", 1024, 40000),
                    Entry(20, "6", "allow", false, "0.0.0.0/0", 40001, 65535)});
  EXPECT_TRUE(EvaluateAcl(ports, Flow(false, "0.0.0.0/0", false, 1024, 65535)).allowed);
  EXPECT_FALSE(EvaluateAcl(ports, Flow(false, "0.0.0.0/0", false, 1000, 65535)).allowed);
}

TEST(AclEvalTest, ADenyShadowingPartOfTheFlowDenies) {
  json acl = Acl({Entry(90, "-1", "deny", false, "10.0.5.0/24"),
                  Entry(100, "-1", "allow", false, "0.0.0.0/0")});
  AclVerdict verdict = EvaluateAcl(acl, Flow(false, "10.0.0.0/16", true));
  EXPECT_FALSE(verdict.allowed);
  EXPECT_EQ(verdict.deny_rule, 90);
  // A deny after the flow is fully allowed never applies.
  json late = Acl({Entry(100, "-1", "allow", false, "0.0.0.0/0"),
                   Entry(200, "-1", "deny", false, "10.0.5.0/24")});
  EXPECT_TRUE(EvaluateAcl(late, Flow(false, "10.0.0.0/16", true)).allowed);
}

TEST(AclEvalTest, ATcpRuleDoesNotCoverAllTraffic) {
  json acl = Acl({Entry(100, "6", "allow", false, "0.0.0.0/0", 0, 65535)});
  EXPECT_FALSE(EvaluateAcl(acl, Flow(false, "10.0.0.0/16", true)).allowed);
  EXPECT_TRUE(EvaluateAcl(acl, Flow(false, "10.0.0.0/16", false, 443, 443)).allowed);
  // IPv6 entries never match IPv4 traffic.
  json v6 = Acl({{{"RuleNumber", 1},
                  {"Protocol", "-1"},
                  {"RuleAction", "allow"},
                  {"Egress", false},
                  {"Ipv6CidrBlock", "::/0"}}});
  EXPECT_FALSE(EvaluateAcl(v6, Flow(false, "0.0.0.0/0", true)).allowed);
}

TEST(AclEvalTest, FreeRuleNumberIsBelowTheDenyingRule) {
  json acl = Acl(
      {Entry(50, "-1", "deny", false, "0.0.0.0/0"), Entry(49, "-1", "allow", false, "10.0.0.0/8")});
  EXPECT_EQ(FreeRuleNumber(acl, false, 50), 48);
  EXPECT_EQ(FreeRuleNumber(acl, false, 50, {48}), 47);
  EXPECT_EQ(FreeRuleNumber(acl, true, 50), 49);
  // Behind the final * rule: the next multiple of 10 after the last numbered entry.
  EXPECT_EQ(FreeRuleNumber(acl, false, kDefaultRuleNumber), 50 + 10);
  EXPECT_EQ(FreeRuleNumber(Acl({Entry(1, "-1", "deny", false, "0.0.0.0/0")}), false, 1),
            std::nullopt);
}

json& FixtureAcl(json& document) { return document["network_acls"]["output"]["NetworkAcls"][0]; }

TEST(NetworkAclCheckTest, InboundHttpsDeniedBeforeTheAllowFails) {
  auto document = CloudFixture("public_cloud.json");
  FixtureAcl(document)["Entries"].push_back(Entry(50, "6", "deny", false, "0.0.0.0/0", 443, 443));
  Finding finding = RunFinding(document, "network_acls.allow_cluster_traffic", "subnet-0a");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("inbound TCP 443 from 0.0.0.0/0 is denied by rule 50"),
            std::string::npos);
  // The deny also cuts TCP 443 out of the traffic within the VPC.
  EXPECT_NE(finding.message.find("inbound all traffic from 10.0.0.0/16 (within the VPC) is "
                                 "denied by rule 50"),
            std::string::npos);
  // One new entry per denied flow, each under its own free number below the deny.
  EXPECT_EQ(finding.remediation,
            "aws ec2 create-network-acl-entry --network-acl-id acl-0f1 --ingress --rule-number 49 "
            "--protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action "
            "allow --region us-west-2 && aws ec2 create-network-acl-entry --network-acl-id "
            "acl-0f1 --ingress --rule-number 48 --protocol -1 --cidr-block 10.0.0.0/16 "
            "--rule-action allow --region us-west-2");
  EXPECT_EQ(finding.message.find("outbound"), std::string::npos);
}

TEST(NetworkAclCheckTest, StatelessReturnTrafficIsChecked) {
  auto document = CloudFixture("public_cloud.json");
  // Inbound allows only 443 and the VPC: replies to the nodes' outbound HTTPS are dropped.
  FixtureAcl(document)["Entries"] = Acl({Entry(100, "6", "allow", false, "0.0.0.0/0", 443, 443),
                                         Entry(110, "-1", "allow", false, "10.0.0.0/16"),
                                         Entry(100, "-1", "allow", true, "0.0.0.0/0")})["Entries"];
  Finding finding = RunFinding(document, "network_acls.allow_cluster_traffic", "subnet-0b");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("inbound TCP 1024-65535 from 0.0.0.0/0 (replies to outbound "
                                 "443) matches no allow rule"),
            std::string::npos);
  EXPECT_NE(finding.remediation.find("--ingress --rule-number 120 --protocol tcp --port-range "
                                     "From=1024,To=65535 --cidr-block 0.0.0.0/0"),
            std::string::npos);
  EXPECT_EQ(finding.message.find("inbound TCP 443"), std::string::npos);
}

TEST(NetworkAclCheckTest, NatSubnetsAreCheckedInPrivateMode) {
  auto document = CloudFixture("private_cloud.json");
  EXPECT_EQ(Check(document, "network_acls.allow_cluster_traffic", "subnet-0na"),
            CheckStatus::kPass);
  json custom = Acl({Entry(100, "-1", "allow", false, "0.0.0.0/0"),
                     Entry(100, "-1", "allow", true, "10.0.0.0/16")});
  custom["NetworkAclId"] = "acl-0nat";
  custom["VpcId"] = "vpc-0a1";
  custom["Associations"] = json::array({{{"SubnetId", "subnet-0nb"}}});
  // A subnet has exactly one ACL: move subnet-0nb off the default one.
  FixtureAcl(document)["Associations"].erase(3);
  document["network_acls"]["output"]["NetworkAcls"].push_back(custom);
  Finding finding = RunFinding(document, "network_acls.allow_cluster_traffic", "subnet-0nb");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.message.find("acl-0nat"), std::string::npos);
  EXPECT_NE(finding.message.find("outbound TCP 443 to 0.0.0.0/0"), std::string::npos);
  EXPECT_EQ(Check(document, "network_acls.allow_cluster_traffic", "subnet-0na"),
            CheckStatus::kPass);
}

}  // namespace
}  // namespace raycloud::verify
