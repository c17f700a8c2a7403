#include "iam/arn.h"

#include <algorithm>
#include <cctype>

namespace raycloud::iam {

std::optional<ArnParts> SplitArn(std::string_view text) {
  if (text.substr(0, 4) != "arn:") return std::nullopt;
  std::string_view parts[5];
  size_t start = 4;
  for (int i = 0; i < 4; ++i) {
    size_t colon = text.find(':', start);
    if (colon == std::string_view::npos) return std::nullopt;
    parts[i] = text.substr(start, colon - start);
    start = colon + 1;
  }
  parts[4] = text.substr(start);
  return ArnParts{parts[0], parts[1], parts[2], parts[3], parts[4]};
}

bool IsAccountId(std::string_view text) {
  return text.size() == 12 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

std::string_view AfterLastSlash(std::string_view text) {
  size_t slash = text.rfind('/');
  return slash == std::string_view::npos ? text : text.substr(slash + 1);
}

}  // namespace

PrincipalInfo ClassifyPrincipal(std::string_view principal) {
  PrincipalInfo info;
  info.arn = principal;
  if (principal.empty() || principal == "*") return info;
  auto arn = SplitArn(principal);
  if (!arn) {
    info.type = PrincipalType::kService;
    return info;
  }
  info.partition = arn->partition;
  info.account = arn->account;
  info.type = PrincipalType::kOther;
  std::string_view resource = arn->resource;
  if (arn->service == "iam") {
    if (resource == "root") {
      info.type = PrincipalType::kAccountRoot;
    } else if (resource.starts_with("user/")) {
      info.type = PrincipalType::kUser;
      info.user_name = AfterLastSlash(resource);
    } else if (resource.starts_with("role/")) {
      info.type = PrincipalType::kRole;
      info.role_name = AfterLastSlash(resource);
    }
  } else if (arn->service == "sts") {
    if (resource.starts_with("assumed-role/")) {
      std::string_view rest = resource.substr(13);
      size_t slash = rest.find('/');
      if (slash != std::string_view::npos) {
        info.type = PrincipalType::kAssumedRole;
        info.role_name = rest.substr(0, slash);
      }
    } else if (resource.starts_with("federated-user/")) {
      info.type = PrincipalType::kFederatedUser;
    }
  }
  return info;
}

std::string_view PrincipalTypeName(PrincipalType type) {
  switch (type) {
    case PrincipalType::kAnonymous:
      return "Anonymous";
    case PrincipalType::kAccountRoot:
      return "Account";
    case PrincipalType::kUser:
      return "User";
    case PrincipalType::kRole:
    case PrincipalType::kAssumedRole:
      return "AssumedRole";
    case PrincipalType::kFederatedUser:
      return "FederatedUser";
    case PrincipalType::kService:
      return "Service";
    case PrincipalType::kOther:
      break;
  }
  return "Other";
}

}  // namespace raycloud::iam
