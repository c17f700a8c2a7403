#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace raycloud::verify {

/// The outcome of one check on one resource (verify-checks.md): `fail` makes the cloud
/// unusable or unsafe, `warn` costs money, performance or defence in depth, `skip` means
/// the resource the check needs does not exist, is not configured, or cannot be read.
enum class CheckStatus { kPass, kWarn, kFail, kSkip };

/// "pass", "warn", "fail", "skip" (cli.md).
std::string_view CheckStatusName(CheckStatus status);

/// One AWS call that applies a safe remediation (verify-checks.md, "What --fix may
/// change"): parameters keyed by botocore member names, as AwsClient::Call takes them.
struct FixAction {
  std::string service;
  std::string operation;
  nlohmann::json params = nlohmann::json::object();
  std::string description;  // one line for the user: what will change
};

/// One entry of the report: a check id, the resource it looked at (nullopt for a check
/// about the whole account), its status, a sentence saying what was found, and the exact
/// command (or console step) that fixes it. `fixes` is non-empty only for findings that
/// `--fix` may apply.
struct Finding {
  std::string id;
  std::optional<std::string> resource;
  CheckStatus status = CheckStatus::kPass;
  std::string message;
  std::string remediation;
  std::vector<FixAction> fixes;
};

using Findings = std::vector<Finding>;

}  // namespace raycloud::verify
