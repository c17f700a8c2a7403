#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "cloud/exec/resource_handler.h"

namespace raycloud::cloud {

/// The cloud's tags for a resource as AWS's [{"Key","Value"}] list, from the spec's
/// properties ("Tags") or, when the plan gave none, the cloud's identity tags.
nlohmann::json TagsOf(const ResolvedSpec& spec, const ResourceContext& context);

/// EC2 TagSpecifications tagging `resource_type` at creation with `tags`.
nlohmann::json TagSpecifications(std::string_view resource_type, const nlohmann::json& tags);

/// The AWS error code of an error ("" for a non-AWS error).
std::string AwsCodeOf(const Error& error);

/// True when `error` says the resource is already gone (success when deleting).
bool IsNotFound(const Error& error);

/// Polls `describe` until `ready(output)` is true, with backoff, up to the resource timeout.
/// `describe` failing with not-found keeps polling (eventual consistency right after a create).
Status PollUntil(ResourceContext& context, const std::string& what,
                 const std::function<Result<nlohmann::json>()>& describe,
                 const std::function<Result<bool>(const nlohmann::json&)>& ready);

}  // namespace raycloud::cloud
