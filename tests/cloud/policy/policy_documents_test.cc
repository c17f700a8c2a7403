#include "cloud/policy/policy_documents.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "sample_policy_params.h"

namespace raycloud::cloud {
namespace {

using nlohmann::json;

using testing::SamplePolicyParams;

TEST(RequiredActionsTest, RowsAreWellFormed) {
  static const std::regex kAction(R"([a-z0-9-]+:[A-Z][A-Za-z0-9]+)");
  ASSERT_GT(RequiredActions().size(), 50u);
  std::set<std::string> rows;
  for (const auto& row : RequiredActions()) {
    EXPECT_TRUE(std::regex_match(row.action, kAction)) << row.action;
    EXPECT_TRUE(row.resource == "*" || row.resource.starts_with("arn:${Partition}:") ||
                row.resource == "${InstanceRoleArn}")
        << row.action << " " << row.resource;
    EXPECT_FALSE(row.purpose.empty()) << row.action;
    // The same action on the same resource appears once with one context.
    std::string context;
    for (const auto& [key, value] : row.context) context += key + "=" + value + ";";
    EXPECT_TRUE(rows.insert(row.action + " " + row.resource + " " + context).second)
        << row.action << " " << row.resource;
  }
}

TEST(RequiredActionsTest, MutatingEc2ActionsAreScopedByTheCloudTag) {
  // Resources a cloud creates carry its tag; only RunInstances' inputs (AMI, subnet,
  // security group, key pair, launch template, placement group) cannot.
  static const std::set<std::string> kTaggableTypes = {
      "instance",   "volume",         "network-interface", "spot-instances-request",
      "elastic-ip", "placement-group"};
  int scoped = 0;
  for (const auto& row : RequiredActions()) {
    if (!row.action.starts_with("ec2:") || row.action.starts_with("ec2:Describe")) continue;
    EXPECT_NE(row.resource, "*") << row.action;
    auto colon = row.resource.rfind(':');
    std::string type = row.resource.substr(colon + 1, row.resource.find('/') - colon - 1);
    if (!kTaggableTypes.contains(type)) {
      EXPECT_EQ(row.action, "ec2:RunInstances") << row.resource;
      continue;
    }
    bool tagged = false;
    for (const auto& [key, value] : row.context) {
      if ((key == "aws:RequestTag/raycloud-cloud-id" ||
           key == "aws:ResourceTag/raycloud-cloud-id") &&
          value == "${CloudId}") {
        tagged = true;
      }
    }
    EXPECT_TRUE(tagged) << row.action << " on " << row.resource;
    ++scoped;
  }
  EXPECT_GT(scoped, 20);
}

TEST(RequiredActionsTest, CoversTheSpecifiedActions) {
  std::set<std::string> actions;
  for (const auto& row : RequiredActions()) actions.insert(row.action);
  for (const char* action :
       {"ec2:RunInstances", "ec2:TerminateInstances", "ec2:CreateTags", "ec2:CreateVolume",
        "ec2:AllocateAddress", "ec2:CreatePlacementGroup", "ec2:DescribeInstances",
        "ec2:CancelSpotInstanceRequests", "iam:PassRole", "iam:GetInstanceProfile",
        "iam:CreateServiceLinkedRole", "elasticfilesystem:DescribeMountTargets",
        "memorydb:DescribeClusters", "elasticloadbalancing:CreateLoadBalancer",
        "acm:RequestCertificate", "cloudformation:CreateStack"}) {
    EXPECT_TRUE(actions.contains(action)) << action;
  }
  for (const auto& row : RequiredActions()) {
    const bool services = row.action.starts_with("elasticloadbalancing:") ||
                          row.action.starts_with("acm:") ||
                          row.action.starts_with("cloudformation:");
    EXPECT_EQ(row.group == ActionGroup::kServices, services) << row.action;
  }
}

TEST(PolicyDocumentsTest, PlaceholdersExpand) {
  auto params = SamplePolicyParams();
  EXPECT_EQ(ExpandPlaceholders("arn:${Partition}:ec2:${Region}:${Account}:instance/*", params),
            "arn:aws:ec2:us-west-2:123456789012:instance/*");
  EXPECT_EQ(ExpandPlaceholders("${InstanceProfileName}", params), "demo-instance");
  EXPECT_EQ(ExpandPlaceholders("${Unknown}", params), "${Unknown}");
  for (const auto& row : ExpandedRequiredActions(params)) {
    EXPECT_EQ(row.resource.find("${"), std::string::npos) << row.resource;
    for (const auto& [key, value] : row.context) {
      EXPECT_EQ(value.find("${"), std::string::npos) << key;
    }
  }
  params.partition = "aws-cn";
  params.region = "cn-north-1";
  EXPECT_EQ(ExpandPlaceholders("arn:${Partition}:ec2:${Region}::image/*", params),
            "arn:aws-cn:ec2:cn-north-1::image/*");
}

TEST(PolicyDocumentsTest, ControlPlaneTrustRequiresTheExternalId) {
  json trust = ControlPlaneTrustPolicy(SamplePolicyParams());
  ASSERT_EQ(trust["Statement"].size(), 1u);
  const json& statement = trust["Statement"][0];
  EXPECT_EQ(statement["Effect"], "Allow");
  EXPECT_EQ(statement["Action"], "sts:AssumeRole");
  EXPECT_EQ(statement["Principal"]["AWS"], "arn:aws:iam::123456789012:role/operator");
  EXPECT_EQ(statement["Condition"]["StringEquals"]["sts:ExternalId"],
            SamplePolicyParams().external_id);
  auto params = SamplePolicyParams();
  params.control_plane_principal = "111122223333";
  EXPECT_EQ(ControlPlaneTrustPolicy(params)["Statement"][0]["Principal"]["AWS"],
            "arn:aws:iam::111122223333:root");
}

TEST(PolicyDocumentsTest, ControlPlanePolicyGrantsEveryRowExactly) {
  json policy = ControlPlanePolicy(SamplePolicyParams());
  std::set<std::string> sids;
  std::set<std::string> granted;  // action|resource|condition
  for (const auto& statement : policy["Statement"]) {
    EXPECT_TRUE(sids.insert(statement["Sid"].get<std::string>()).second);
    EXPECT_EQ(statement["Effect"], "Allow");
    json actions =
        statement["Action"].is_array() ? statement["Action"] : json::array({statement["Action"]});
    json resources = statement["Resource"].is_array() ? statement["Resource"]
                                                      : json::array({statement["Resource"]});
    std::string condition = statement.contains("Condition") ? statement["Condition"].dump() : "";
    for (const auto& action : actions) {
      for (const auto& resource : resources) {
        granted.insert(action.get<std::string>() + "|" + resource.get<std::string>() + "|" +
                       condition);
      }
    }
  }
  // Every row is granted under exactly its context. A pair that is not a row is one no row
  // names under any context (an action on a resource type it does not act on, which IAM
  // never evaluates), never on "*".
  std::set<std::string> rows;
  std::set<std::pair<std::string, std::string>> table_pairs;
  for (const auto& row : ExpandedRequiredActions(SamplePolicyParams())) {
    std::string condition;
    if (!row.context.empty()) {
      json equals = json::object();
      for (const auto& [key, value] : row.context) equals[key] = value;
      condition = json{{"StringEquals", equals}}.dump();
    }
    rows.insert(row.action + "|" + row.resource + "|" + condition);
    table_pairs.insert({row.action, row.resource});
  }
  for (const auto& row : rows) EXPECT_TRUE(granted.contains(row)) << "not granted: " << row;
  int extra = 0;
  for (const auto& grant : granted) {
    if (rows.contains(grant)) continue;
    ++extra;
    auto first = grant.find('|');
    auto second = grant.find('|', first + 1);
    std::string action = grant.substr(0, first);
    std::string resource = grant.substr(first + 1, second - first - 1);
    EXPECT_NE(resource, "*") << grant;
    EXPECT_FALSE(table_pairs.contains({action, resource})) << "scoped differently: " << grant;
  }
  EXPECT_LT(extra, 200);
  EXPECT_EQ(policy.dump().find("\"Resource\":\"*\",\"Action\":\"*\""), std::string::npos);
}

TEST(PolicyDocumentsTest, PoliciesStayUnderIamAndS3SizeLimits) {
  auto params = SamplePolicyParams();
  // The longest inputs the validators let through.
  params.control_plane_principal = "arn:aws-us-gov:iam::123456789012:role/" + std::string(64, 'p');
  params.bucket_name = std::string(63, 'b');
  params.cloud_id = "cld_" + std::string(24, 'z');
  params.partition = "aws-us-gov";
  params.region = "us-gov-west-1";
  params.instance_role_arn = "arn:aws-us-gov:iam::123456789012:role/" + std::string(64, 'i');
  params.control_plane_role_arn = "arn:aws-us-gov:iam::123456789012:role/" + std::string(64, 'c');
  params.enable_ecr_access = true;
  params.kms_key_id =
      "arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/"
      "1234abcd-12ab-34cd-56ef-1234567890ab";
  size_t control_plane = PolicySize(ControlPlanePolicy(params));
  EXPECT_LE(control_plane, kMaxRoleInlinePolicyChars) << control_plane;
  EXPECT_LE(PolicySize(InstancePolicy(params)), kMaxRoleInlinePolicyChars);
  EXPECT_LE(PolicySize(ControlPlaneTrustPolicy(params)), 2048u);  // the default trust quota
  EXPECT_LE(PolicySize(InstanceTrustPolicy(params)), 2048u);
  EXPECT_LE(PolicySize(BucketPolicy(params)), kMaxBucketPolicyBytes);
  // Whitespace does not count.
  EXPECT_EQ(PolicySize(json::parse(ControlPlanePolicy(params).dump(2))), control_plane);
}

TEST(PolicyDocumentsTest, InstancePolicyOptions) {
  auto params = SamplePolicyParams();
  std::string plain = InstancePolicy(params).dump();
  EXPECT_EQ(plain.find("ecr:"), std::string::npos);
  EXPECT_EQ(plain.find("kms:"), std::string::npos);
  params.enable_ecr_access = true;
  params.kms_key_id = "1234abcd-12ab-34cd-56ef-1234567890ab";
  json policy = InstancePolicy(params);
  std::string text = policy.dump();
  EXPECT_NE(text.find("ecr:BatchGetImage"), std::string::npos);
  EXPECT_EQ(text.find("ecr:PutImage"), std::string::npos);  // read-only
  EXPECT_NE(
      text.find("arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
      std::string::npos);
  EXPECT_NE(text.find("s3.us-west-2.amazonaws.com"), std::string::npos);
}

TEST(PolicyDocumentsTest, CloudPoliciesJsonHasTheContractKeys) {
  json all = CloudPoliciesJson(SamplePolicyParams());
  std::set<std::string> keys;
  for (const auto& [key, value] : all.items()) {
    keys.insert(key);
    EXPECT_EQ(value["Version"], "2012-10-17") << key;
  }
  EXPECT_EQ(keys, (std::set<std::string>{"control_plane_trust", "control_plane_policy",
                                         "instance_trust", "instance_policy", "bucket_policy"}));
}

}  // namespace
}  // namespace raycloud::cloud
