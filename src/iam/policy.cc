#include "iam/policy.h"

namespace raycloud::iam {

std::string_view PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kIdentity:
      return "identity policy";
    case PolicyKind::kResource:
      return "resource-based policy";
    case PolicyKind::kTrust:
      return "trust policy";
    case PolicyKind::kBoundary:
      return "permissions boundary";
    case PolicyKind::kScp:
      return "service control policy";
    case PolicyKind::kRcp:
      return "resource control policy";
    case PolicyKind::kSession:
      return "session policy";
  }
  return "policy";
}

bool Statement::MatchesAction(std::string_view action_lower) const {
  bool listed = false;
  for (const auto& pattern : actions) {
    if (pattern.glob.Matches(action_lower)) {
      listed = true;
      break;
    }
  }
  return listed != not_action;
}

}  // namespace raycloud::iam
