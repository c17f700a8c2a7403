#include "cloud/policy/policy_documents.h"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

namespace raycloud::cloud {
namespace {

using nlohmann::json;

constexpr const char* kVersion = "2012-10-17";

// A single value stays a string, several become a list (the shape people write by hand).
json OneOrMany(const std::vector<std::string>& values) {
  if (values.size() == 1) return values.front();
  return values;
}

std::string BucketArn(const PolicyParams& params) {
  return "arn:" + params.partition + ":s3:::" + params.bucket_name;
}

std::string PrincipalArn(const PolicyParams& params) {
  static const std::regex kAccount(R"(\d{12})");
  if (std::regex_match(params.control_plane_principal, kAccount)) {
    return "arn:" + params.partition + ":iam::" + params.control_plane_principal + ":root";
  }
  return params.control_plane_principal;
}

std::string InstanceProfileName(const PolicyParams& params) {
  if (!params.instance_profile_name.empty()) return params.instance_profile_name;
  auto slash = params.instance_role_arn.rfind('/');
  return slash == std::string::npos ? params.instance_role_arn
                                    : params.instance_role_arn.substr(slash + 1);
}

std::string DnsSuffix(const PolicyParams& params) {
  return params.partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

// The KMS key as a resource ARN. An alias cannot name the key in an identity policy, so
// it grants the account's keys, only through S3 (kms:ViaService below).
std::string KmsKeyResource(const PolicyParams& params) {
  const std::string& key = params.kms_key_id;
  const std::string prefix =
      "arn:" + params.partition + ":kms:" + params.region + ":" + params.account_id + ":key/";
  if (key.starts_with("arn:") && key.find(":key/") != std::string::npos) return key;
  if (key.starts_with("arn:") || key.starts_with("alias/")) return prefix + "*";
  return prefix + key;
}

struct StatementKey {
  ActionGroup group;
  std::vector<std::pair<std::string, std::string>> context;
  auto operator<=>(const StatementKey&) const = default;
};

// Actions on resources, under one context.
struct Grant {
  std::vector<std::string> actions;
  std::vector<std::string> resources;
};

// Merging two statements grants every action on every resource of both. That is safe
// when each new (action, resource) pair is one no row of the table names under any
// context: an action on a resource type it does not act on (TerminateInstances on a
// volume), which IAM never evaluates. A pair the table scopes differently (CreateTags on a
// volume only at creation), or "*", keeps the statements apart. Fewer statements keep the
// role's inline policy under IAM's 10,240 characters.
std::vector<Grant> MergeGrants(std::vector<Grant> grants,
                               const std::set<std::pair<std::string, std::string>>& exact,
                               const std::set<std::pair<std::string, std::string>>& table_pairs) {
  auto safe = [&](const Grant& merged) {
    for (const auto& action : merged.actions) {
      for (const auto& resource : merged.resources) {
        if (exact.contains({action, resource})) continue;
        if (resource == "*" || table_pairs.contains({action, resource})) return false;
      }
    }
    return true;
  };
  std::vector<Grant> out;
  for (auto& grant : grants) {
    bool merged = false;
    for (auto& existing : out) {
      Grant candidate = existing;
      for (const auto& action : grant.actions) {
        if (std::find(candidate.actions.begin(), candidate.actions.end(), action) ==
            candidate.actions.end()) {
          candidate.actions.push_back(action);
        }
      }
      for (const auto& resource : grant.resources) {
        if (std::find(candidate.resources.begin(), candidate.resources.end(), resource) ==
            candidate.resources.end()) {
          candidate.resources.push_back(resource);
        }
      }
      if (safe(candidate)) {
        existing = std::move(candidate);
        merged = true;
        break;
      }
    }
    if (!merged) out.push_back(std::move(grant));
  }
  return out;
}

}  // namespace

std::string ExpandPlaceholders(std::string_view pattern, const PolicyParams& params) {
  const std::pair<std::string_view, std::string> replacements[] = {
      {"${Partition}", params.partition},
      {"${Account}", params.account_id},
      {"${Region}", params.region},
      {"${CloudId}", params.cloud_id},
      {"${InstanceRoleArn}", params.instance_role_arn},
      {"${InstanceProfileName}", InstanceProfileName(params)},
  };
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    bool replaced = false;
    if (pattern[i] == '$') {
      for (const auto& [placeholder, value] : replacements) {
        if (pattern.substr(i).starts_with(placeholder)) {
          out += value;
          i += placeholder.size();
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += pattern[i++];
  }
  return out;
}

std::vector<RequiredAction> ExpandedRequiredActions(const PolicyParams& params) {
  std::vector<RequiredAction> rows = RequiredActions();
  for (auto& row : rows) {
    row.resource = ExpandPlaceholders(row.resource, params);
    for (auto& [key, value] : row.context) value = ExpandPlaceholders(value, params);
  }
  return rows;
}

std::string ExampleResource(std::string_view resource_pattern) {
  std::string out;
  for (char c : resource_pattern) {
    if (c == '*') {
      out += "raycloud-example-0123456789";
    } else {
      out += c;
    }
  }
  return out;
}

json ControlPlaneTrustPolicy(const PolicyParams& params) {
  return {{"Version", kVersion},
          {"Statement",
           {{{"Sid", "ControlPlaneAssumeWithExternalId"},
             {"Effect", "Allow"},
             {"Principal", {{"AWS", PrincipalArn(params)}}},
             {"Action", "sts:AssumeRole"},
             {"Condition", {{"StringEquals", {{"sts:ExternalId", params.external_id}}}}}}}}};
}

json ControlPlanePolicy(const PolicyParams& params) {
  const std::vector<RequiredAction> rows = ExpandedRequiredActions(params);
  // Every (action, resource) pair of the table, whatever its context.
  std::set<std::pair<std::string, std::string>> table_pairs;
  for (const auto& row : rows) table_pairs.insert({row.action, row.resource});

  // Rows sharing group and context form statements: first the actions of each resource,
  // then the resources sharing the same actions (so far each statement grants exactly its
  // rows).
  std::vector<StatementKey> key_order;
  std::map<StatementKey, std::vector<std::pair<std::string, std::vector<std::string>>>> by_key;
  for (const auto& row : rows) {
    StatementKey key{row.group, row.context};
    auto [it, inserted] = by_key.try_emplace(key);
    if (inserted) key_order.push_back(key);
    auto& resources = it->second;
    auto found = std::find_if(resources.begin(), resources.end(),
                              [&](const auto& entry) { return entry.first == row.resource; });
    if (found == resources.end()) {
      resources.push_back({row.resource, {row.action}});
    } else if (std::find(found->second.begin(), found->second.end(), row.action) ==
               found->second.end()) {
      found->second.push_back(row.action);
    }
  }
  json statements = json::array();
  int core = 0;
  int services = 0;
  for (const auto& key : key_order) {
    std::vector<Grant> grants;
    std::set<std::pair<std::string, std::string>> exact;
    for (const auto& [resource, actions] : by_key[key]) {
      for (const auto& action : actions) exact.insert({action, resource});
      auto found = std::find_if(grants.begin(), grants.end(),
                                [&](const Grant& grant) { return grant.actions == actions; });
      if (found == grants.end()) {
        grants.push_back({actions, {resource}});
      } else {
        found->resources.push_back(resource);
      }
    }
    grants = MergeGrants(std::move(grants), exact, table_pairs);
    for (const auto& grant : grants) {
      const bool is_core = key.group == ActionGroup::kCore;
      json statement = {
          {"Sid", (is_core ? "Core" : "Services") + std::to_string(is_core ? ++core : ++services)},
          {"Effect", "Allow"},
          {"Action", OneOrMany(grant.actions)},
          {"Resource", OneOrMany(grant.resources)}};
      if (!key.context.empty()) {
        json equals = json::object();
        for (const auto& [context_key, value] : key.context) equals[context_key] = value;
        statement["Condition"] = {{"StringEquals", equals}};
      }
      statements.push_back(std::move(statement));
    }
  }
  return {{"Version", kVersion}, {"Statement", statements}};
}

json InstanceTrustPolicy(const PolicyParams&) {
  return {{"Version", kVersion},
          {"Statement",
           {{{"Sid", "Ec2AssumeRole"},
             {"Effect", "Allow"},
             {"Principal", {{"Service", "ec2.amazonaws.com"}}},
             {"Action", "sts:AssumeRole"}}}}};
}

const std::vector<std::string>& BucketLevelActions() {
  static const std::vector<std::string> actions = {"s3:ListBucket", "s3:GetBucketLocation",
                                                   "s3:ListBucketMultipartUploads"};
  return actions;
}

const std::vector<std::string>& ObjectLevelActions() {
  static const std::vector<std::string> actions = {"s3:GetObject", "s3:PutObject",
                                                   "s3:DeleteObject", "s3:ListMultipartUploadParts",
                                                   "s3:AbortMultipartUpload"};
  return actions;
}

json InstancePolicy(const PolicyParams& params) {
  const std::string bucket = BucketArn(params);
  json statements = json::array();
  statements.push_back({{"Sid", "CloudBucket"},
                        {"Effect", "Allow"},
                        {"Action", BucketLevelActions()},
                        {"Resource", bucket}});
  statements.push_back({{"Sid", "CloudBucketObjects"},
                        {"Effect", "Allow"},
                        {"Action", ObjectLevelActions()},
                        {"Resource", bucket + "/*"}});
  if (!params.kms_key_id.empty()) {
    statements.push_back(
        {{"Sid", "CloudBucketKmsKey"},
         {"Effect", "Allow"},
         {"Action", {"kms:Decrypt", "kms:GenerateDataKey"}},
         {"Resource", KmsKeyResource(params)},
         {"Condition",
          {{"StringEquals",
            {{"kms:ViaService", "s3." + params.region + "." + DnsSuffix(params)}}}}}});
  }
  if (params.enable_ecr_access) {
    // The actions of the AWS managed policy AmazonEC2ContainerRegistryReadOnly.
    statements.push_back(
        {{"Sid", "EcrReadOnly"},
         {"Effect", "Allow"},
         {"Action",
          {"ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
           "ecr:GetDownloadUrlForLayer", "ecr:GetRepositoryPolicy", "ecr:DescribeRepositories",
           "ecr:ListImages", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetLifecyclePolicy",
           "ecr:GetLifecyclePolicyPreview", "ecr:ListTagsForResource",
           "ecr:DescribeImageScanFindings"}},
         {"Resource", "*"}});
  }
  return {{"Version", kVersion}, {"Statement", statements}};
}

json BucketPolicy(const PolicyParams& params) {
  const std::string bucket = BucketArn(params);
  const json roles = {params.control_plane_role_arn, params.instance_role_arn};
  return {{"Version", kVersion},
          {"Statement",
           {{{"Sid", "CloudRolesBucket"},
             {"Effect", "Allow"},
             {"Principal", {{"AWS", roles}}},
             {"Action", BucketLevelActions()},
             {"Resource", bucket}},
            {{"Sid", "CloudRolesObjects"},
             {"Effect", "Allow"},
             {"Principal", {{"AWS", roles}}},
             {"Action", ObjectLevelActions()},
             {"Resource", bucket + "/*"}},
            {{"Sid", "DenyInsecureTransport"},
             {"Effect", "Deny"},
             {"Principal", "*"},
             {"Action", "s3:*"},
             {"Resource", {bucket, bucket + "/*"}},
             {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}}}}}};
}

json CloudPoliciesJson(const PolicyParams& params) {
  return {{"control_plane_trust", ControlPlaneTrustPolicy(params)},
          {"control_plane_policy", ControlPlanePolicy(params)},
          {"instance_trust", InstanceTrustPolicy(params)},
          {"instance_policy", InstancePolicy(params)},
          {"bucket_policy", BucketPolicy(params)}};
}

size_t PolicySize(const nlohmann::json& policy) { return policy.dump().size(); }

}  // namespace raycloud::cloud
