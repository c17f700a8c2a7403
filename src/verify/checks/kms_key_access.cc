#include "verify/checks/kms_key_access.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "iam/arn.h"
#include "verify/checks/check_util.h"

namespace raycloud::verify {
namespace {

// What S3 asks KMS for: a data key to encrypt a new object, and decryption to read one
// (AWS: "Using server-side encryption with AWS KMS keys", permissions).
constexpr const char* kS3KmsActions[] = {"kms:Decrypt", "kms:GenerateDataKey"};

// The default-encryption rule that applies SSE-KMS, or nullptr.
const json* KmsEncryptionRule(const CloudSnapshot& s) {
  if (!s.bucket_encryption.ok()) return nullptr;
  auto config = s.bucket_encryption.output.find("ServerSideEncryptionConfiguration");
  if (config == s.bucket_encryption.output.end() || !config->is_object()) return nullptr;
  for (const auto& rule : Items(*config, "Rules")) {
    auto by_default = rule.find("ApplyServerSideEncryptionByDefault");
    if (by_default != rule.end() && by_default->is_object() &&
        Text(*by_default, "SSEAlgorithm").starts_with("aws:kms")) {
      return &rule;
    }
  }
  return nullptr;
}

const json* KmsKeyMetadata(const CloudSnapshot& s) {
  if (!s.kms_key.ok()) return nullptr;
  auto meta = s.kms_key.output.find("KeyMetadata");
  return meta != s.kms_key.output.end() && meta->is_object() ? &*meta : nullptr;
}

std::string KmsKeyRegion(const std::string& key_arn, const CloudSnapshot& s) {
  auto arn = iam::SplitArn(key_arn);
  return arn && !arn->region.empty() ? std::string(arn->region) : s.target.region;
}

std::string KmsViaS3(const std::string& key_arn, const CloudSnapshot& s) {
  std::string suffix = PartitionOf(key_arn) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
  return fmt::format("s3.{}.{}", KmsKeyRegion(key_arn, s), suffix);
}

// The encryption context S3 passes: the bucket's ARN with an S3 Bucket Key, else the
// object's.
std::string KmsS3ContextArn(const CloudSnapshot& s, const std::string& key_arn, bool bucket_key) {
  std::string bucket = fmt::format("arn:{}:s3:::{}", PartitionOf(key_arn), s.target.bucket);
  if (bucket_key) return bucket;
  return fmt::format("{}/{}/{}/raycloud-verify-probe", bucket, s.target.org_id, s.target.cloud_id);
}

void AddOnce(std::vector<std::string>& list, std::string item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

std::string KmsWhy(const iam::Decision& decision) {
  if (decision.kind == iam::DecisionKind::kExplicitDeny) {
    return "denied by " + DecisiveStatements(decision);
  }
  switch (decision.step) {
    case iam::DecisiveStep::kResourcePolicyRequired:
    case iam::DecisiveStep::kCrossAccountResource:
      return "the key policy allows neither the role nor its account";
    case iam::DecisiveStep::kNoAllow:
    case iam::DecisiveStep::kCrossAccountIdentity:
      return "the key policy allows only the account, and no identity policy of the role "
             "allows it";
    case iam::DecisiveStep::kBoundary:
      return "the permissions boundary does not allow it";
    default:
      return "no statement allows it";
  }
}

// Key states in which KMS refuses cryptographic operations, with what brings the key back.
void CheckKeyState(const json& meta, const std::string& key_arn, const std::string& region,
                   KmsKeyAccess& out) {
  std::string state = Text(meta, "KeyState");
  if (state.empty() || state == "Enabled") return;
  out.denied.push_back(fmt::format("KMS key {} is {}", key_arn, state));
  std::string enable = fmt::format("aws kms enable-key --key-id {} --region {}", key_arn, region);
  if (state == "Disabled") {
    out.commands.push_back(enable);
  } else if (state == "PendingDeletion") {
    // A cancelled deletion leaves the key Disabled.
    out.commands.push_back(fmt::format("aws kms cancel-key-deletion --key-id {} --region {} && {}",
                                       key_arn, region, enable));
  } else if (state == "PendingImport") {
    out.steps.push_back(
        fmt::format("import the key material of {} (aws kms import-key-material)", key_arn));
  } else if (state == "Unavailable") {
    out.steps.push_back(fmt::format("reconnect the custom key store of {}", key_arn));
  } else {
    out.steps.push_back(fmt::format("wait until {} is Enabled", key_arn));
  }
}

// S3 encrypts objects only with symmetric encryption keys.
void CheckKeySpec(const json& meta, const std::string& key_arn, const CloudSnapshot& s,
                  KmsKeyAccess& out) {
  std::string spec = Text(meta, "KeySpec");
  if (spec.empty()) spec = Text(meta, "CustomerMasterKeySpec");
  std::string usage = Text(meta, "KeyUsage");
  if ((spec.empty() || spec == "SYMMETRIC_DEFAULT") &&
      (usage.empty() || usage == "ENCRYPT_DECRYPT")) {
    return;
  }
  out.denied.push_back(
      fmt::format("KMS key {} is {} {}: S3 encrypts only with symmetric "
                  "encryption keys",
                  key_arn, spec, usage));
  out.steps.push_back(
      fmt::format("point the default encryption of bucket {} at a symmetric encryption key "
                  "(aws s3api put-bucket-encryption)",
                  s.target.bucket));
}

// The key policy with the statements that deny removed and, when the policy allows neither
// the role nor its account, a statement letting the role use the key through S3.
json FixedKeyPolicy(json document, const std::set<size_t>& denies, bool add_grant,
                    const std::string& role_arn, const std::string& via) {
  json statements = document.value("Statement", json::array());
  if (!statements.is_array()) statements = json::array({statements});
  json kept = json::array();
  for (size_t i = 0; i < statements.size(); ++i) {
    if (!denies.contains(i + 1)) kept.push_back(statements[i]);
  }
  if (add_grant) {
    kept.push_back({{"Sid", "RaycloudInstanceRoleThroughS3"},
                    {"Effect", "Allow"},
                    {"Principal", {{"AWS", role_arn}}},
                    {"Action", {"kms:Decrypt", "kms:GenerateDataKey"}},
                    {"Resource", "*"},
                    {"Condition", {{"StringEquals", {{"kms:ViaService", via}}}}}});
  }
  document["Statement"] = std::move(kept);
  return document;
}

}  // namespace

bool IsAwsManagedS3Key(const std::string& key) {
  return key == "aws/s3" || key == "alias/aws/s3" || key.ends_with(":alias/aws/s3");
}

std::string BucketKmsKey(const CloudSnapshot& s) {
  const json* rule = KmsEncryptionRule(s);
  if (!rule) return "";
  std::string key = Text(rule->at("ApplyServerSideEncryptionByDefault"), "KMSMasterKeyID");
  return key.empty() ? "aws/s3" : key;
}

std::string BucketKmsKeyArn(const CloudSnapshot& s) {
  std::string key = BucketKmsKey(s);
  if (key.empty() || IsAwsManagedS3Key(key)) return "";
  if (const json* meta = KmsKeyMetadata(s)) {
    return Text(*meta, "KeyManager") == "AWS" ? "" : Text(*meta, "Arn");
  }
  return key.starts_with("arn:") && key.find(":key/") != std::string::npos ? key : "";
}

KmsKeyAccess EvaluateKmsKeyAccess(const CloudSnapshot& s, const CompiledRole& role,
                                  const std::string& role_arn, const std::string& principal) {
  KmsKeyAccess out;
  const json* rule = KmsEncryptionRule(s);
  std::string key = BucketKmsKey(s);
  // The AWS managed key's policy admits every principal of its account through S3.
  if (!rule || IsAwsManagedS3Key(key)) return out;
  const json* meta = KmsKeyMetadata(s);
  if (!meta && s.kms_key.failed() && s.kms_key.error_code == "NotFoundException") {
    out.denied.push_back(fmt::format("KMS key {} does not exist", key));
    out.steps.push_back(
        fmt::format("point the default encryption of bucket {} at an existing key (aws s3api "
                    "put-bucket-encryption)",
                    s.target.bucket));
    return out;
  }
  if (meta && Text(*meta, "KeyManager") == "AWS") {
    std::string arn = Text(*meta, "Arn");
    if (!arn.empty() && AccountOf(arn) != AccountOf(principal)) {
      out.denied.push_back(
          fmt::format("KMS key {} is an AWS managed key, which serves only its own account", arn));
      out.steps.push_back(
          fmt::format("encrypt bucket {} with a customer managed key whose policy allows {}",
                      s.target.bucket, role_arn));
    }
    return out;
  }
  std::string key_arn = BucketKmsKeyArn(s);
  std::string region = KmsKeyRegion(key_arn, s);
  if (meta) {
    CheckKeyState(*meta, key_arn, region, out);
    CheckKeySpec(*meta, key_arn, s, out);
  }
  if (key_arn.empty() || !s.kms_key_policy.ok()) {
    const CallResult& failed = s.kms_key.failed() ? s.kms_key : s.kms_key_policy;
    out.unknown.push_back(fmt::format("the policy of KMS key {} could not be read{}", key,
                                      failed.failed() ? ": " + failed.Describe() : ""));
    return out;
  }
  json document = DecodePolicyDocument(s.kms_key_policy.output.value("Policy", json()));
  auto key_policy =
      CompileDocument(document, "key policy of " + key_arn, iam::PolicyKind::kResource);
  if (!key_policy) {
    out.unknown.push_back(key_policy.error().message);
    return out;
  }
  auto evaluator = iam::Evaluator::Create(
      {.identity = role.identity, .boundary = role.boundary, .resource = *key_policy});
  if (!evaluator) {
    out.unknown.push_back(evaluator.error().message);
    return out;
  }

  const std::string via = KmsViaS3(key_arn, s);
  const bool bucket_key = rule->value("BucketKeyEnabled", false);
  std::set<size_t> key_policy_denies;
  bool key_policy_lacks = false;
  std::vector<std::pair<std::string, std::string>> refused;  // (why, actions)
  for (const char* action : kS3KmsActions) {
    iam::Request request{.principal = principal, .action = action, .resource = key_arn};
    request.context.Set("kms:ViaService", via);
    request.context.Set("kms:CallerAccount", AccountOf(principal));
    request.context.Set("kms:EncryptionContext:aws:s3:arn",
                        KmsS3ContextArn(s, key_arn, bucket_key));
    request.context.SetMulti("kms:EncryptionContextKeys", {"aws:s3:arn"});
    iam::Decision decision = EvaluateRequest(*evaluator, request);
    if (decision.allowed()) continue;
    // Actions refused for the same reason are named together.
    std::string why = KmsWhy(decision);
    auto same = std::find_if(refused.begin(), refused.end(),
                             [&](const auto& entry) { return entry.first == why; });
    if (same == refused.end()) {
      refused.emplace_back(why, action);
    } else {
      same->second += std::string(" and ") + action;
    }
    if (decision.kind == iam::DecisionKind::kExplicitDeny) {
      for (const iam::Statement* statement : decision.decisive) {
        if (statement->policy == key_policy->get()) {
          key_policy_denies.insert(statement->index);
        } else {
          AddOnce(out.steps,
                  fmt::format("remove or narrow statement {} of {}, which denies the role the "
                              "use of {}",
                              statement->Label(),
                              statement->policy ? statement->policy->name : "a policy", key_arn));
        }
      }
      continue;
    }
    switch (decision.step) {
      case iam::DecisiveStep::kResourcePolicyRequired:
      case iam::DecisiveStep::kCrossAccountResource:
        key_policy_lacks = true;
        break;
      case iam::DecisiveStep::kNoAllow:
      case iam::DecisiveStep::kCrossAccountIdentity:
        out.needs_identity_grant = true;
        break;
      case iam::DecisiveStep::kBoundary:
        AddOnce(out.steps, fmt::format("allow kms:Decrypt and kms:GenerateDataKey on {} in the "
                                       "permissions boundary {}",
                                       key_arn, role.boundary ? role.boundary->name : ""));
        break;
      default:
        break;
    }
  }
  for (const auto& [why, actions] : refused) {
    out.denied.push_back(fmt::format("{} on {} ({})", actions, key_arn, why));
  }
  if (key_policy_lacks || !key_policy_denies.empty()) {
    json fixed = FixedKeyPolicy(document, key_policy_denies, key_policy_lacks, role_arn, via);
    out.commands.push_back(fmt::format(
        "aws kms put-key-policy --key-id {} --policy-name default --policy {} --region {}", key_arn,
        ShellQuote(fixed.dump()), region));
  }
  return out;
}

}  // namespace raycloud::verify
