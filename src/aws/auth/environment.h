#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace raycloud::aws {

/// Looks up an environment variable; injected so tests control the environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;

/// The process environment (getenv).
EnvLookup SystemEnvironment();

/// The user's home directory: $HOME, else the password database; "" when neither is known.
std::string HomeDirectory(const EnvLookup& env);

/// `path` with a leading `~` or `~/` replaced by `home` (as the AWS CLI expands file paths).
std::string ExpandHome(std::string_view path, std::string_view home);

/// The value of `name` when set and not empty.
std::optional<std::string> NonEmptyEnv(const EnvLookup& env, std::string_view name);

}  // namespace raycloud::aws
