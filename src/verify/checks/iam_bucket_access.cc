// iam.instance_role.s3_access, s3.bucket.control_plane_access, s3.bucket.tls_only: the
// bucket as each role reaches it, evaluated with the IAM engine over the role's identity
// policies, its permissions boundary, the bucket policy and (SSE-KMS) the key policy.
#include <fmt/format.h>

#include "verify/checks/bucket_util.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/iam_eval.h"
#include "verify/checks/iam_role_exists.h"

namespace raycloud::verify {
namespace {

struct Probe {
  std::string action;
  bool object;  // on an object of the cloud's prefix, else on the bucket
};

struct Access {
  std::vector<std::string> denied;  // "s3:PutObject (why)"
  bool blames_bucket_policy = false;
  bool blames_key_policy = false;
};

std::string BucketArn(const CloudSnapshot& s) { return "arn:aws:s3:::" + s.target.bucket; }

std::string ObjectArn(const CloudSnapshot& s) {
  return fmt::format("arn:aws:s3:::{}/{}/{}/raycloud-verify-probe", s.target.bucket,
                     s.target.org_id, s.target.cloud_id);
}

std::string Why(const iam::Decision& decision) {
  if (decision.kind == iam::DecisionKind::kExplicitDeny) {
    return "denied by " + DecisiveStatements(decision);
  }
  switch (decision.step) {
    case iam::DecisiveStep::kBoundary:
      return "the permissions boundary does not allow it";
    case iam::DecisiveStep::kResourcePolicyRequired:
    case iam::DecisiveStep::kCrossAccountResource:
      return "the resource policy does not allow it";
    default:
      return "no statement allows it";
  }
}

bool FromPolicy(const iam::Decision& decision, const iam::PolicyPtr& policy) {
  if (!policy) return false;
  for (const iam::Statement* statement : decision.decisive) {
    if (statement->policy == policy.get()) return true;
  }
  return false;
}

void Evaluate(const CloudSnapshot& s, const iam::Evaluator& evaluator, const std::string& principal,
              const std::vector<Probe>& probes, const iam::PolicyPtr& bucket_policy,
              Access& access) {
  for (const auto& probe : probes) {
    iam::Request request{.principal = principal,
                         .action = probe.action,
                         .resource = probe.object ? ObjectArn(s) : BucketArn(s),
                         .resource_account = CloudAccount(s)};
    request.context.Set("aws:SecureTransport", "true");
    iam::Decision decision = EvaluateRequest(evaluator, request);
    if (decision.allowed()) continue;
    access.denied.push_back(fmt::format("{} ({})", probe.action, Why(decision)));
    access.blames_bucket_policy =
        access.blames_bucket_policy || FromPolicy(decision, bucket_policy);
  }
}

// The key the bucket encrypts new objects with under SSE-KMS, or "" for SSE-S3.
std::string BucketKmsKey(const CloudSnapshot& s) {
  if (!s.bucket_encryption.ok()) return "";
  const json rules =
      s.bucket_encryption.output.value("ServerSideEncryptionConfiguration", json::object())
          .value("Rules", json::array());
  for (const auto& rule : rules) {
    const json by_default = rule.value("ApplyServerSideEncryptionByDefault", json::object());
    if (Text(by_default, "SSEAlgorithm").starts_with("aws:kms")) {
      std::string key = Text(by_default, "KMSMasterKeyID");
      return key.empty() ? "aws/s3" : key;
    }
  }
  return "";
}

// SSE-KMS: reading needs kms:Decrypt and writing kms:GenerateDataKey on the key, allowed by
// the key policy together with the role's identity policies, through S3.
void EvaluateKms(const CloudSnapshot& s, const CompiledRole& role, const std::string& principal,
                 Access& access, std::vector<std::string>& unknown) {
  std::string key = BucketKmsKey(s);
  if (key.empty() || key == "aws/s3") return;  // the AWS managed key admits every principal
  std::string key_arn = s.kms_key.ok()
                            ? Text(s.kms_key.output.value("KeyMetadata", json::object()), "Arn")
                            : (key.starts_with("arn:") ? key : "");
  if (key_arn.empty() || !s.kms_key_policy.ok()) {
    unknown.push_back(
        fmt::format("KMS key {} could not be read{}", key,
                    s.kms_key_policy.failed() ? ": " + s.kms_key_policy.Describe() : ""));
    return;
  }
  auto key_policy =
      CompileDocument(DecodePolicyDocument(s.kms_key_policy.output.value("Policy", json())),
                      "key policy of " + key, iam::PolicyKind::kResource);
  if (!key_policy) {
    unknown.push_back(key_policy.error().message);
    return;
  }
  auto evaluator = iam::Evaluator::Create(
      {.identity = role.identity, .boundary = role.boundary, .resource = *key_policy});
  if (!evaluator) {
    unknown.push_back(evaluator.error().message);
    return;
  }
  for (const char* action : {"kms:Decrypt", "kms:GenerateDataKey"}) {
    iam::Request request{.principal = principal, .action = action, .resource = key_arn};
    request.context.Set("kms:ViaService", "s3." + s.target.region + ".amazonaws.com");
    request.context.Set("kms:CallerAccount", AccountOf(principal));
    iam::Decision decision = EvaluateRequest(*evaluator, request);
    if (decision.allowed()) continue;
    access.denied.push_back(fmt::format("{} on {} ({})", action, key_arn, Why(decision)));
    access.blames_key_policy = access.blames_key_policy || FromPolicy(decision, *key_policy);
  }
}

struct RoleAccessCheck {
  const char* id;
  const std::string& role_arn;
  const RoleSnapshot& role;
  const char* exists_check;
  std::vector<Probe> probes;
  bool with_kms;
  std::string session;
  std::string role_fix;  // the command that grants the role its bucket access
};

Finding CheckRoleAccess(const CloudSnapshot& s, const RoleAccessCheck& c) {
  auto make = [&](CheckStatus status, std::string message, std::string fix = {}) {
    return MakeFinding(c.id, c.role_arn, status, std::move(message), std::move(fix));
  };
  if (auto skip = SkipWithoutBucket(s, c.id)) {
    skip->resource = c.role_arn.empty() ? std::nullopt : std::optional(c.role_arn);
    return *skip;
  }
  if (!RoleFound(c.role)) {
    return make(CheckStatus::kSkip, MissingMessage("role", c.role_arn, c.exists_check));
  }
  CompiledRole role = CompileRole(c.role);
  if (!role.problems.empty()) {
    return make(CheckStatus::kSkip,
                "the role's policies could not all be read: " + JoinList(role.problems));
  }
  auto bucket_policy = CompileBucketPolicy(s);
  if (!bucket_policy) return make(CheckStatus::kSkip, bucket_policy.error().message);
  auto evaluator = iam::Evaluator::Create(
      {.identity = role.identity, .boundary = role.boundary, .resource = *bucket_policy});
  if (!evaluator) return make(CheckStatus::kSkip, evaluator.error().message);
  Access access;
  Evaluate(s, *evaluator, c.session, c.probes, *bucket_policy, access);
  std::vector<std::string> unknown;
  if (c.with_kms) EvaluateKms(s, role, c.session, access, unknown);
  if (!access.denied.empty()) {
    cloud::PolicyParams params = PolicyParamsOf(s);
    std::vector<std::string> fixes = {c.role_fix};
    if (access.blames_bucket_policy) {
      fixes.push_back(fmt::format("aws s3api put-bucket-policy --bucket {} --policy {}{}",
                                  s.target.bucket, ShellQuote(cloud::BucketPolicy(params).dump()),
                                  OwnerFlag(s)));
    }
    if (access.blames_key_policy) {
      fixes.push_back(
          fmt::format("Allow kms:Decrypt and kms:GenerateDataKey to {} in the key "
                      "policy of {} (aws kms put-key-policy)",
                      c.role_arn, BucketKmsKey(s)));
    }
    return make(CheckStatus::kFail,
                fmt::format("{} cannot use bucket {}: {}", c.role.name, s.target.bucket,
                            JoinList(access.denied)),
                fmt::format("{}", fmt::join(fixes, " && ")));
  }
  if (!unknown.empty()) return make(CheckStatus::kSkip, JoinList(unknown));
  return make(CheckStatus::kPass,
              fmt::format("{} may {} in bucket {}", c.role.name,
                          c.probes.size() == 4 ? "get, put, delete and list objects"
                                               : "list, get and put objects",
                          s.target.bucket));
}

json TlsDenyStatement(const CloudSnapshot& s) {
  return {{"Sid", "DenyInsecureTransport"},
          {"Effect", "Deny"},
          {"Principal", "*"},
          {"Action", "s3:*"},
          {"Resource", {BucketArn(s), BucketArn(s) + "/*"}},
          {"Condition", {{"Bool", {{"aws:SecureTransport", "false"}}}}}};
}

}  // namespace

Findings CheckInstanceRoleS3Access(const CloudSnapshot& s) {
  const std::string& role_arn = s.target.instance_role_arn;
  cloud::PolicyParams params = PolicyParamsOf(s);
  return {CheckRoleAccess(
      s, {.id = "iam.instance_role.s3_access",
          .role_arn = role_arn,
          .role = s.instance_role,
          .exists_check = "iam.instance_role.exists",
          .probes = {{"s3:GetObject", true},
                     {"s3:PutObject", true},
                     {"s3:DeleteObject", true},
                     {"s3:ListBucket", false}},
          .with_kms = true,
          .session = SessionArnOf(role_arn, "i-0123456789abcdef0"),
          .role_fix = fmt::format("aws iam put-role-policy --role-name {} --policy-name "
                                  "raycloud-bucket-access --policy-document {}",
                                  RoleNameOf(role_arn),
                                  ShellQuote(cloud::InstancePolicy(params).dump()))})};
}

Findings CheckBucketControlPlaneAccess(const CloudSnapshot& s) {
  const std::string& role_arn = s.target.control_plane_role_arn;
  cloud::PolicyParams params = PolicyParamsOf(s);
  Finding finding = CheckRoleAccess(
      s, {.id = "s3.bucket.control_plane_access",
          .role_arn = role_arn,
          .role = s.control_plane_role,
          .exists_check = "iam.control_plane_role.exists",
          .probes = {{"s3:ListBucket", false}, {"s3:GetObject", true}, {"s3:PutObject", true}},
          .with_kms = false,
          .session = SessionArnOf(role_arn, "raycloud-control-plane"),
          .role_fix =
              fmt::format("aws s3api put-bucket-policy --bucket {} --policy {}{}", s.target.bucket,
                          ShellQuote(cloud::BucketPolicy(params).dump()), OwnerFlag(s))});
  // The finding is about the bucket.
  finding.resource = s.target.bucket.empty() ? std::nullopt : std::optional(s.target.bucket);
  return {finding};
}

Findings CheckBucketTlsOnly(const CloudSnapshot& s) {
  constexpr const char* kId = "s3.bucket.tls_only";
  const std::string& bucket = s.target.bucket;
  if (auto skip = SkipWithoutBucket(s, kId)) return {*skip};
  auto policy = CompileBucketPolicy(s);
  if (!policy) return {MakeFinding(kId, bucket, CheckStatus::kSkip, policy.error().message)};

  bool denies_all = false;
  if (*policy) {
    auto evaluator = iam::Evaluator::Create({.resource = *policy});
    if (!evaluator)
      return {MakeFinding(kId, bucket, CheckStatus::kSkip, evaluator.error().message)};
    denies_all = true;
    std::vector<std::string> principals = {"arn:aws:iam::000011112222:root"};
    for (const std::string* role :
         {&s.target.control_plane_role_arn, &s.target.instance_role_arn}) {
      if (!role->empty()) principals.push_back(SessionArnOf(*role, "raycloud-verify"));
    }
    for (const auto& principal : principals) {
      for (const auto& [action, object] :
           {std::pair{"s3:GetObject", true}, std::pair{"s3:PutObject", true},
            std::pair{"s3:ListBucket", false}}) {
        iam::Request request{.principal = principal,
                             .action = action,
                             .resource = object ? ObjectArn(s) : BucketArn(s),
                             .resource_account = CloudAccount(s)};
        request.context.Set("aws:SecureTransport", "false");
        if (EvaluateRequest(*evaluator, request).kind != iam::DecisionKind::kExplicitDeny) {
          denies_all = false;
        }
      }
    }
  }
  if (denies_all) {
    return {MakeFinding(kId, bucket, CheckStatus::kPass,
                        "the bucket policy denies every request without TLS")};
  }
  json document = s.bucket_policy.ok()
                      ? DecodePolicyDocument(s.bucket_policy.output.value("Policy", json()))
                      : json{{"Version", "2012-10-17"}, {"Statement", json::array()}};
  if (!document["Statement"].is_array()) {
    document["Statement"] = json::array({document["Statement"]});
  }
  document["Statement"].push_back(TlsDenyStatement(s));
  Finding finding =
      MakeFinding(kId, bucket, CheckStatus::kWarn,
                  *policy ? "the bucket policy does not deny requests without TLS"
                          : "the bucket has no policy, so requests without TLS are not denied",
                  fmt::format("aws s3api put-bucket-policy --bucket {} --policy {}{}{}", bucket,
                              ShellQuote(document.dump()), OwnerFlag(s), RegionFlag(s)));
  finding.fixes.push_back(
      FixAction{.service = "s3",
                .operation = "PutBucketPolicy",
                .params = {{"Bucket", bucket}, {"Policy", document.dump()}},
                .description = fmt::format("add a statement denying requests without TLS to the "
                                           "policy of {}",
                                           bucket)});
  return {finding};
}

}  // namespace raycloud::verify
