#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

namespace raycloud::log {

/// The logger of one layer ("aws", "cloud", "verify", ...), writing to stderr. Messages are
/// short with `key=value` fields; secrets are never passed to a logger (see Redact).
std::shared_ptr<spdlog::logger> Get(const std::string& layer);

/// Sets the level of every layer's logger: -q => warn, default => info, -v => debug.
void SetLevel(spdlog::level::level_enum level);

/// Removes credential-looking material from text that may reach a log or an error message:
/// Authorization headers, X-Amz-Signature / X-Amz-Security-Token / X-Amz-Credential values,
/// and secret or session token fields in JSON or XML.
std::string Redact(std::string_view text);

}  // namespace raycloud::log
