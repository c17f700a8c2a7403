#pragma once

// Snapshot fixtures for the check tests: JSON files in tests/verify/fixtures/, read in place.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "verify/finding.h"
#include "verify/snapshot.h"

namespace raycloud::verify::testing {

/// A file of tests/verify/fixtures/ parsed as JSON (aborts the test on error).
nlohmann::json LoadJson(const std::string& name);

/// A fixture snapshot whose "GENERATED" policy documents are replaced by the documents
/// `cloud setup` writes (cloud/policy), so the fixture is the cloud setup would make.
nlohmann::json CloudFixture(const std::string& name);

/// The fixtures of a correct cloud in public and private network mode.
inline nlohmann::json PublicCloud() { return CloudFixture("public_cloud.json"); }
inline nlohmann::json PrivateCloud() { return CloudFixture("private_cloud.json"); }

/// A gathered call that failed with the AWS error `code`.
inline nlohmann::json AwsErrorResult(const std::string& code) {
  return {{"error", {{"code", code}, {"message", code}}}};
}

/// The snapshot a fixture document describes (aborts the test on error).
CloudSnapshot ToSnapshot(const nlohmann::json& document);

/// The finding of `id` (about `resource` when given); nullptr when absent.
const Finding* Find(const Findings& findings, const std::string& id,
                    const std::optional<std::string>& resource = std::nullopt);

/// The status of that finding; fails the test when it is absent.
CheckStatus StatusOf(const Findings& findings, const std::string& id,
                     const std::optional<std::string>& resource = std::nullopt);

/// The status of `id` after running every check on the document.
CheckStatus Check(const nlohmann::json& document, const std::string& id,
                  const std::optional<std::string>& resource = std::nullopt);

/// The finding of `id` after running every check on the document (a copy).
Finding RunFinding(const nlohmann::json& document, const std::string& id,
                   const std::optional<std::string>& resource = std::nullopt);

/// Percent-encodes text the way IAM returns policy documents.
std::string UrlEncode(const std::string& text);

}  // namespace raycloud::verify::testing

namespace raycloud::verify {
/// Lets gtest print statuses by name.
void PrintTo(CheckStatus status, std::ostream* os);
}  // namespace raycloud::verify
