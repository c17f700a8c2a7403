#include "verify/policy_reader.h"

#include "common/log.h"
#include "verify/checks/check_util.h"

namespace raycloud::verify {

bool IsCustomerManagedPolicy(const std::string& arn) {
  // arn:PARTITION:iam::ACCOUNT:policy/NAME; AWS-managed policies have the account "aws".
  size_t account = 0;
  for (int field = 0; field < 4; ++field) {
    account = arn.find(':', account);
    if (account == std::string::npos) return false;
    ++account;
  }
  return arn.compare(account, 4, "aws:") != 0;
}

PolicyDocument ReadManagedPolicy(aws::AwsClient& client, const std::string& arn,
                                 PolicyDocument::Kind kind) {
  PolicyDocument document{.name = arn, .kind = kind};
  auto policy = client.Call("iam", "GetPolicy", {{"PolicyArn", arn}});
  if (!policy) {
    document.error = CallResult::From(policy).Describe();
    return document;
  }
  std::string version = Text(policy->value("Policy", json::object()), "DefaultVersionId");
  auto answer =
      client.Call("iam", "GetPolicyVersion", {{"PolicyArn", arn}, {"VersionId", version}});
  if (!answer) {
    document.error = CallResult::From(answer).Describe();
    return document;
  }
  document.document = DecodePolicyDocument(
      answer->value("PolicyVersion", json::object()).value("Document", json()));
  if (document.document.is_null()) document.error = "the document is not valid JSON";
  return document;
}

PolicyDocument ReadInlinePolicy(aws::AwsClient& client, const std::string& role,
                                const std::string& name) {
  PolicyDocument document{.name = name, .kind = PolicyDocument::Kind::kInline};
  auto answer = client.Call("iam", "GetRolePolicy", {{"RoleName", role}, {"PolicyName", name}});
  if (!answer) {
    document.error = CallResult::From(answer).Describe();
    return document;
  }
  document.document = DecodePolicyDocument(answer->value("PolicyDocument", json()));
  if (document.document.is_null()) document.error = "the document is not valid JSON";
  return document;
}

std::map<std::string, json> ReadCustomerManagedPolicies(aws::AwsClient& client, size_t max_pages) {
  std::map<std::string, json> documents;
  // 1000 is the largest page IAM accepts; it may still answer with fewer.
  json params = {{"Filter", json::array({"LocalManagedPolicy"})}, {"MaxItems", 1000}};
  for (size_t page = 0; page < max_pages; ++page) {
    auto answer = client.Call("iam", "GetAccountAuthorizationDetails", params);
    if (!answer) {
      // Refused (a narrow read-only role) or failed: the caller reads policy by policy.
      log::Get("verify")->debug("bulk policy read failed: {}", answer.error().message);
      return documents;
    }
    for (const auto& policy : Items(*answer, "Policies")) {
      for (const auto& version : Items(policy, "PolicyVersionList")) {
        if (!version.value("IsDefaultVersion", false)) continue;
        json document = DecodePolicyDocument(version.value("Document", json()));
        if (!document.is_null()) documents[Text(policy, "Arn")] = std::move(document);
      }
    }
    std::string marker = Text(*answer, "Marker");
    if (!answer->value("IsTruncated", false) || marker.empty()) break;
    params["Marker"] = marker;
  }
  return documents;
}

}  // namespace raycloud::verify
