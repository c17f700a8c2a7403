#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace raycloud::aws {

/// Reads one environment variable; std::nullopt when it is unset. Injected so that region,
/// endpoint and retry resolution are tested without touching the process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

/// The process environment (getenv). An empty value counts as unset, as the SDKs do.
EnvLookup SystemEnv();

/// A fixed environment, for tests and for callers that captured it once.
EnvLookup MapEnv(std::map<std::string, std::string, std::less<>> values);

}  // namespace raycloud::aws
