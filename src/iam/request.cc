#include "iam/request.h"

#include "common/strings.h"
#include "iam/arn.h"

namespace raycloud::iam {

ContextEntry& RequestContext::Slot(std::string_view key) {
  std::string lower = strings::Lower(key);
  for (auto& entry : entries_) {
    if (entry.key == lower) return entry;
  }
  entries_.push_back(ContextEntry{std::move(lower), {}, false});
  return entries_.back();
}

void RequestContext::Set(std::string_view key, std::string value) {
  ContextEntry& entry = Slot(key);
  entry.values.assign(1, std::move(value));
  entry.multi = false;
}

void RequestContext::SetMulti(std::string_view key, std::vector<std::string> values) {
  ContextEntry& entry = Slot(key);
  entry.values = std::move(values);
  entry.multi = true;
}

void RequestContext::Add(std::string_view key, std::string value) {
  ContextEntry& entry = Slot(key);
  if (!entry.values.empty()) entry.multi = true;
  entry.values.push_back(std::move(value));
}

const ContextEntry* RequestContext::FindLower(std::string_view key_lower) const {
  for (const auto& entry : entries_) {
    if (entry.key == key_lower) return &entry;
  }
  return nullptr;
}

const ContextEntry* RequestContext::Find(std::string_view key) const {
  return FindLower(strings::Lower(key));
}

std::string ResourceAccountOf(const Request& request) {
  if (!request.resource_account.empty()) return request.resource_account;
  if (auto arn = SplitArn(request.resource); arn && !arn->account.empty()) {
    return std::string(arn->account);
  }
  return std::string(ClassifyPrincipal(request.principal).account);
}

Request WithDerivedContext(const Request& request) {
  Request out = request;
  PrincipalInfo info = ClassifyPrincipal(request.principal);
  auto set_if_absent = [&](std::string_view key, std::string_view value) {
    if (!value.empty() && !out.context.Find(key)) out.context.Set(key, std::string(value));
  };
  if (info.type == PrincipalType::kAnonymous || info.type == PrincipalType::kService) {
    return out;
  }
  std::string principal_arn(info.arn);
  if (info.type == PrincipalType::kAssumedRole) {
    // aws:PrincipalArn of a role session is the role's ARN, not the session's.
    principal_arn = "arn:" + std::string(info.partition) + ":iam::" + std::string(info.account) +
                    ":role/" + std::string(info.role_name);
  }
  set_if_absent("aws:PrincipalArn", principal_arn);
  set_if_absent("aws:PrincipalAccount", info.account);
  set_if_absent("aws:PrincipalType", PrincipalTypeName(info.type));
  if (info.type == PrincipalType::kUser) set_if_absent("aws:username", info.user_name);
  return out;
}

}  // namespace raycloud::iam
