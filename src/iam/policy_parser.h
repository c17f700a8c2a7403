#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

#include "common/error.h"
#include "iam/policy.h"

namespace raycloud::iam {

/// Largest policy document accepted, in bytes. AWS's largest policy (a KMS key policy) is
/// 32 KiB; anything far beyond is a mistake, and rejecting it bounds parse and match time.
inline constexpr size_t kMaxPolicyBytes = 128 * 1024;

/// Parses a policy document of the given kind. Errors are Error::Invalid and name the
/// policy, the statement (Sid or 1-based index) and the field at fault.
Result<PolicyPtr> ParsePolicy(std::string_view text, std::string name, PolicyKind kind);

/// The same for a document already parsed as JSON (batch requests carry policies inline).
Result<PolicyPtr> ParsePolicyJson(const nlohmann::json& document, std::string name,
                                  PolicyKind kind);

/// Parses JSON with the limits a policy needs (size, nesting depth); errors say where.
Result<nlohmann::json> ParseJsonText(std::string_view text, std::string_view what,
                                     size_t max_bytes = kMaxPolicyBytes);

}  // namespace raycloud::iam
