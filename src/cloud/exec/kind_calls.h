#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace raycloud::cloud {

/// The AWS API calls `cloud setup` makes to create a resource of `kind` ("service:Action"),
/// as shown by --dry-run.
std::vector<std::string> CreateCallsFor(std::string_view kind);

}  // namespace raycloud::cloud
