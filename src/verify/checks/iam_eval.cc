#include "verify/checks/iam_eval.h"

#include <fmt/format.h>

#include "common/strings.h"
#include "iam/arn.h"
#include "iam/policy_parser.h"
#include "verify/checks/check_util.h"

namespace raycloud::verify {

Result<iam::PolicyPtr> CompileDocument(const nlohmann::json& document, std::string name,
                                       iam::PolicyKind kind) {
  if (!document.is_object()) {
    return Fail(Error::Invalid(fmt::format("policy {} is not a JSON object", name)));
  }
  return iam::ParsePolicyJson(document, std::move(name), kind);
}

CompiledRole CompileRole(const RoleSnapshot& role) {
  CompiledRole out;
  if (role.inline_policies.failed()) {
    out.problems.push_back("inline policies unreadable: " + role.inline_policies.Describe());
  }
  if (role.attached_policies.failed()) {
    out.problems.push_back("attached policies unreadable: " + role.attached_policies.Describe());
  }
  for (const auto& document : role.policies) {
    if (!document.error.empty()) {
      out.problems.push_back(
          fmt::format("policy {} unreadable: {}", document.name, document.error));
      continue;
    }
    bool boundary = document.kind == PolicyDocument::Kind::kBoundary;
    auto policy =
        CompileDocument(document.document, document.name,
                        boundary ? iam::PolicyKind::kBoundary : iam::PolicyKind::kIdentity);
    if (!policy) {
      out.problems.push_back(policy.error().message);
      continue;
    }
    if (boundary) {
      out.boundary = *policy;
    } else {
      out.identity.push_back(*policy);
    }
  }
  return out;
}

Result<iam::PolicyPtr> CompileTrust(const RoleSnapshot& role) {
  nlohmann::json trust = role.TrustPolicy();
  if (trust.is_null()) return Fail(Error::Invalid("the trust policy could not be read"));
  return CompileDocument(trust, "trust policy of " + role.name, iam::PolicyKind::kTrust);
}

Result<iam::PolicyPtr> CompileBucketPolicy(const CloudSnapshot& s) {
  const CallResult& call = s.bucket_policy;
  if (call.failed() && call.error_code == "NoSuchBucketPolicy") return iam::PolicyPtr();
  if (!call.ok()) {
    return Fail(Error::Invalid("the bucket policy could not be read: " +
                               (call.called() ? call.Describe() : std::string("not read"))));
  }
  nlohmann::json document = DecodePolicyDocument(call.output.value("Policy", nlohmann::json()));
  return CompileDocument(document, "bucket policy of " + s.target.bucket,
                         iam::PolicyKind::kResource);
}

iam::PolicyPtr CallerMayAssumeAnyRole() {
  static const iam::PolicyPtr kPolicy = [] {
    auto policy = iam::ParsePolicyJson(
        {{"Version", "2012-10-17"},
         {"Statement", {{{"Effect", "Allow"}, {"Action", "sts:AssumeRole"}, {"Resource", "*"}}}}},
        "the caller's own permissions (assumed to allow sts:AssumeRole)",
        iam::PolicyKind::kIdentity);
    return policy ? *policy : iam::PolicyPtr();
  }();
  return kPolicy;
}

iam::Decision EvaluateRequest(const iam::Evaluator& evaluator, const iam::Request& request) {
  return evaluator.Evaluate(iam::WithDerivedContext(request));
}

std::string PrincipalArn(const std::string& principal) {
  if (iam::IsAccountId(principal)) return "arn:aws:iam::" + principal + ":root";
  return principal;
}

std::string AccountOf(const std::string& arn_or_account) {
  if (iam::IsAccountId(arn_or_account)) return arn_or_account;
  auto arn = iam::SplitArn(arn_or_account);
  return arn ? std::string(arn->account) : "";
}

std::string RoleNameOf(const std::string& role_arn) {
  auto slash = role_arn.rfind('/');
  return slash == std::string::npos ? role_arn : role_arn.substr(slash + 1);
}

std::string PartitionOf(const std::string& arn) {
  auto parts = iam::SplitArn(arn);
  return parts && !parts->partition.empty() ? std::string(parts->partition) : "aws";
}

std::string SessionArnOf(const std::string& role_arn, const std::string& session) {
  return fmt::format("arn:{}:sts::{}:assumed-role/{}/{}", PartitionOf(role_arn),
                     AccountOf(role_arn), RoleNameOf(role_arn), session);
}

std::string CloudAccount(const CloudSnapshot& s) {
  if (!s.target.account_id.empty()) return s.target.account_id;
  return s.caller.ok() ? Text(s.caller.output, "Account") : "";
}

std::string ControlPlanePrincipal(const CloudSnapshot& s) {
  if (!s.target.control_plane_principal.empty()) {
    return PrincipalArn(s.target.control_plane_principal);
  }
  std::string account = CloudAccount(s);
  return account.empty() ? "" : PrincipalArn(account);
}

bool PrincipalCovers(const std::string& principal, const std::string& probe) {
  if (probe == principal) return true;
  auto info = iam::ClassifyPrincipal(principal);
  auto probe_info = iam::ClassifyPrincipal(probe);
  if (info.type == iam::PrincipalType::kAccountRoot) {
    return probe_info.type != iam::PrincipalType::kService &&
           probe_info.type != iam::PrincipalType::kAnonymous && probe_info.account == info.account;
  }
  if (info.type == iam::PrincipalType::kRole) {
    return (probe_info.type == iam::PrincipalType::kRole ||
            probe_info.type == iam::PrincipalType::kAssumedRole) &&
           probe_info.account == info.account && probe_info.role_name == info.role_name;
  }
  return false;
}

std::string RequestPrincipal(const std::string& principal) {
  if (iam::ClassifyPrincipal(principal).type == iam::PrincipalType::kRole) {
    return SessionArnOf(principal, "raycloud-verify");
  }
  return principal;
}

iam::Decision EvaluateAssumeRole(const iam::Evaluator& evaluator, const std::string& principal,
                                 const std::string& role_arn, const std::string* external_id) {
  iam::Request request{
      .principal = RequestPrincipal(principal), .action = "sts:AssumeRole", .resource = role_arn};
  if (external_id) request.context.Set("sts:ExternalId", *external_id);
  return EvaluateRequest(evaluator, std::move(request));
}

std::string DecisiveStatements(const iam::Decision& decision) {
  std::vector<std::string> names;
  for (const iam::Statement* statement : decision.decisive) {
    names.push_back(fmt::format("statement {} of {}", statement->Label(),
                                statement->policy ? statement->policy->name : "a policy"));
  }
  return strings::Join(names, ", ");
}

}  // namespace raycloud::verify

namespace raycloud::verify {

cloud::PolicyParams PolicyParamsOf(const CloudSnapshot& s) {
  cloud::PolicyParams params;
  params.partition = PartitionOf(s.target.control_plane_role_arn);
  params.account_id = CloudAccount(s);
  params.region = s.target.region;
  params.cloud_id = s.target.cloud_id;
  params.bucket_name = s.target.bucket;
  params.control_plane_role_arn = s.target.control_plane_role_arn;
  params.instance_role_arn = s.target.instance_role_arn;
  params.external_id = s.target.external_id;
  params.control_plane_principal = ControlPlanePrincipal(s);
  params.kms_key_id = s.target.kms_key_id;
  return params;
}

std::string UpdateTrustCommand(const std::string& role_name, const nlohmann::json& trust) {
  return fmt::format("aws iam update-assume-role-policy --role-name {} --policy-document {}",
                     role_name, ShellQuote(trust.dump()));
}

}  // namespace raycloud::verify
