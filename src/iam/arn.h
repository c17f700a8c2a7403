#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace raycloud::iam {

/// The six colon-separated parts of an ARN, as views into the text it was parsed from
/// (`arn:partition:service:region:account:resource`; the resource keeps any further colons).
struct ArnParts {
  std::string_view partition;
  std::string_view service;
  std::string_view region;
  std::string_view account;
  std::string_view resource;
};

/// Splits an ARN into its parts; nullopt when `text` is not `arn:` followed by five colons.
std::optional<ArnParts> SplitArn(std::string_view text);

/// What kind of caller a request principal is; decides how resource policies treat it.
enum class PrincipalType {
  kAnonymous,      // unsigned request ("*" or empty)
  kAccountRoot,    // arn:aws:iam::ACCOUNT:root
  kUser,           // arn:aws:iam::ACCOUNT:user/...
  kRole,           // arn:aws:iam::ACCOUNT:role/... (the role itself, session unknown)
  kAssumedRole,    // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
  kFederatedUser,  // arn:aws:sts::ACCOUNT:federated-user/NAME
  kService,        // a service principal such as ec2.amazonaws.com
  kOther,          // another ARN (a SAML provider, ...)
};

/// A request principal, classified once per request. Views point into the caller's string.
struct PrincipalInfo {
  PrincipalType type = PrincipalType::kAnonymous;
  std::string_view arn;        // the principal as given
  std::string_view partition;  // "aws" for every IAM/STS ARN
  std::string_view account;    // empty for anonymous and service principals
  std::string_view role_name;  // roles and role sessions: the role's name (no path)
  std::string_view user_name;  // IAM users: the name without path
};

/// Classifies a request principal string.
PrincipalInfo ClassifyPrincipal(std::string_view principal);

/// The name of the principal type as AWS's aws:PrincipalType key spells it.
std::string_view PrincipalTypeName(PrincipalType type);

/// True for a 12-digit AWS account id.
bool IsAccountId(std::string_view text);

}  // namespace raycloud::iam
