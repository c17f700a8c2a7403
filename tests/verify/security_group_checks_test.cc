#include <gtest/gtest.h>

#include "fixture.h"
#include "verify/registry.h"

namespace raycloud::verify {
namespace {

using nlohmann::json;
using testing::Check;
using testing::CloudFixture;
using testing::RunFinding;

json& Group(json& document) { return document["security_groups"]["output"]["SecurityGroups"][0]; }

json Tcp(int from, int to, const std::string& cidr) {
  return {{"IpProtocol", "tcp"},
          {"FromPort", from},
          {"ToPort", to},
          {"IpRanges", json::array({{{"CidrIp", cidr}}})}};
}

TEST(SecurityGroupChecksTest, HttpsOpenToTheWorldWarnsAndNamesTheSource) {
  Finding finding = RunFinding(testing::PublicCloud(), "security_groups.https_ingress");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_EQ(finding.resource, "sg-0c1");
  EXPECT_NE(finding.message.find("0.0.0.0/0 (sg-0c1, tcp 443)"), std::string::npos);
}

TEST(SecurityGroupChecksTest, HttpsFromGivenRangesPassesAndNoneFails) {
  auto document = testing::PublicCloud();
  Group(document)["IpPermissions"][0] = Tcp(443, 443, "203.0.113.0/24");
  EXPECT_EQ(Check(document, "security_groups.https_ingress"), CheckStatus::kPass);
  Group(document)["IpPermissions"].erase(0);
  document["target"]["ingress_cidrs"] = {"203.0.113.0/24", "198.51.100.0/24"};
  Finding finding = RunFinding(document, "security_groups.https_ingress");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_EQ(finding.remediation,
            "aws ec2 authorize-security-group-ingress --group-id sg-0c1 --protocol tcp --port 443 "
            "--cidr 203.0.113.0/24 --region us-west-2 && aws ec2 "
            "authorize-security-group-ingress --group-id sg-0c1 --protocol tcp --port 443 --cidr "
            "198.51.100.0/24 --region us-west-2");
}

TEST(SecurityGroupChecksTest, IntraClusterIngressAcceptsAnotherGroupOfTheCloud) {
  auto document = testing::PublicCloud();
  Group(document)["IpPermissions"].erase(1);
  EXPECT_EQ(Check(document, "security_groups.intra_cluster_ingress"), CheckStatus::kFail);
  json second = Group(document);
  second["GroupId"] = "sg-0c2";
  second["IpPermissions"] = json::array(
      {{{"IpProtocol", "-1"}, {"UserIdGroupPairs", json::array({{{"GroupId", "sg-0c1"}}})}}});
  document["security_groups"]["output"]["SecurityGroups"].push_back(second);
  document["target"]["security_group_ids"].push_back("sg-0c2");
  EXPECT_EQ(Check(document, "security_groups.intra_cluster_ingress"), CheckStatus::kPass);
  // A TCP-only rule from the group is not all traffic.
  auto tcp_only = testing::PublicCloud();
  Group(tcp_only)["IpPermissions"][1]["IpProtocol"] = "tcp";
  Group(tcp_only)["IpPermissions"][1]["FromPort"] = 0;
  Group(tcp_only)["IpPermissions"][1]["ToPort"] = 65535;
  EXPECT_EQ(Check(tcp_only, "security_groups.intra_cluster_ingress"), CheckStatus::kFail);
}

TEST(SecurityGroupChecksTest, EgressOnlyOnHttpsPassesInternetButFailsIntraCluster) {
  auto document = testing::PublicCloud();
  Group(document)["IpPermissionsEgress"] = json::array({Tcp(443, 443, "0.0.0.0/0")});
  EXPECT_EQ(Check(document, "security_groups.internet_egress"), CheckStatus::kPass);
  Finding finding = RunFinding(document, "security_groups.intra_cluster_egress");
  EXPECT_EQ(finding.status, CheckStatus::kFail);
  EXPECT_NE(finding.remediation.find("authorize-security-group-egress --group-id sg-0c1"),
            std::string::npos);
  Group(document)["IpPermissionsEgress"] = json::array({Tcp(443, 443, "10.0.0.0/8")});
  EXPECT_EQ(Check(document, "security_groups.internet_egress"), CheckStatus::kFail);
}

TEST(SecurityGroupChecksTest, PortsOtherThan443OpenToTheWorldWarn) {
  auto document = testing::PublicCloud();
  EXPECT_EQ(Check(document, "security_groups.exposed_ports"), CheckStatus::kPass);
  Group(document)["IpPermissions"].push_back(Tcp(22, 22, "0.0.0.0/0"));
  json v6 = {{"IpProtocol", "tcp"},
             {"FromPort", 8265},
             {"ToPort", 8265},
             {"Ipv6Ranges", json::array({{{"CidrIpv6", "::/0"}}})}};
  Group(document)["IpPermissions"].push_back(v6);
  Group(document)["IpPermissions"].push_back(Tcp(22, 22, "10.0.0.0/8"));
  Finding finding = RunFinding(document, "security_groups.exposed_ports");
  EXPECT_EQ(finding.status, CheckStatus::kWarn);
  EXPECT_NE(finding.message.find("tcp 22 from 0.0.0.0/0 (sg-0c1)"), std::string::npos);
  EXPECT_NE(finding.message.find("tcp 8265 from ::/0 (sg-0c1)"), std::string::npos);
  EXPECT_EQ(finding.message.find("10.0.0.0/8"), std::string::npos);
  EXPECT_NE(finding.remediation.find(
                "aws ec2 revoke-security-group-ingress --group-id sg-0c1 --ip-permissions "
                "'[{\"FromPort\":22,\"IpProtocol\":\"tcp\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/"
                "0\"}],\"ToPort\":22}]'"),
            std::string::npos);
}

TEST(SecurityGroupChecksTest, MissingGroupFailsOnceAndRuleChecksSkip) {
  auto document = testing::PublicCloud();
  document["security_groups"]["output"]["SecurityGroups"] = json::array();
  Findings findings = RunChecks(testing::ToSnapshot(document));
  EXPECT_EQ(testing::StatusOf(findings, "security_groups.exists", "sg-0c1"), CheckStatus::kFail);
  for (const char* id : {"security_groups.https_ingress", "security_groups.intra_cluster_ingress",
                         "security_groups.intra_cluster_egress", "security_groups.internet_egress",
                         "security_groups.exposed_ports"}) {
    EXPECT_EQ(testing::StatusOf(findings, id), CheckStatus::kSkip) << id;
  }
}

}  // namespace
}  // namespace raycloud::verify
