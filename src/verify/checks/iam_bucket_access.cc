// iam.instance_role.s3_access, s3.bucket.control_plane_access, s3.bucket.tls_only: the
// bucket as each role reaches it, evaluated with the IAM engine over the role's identity
// policies, its permissions boundary, the bucket policy and (SSE-KMS) the key policy.
#include <fmt/format.h>

#include "verify/checks/bucket_util.h"
#include "verify/checks/check_util.h"
#include "verify/checks/checks.h"
#include "verify/checks/iam_eval.h"
#include "verify/checks/iam_role_exists.h"
#include "verify/checks/kms_key_access.h"

namespace raycloud::verify {
namespace {

struct Probe {
  std::string action;
  bool object;  // on an object of the cloud's prefix, else on the bucket
};

struct Access {
  std::vector<std::string> denied;  // "s3:PutObject (why)"
  bool blames_bucket_policy = false;
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
  KmsKeyAccess kms;
  if (c.with_kms) kms = EvaluateKmsKeyAccess(s, role, c.role_arn, c.session);
  if (!access.denied.empty() || !kms.denied.empty()) {
    std::vector<std::string> denied = access.denied;
    denied.insert(denied.end(), kms.denied.begin(), kms.denied.end());
    std::vector<std::string> commands;
    if (!access.denied.empty() || kms.needs_identity_grant) commands.push_back(c.role_fix);
    if (access.blames_bucket_policy) {
      cloud::PolicyParams params = PolicyParamsOf(s);
      commands.push_back(fmt::format("aws s3api put-bucket-policy --bucket {} --policy {}{}",
                                     s.target.bucket,
                                     ShellQuote(cloud::BucketPolicy(params).dump()), OwnerFlag(s)));
    }
    commands.insert(commands.end(), kms.commands.begin(), kms.commands.end());
    std::string remediation = fmt::format("{}", fmt::join(commands, " && "));
    for (const auto& step : kms.steps) {
      remediation += (remediation.empty() ? "" : "; ") + step;
    }
    return make(
        CheckStatus::kFail,
        fmt::format("{} cannot use bucket {}: {}", c.role.name, s.target.bucket, JoinList(denied)),
        std::move(remediation));
  }
  if (!kms.unknown.empty()) return make(CheckStatus::kSkip, JoinList(kms.unknown));
  std::string key = c.with_kms ? BucketKmsKey(s) : "";
  return make(
      CheckStatus::kPass,
      fmt::format(
          "{} may {} in bucket {}{}", c.role.name,
          c.probes.size() == 4 ? "get, put, delete and list objects" : "list, get and put objects",
          s.target.bucket, key.empty() ? "" : fmt::format(", encrypted with KMS key {}", key)));
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
  // The policy setup writes, granting the key the bucket really encrypts with.
  if (std::string key_arn = BucketKmsKeyArn(s); !key_arn.empty()) params.kms_key_id = key_arn;
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
