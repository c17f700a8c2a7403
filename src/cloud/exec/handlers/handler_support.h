#pragma once

// Small pieces every resource handler uses: reading resolved properties, tags and
// ownership, AWS calls whose errors name the resource, and lookups by tag.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "aws/client/aws_client.h"
#include "cloud/exec/resource_handler.h"

namespace raycloud::cloud::handlers {

/// The cloud-id tag key every raycloud resource carries.
inline constexpr std::string_view kCloudIdTag = "raycloud-cloud-id";

/// Options for a mutating call without an idempotency token: one attempt only, because a
/// retry after an ambiguous failure could create a duplicate (the executor looks the
/// resource up before trying again).
aws::CallOptions Once();

/// The EC2 ClientToken of this run's create of a resource: the plan's `client_token`
/// mixed with a nonce of this process, or "" when the plan has none. EC2 answers a
/// repeated token with the first call's result for a day, even once that resource was
/// deleted, so a setup resumed after a rollback must not reuse the last run's token (it
/// would get back a deleted id); resumes find earlier creates by tag instead.
std::string AttemptClientToken(const nlohmann::json& properties);

/// `properties[key]` as a string; "" when absent or null (a reference that no longer
/// resolves while deleting).
std::string Text(const nlohmann::json& properties, std::string_view key);

/// The tags the resource is created with (the plan's `tags`, else the cloud's own).
nlohmann::json CreationTags(const ResolvedSpec& spec, const ResourceContext& context);

/// The value of tag `key` in an AWS [{"Key","Value"}] list (any capitalisation of the
/// member names, as IAM, EFS and EC2 differ only there), or nothing.
std::optional<std::string> TagValue(const nlohmann::json& tags, std::string_view key);

/// Succeeds when `tags` carry this cloud's id; otherwise an error saying that `what`
/// exists but belongs to something else (never adopt another owner's resource).
Status CheckOwned(const nlohmann::json& tags, const ResourceContext& context,
                  std::string_view what);

/// `error` with `resource` named in its message and details.
Error About(Error error, std::string_view resource);

/// context.aws.Call whose error names `resource` (the operation is already named).
Result<nlohmann::json> CallFor(ResourceContext& context, std::string_view resource,
                               std::string_view service, std::string_view operation,
                               const nlohmann::json& params, const aws::CallOptions& options = {});

/// A delete call's result where "already gone" counts as success.
Status GoneIsFine(const Result<nlohmann::json>& result);

/// The one EC2 resource of the cloud with this Name tag (checking the tags here as well,
/// since not every describe honours tag filters), skipping deleted ones. `filter_member`
/// is "Filters", or "Filter" for DescribeNatGateways.
Result<std::optional<nlohmann::json>> FindTaggedEc2(
    ResourceContext& context, std::string_view operation, std::string_view list_key,
    const std::string& name_tag, nlohmann::json filters = nlohmann::json::array(),
    std::string_view filter_member = "Filters");

/// Decodes %XX escapes (IAM returns policy documents URL-encoded).
std::string PercentDecode(std::string_view text);

/// A policy document as JSON, whether AWS returned it as a string (plain or URL-encoded)
/// or as an object; null when it does not parse.
nlohmann::json PolicyJson(const nlohmann::json& document);

}  // namespace raycloud::cloud::handlers
