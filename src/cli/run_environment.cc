#include "cli/run_environment.h"

#include <cstdlib>
#include <optional>
#include <string>

namespace raycloud::cli {
namespace {

// The variable's value, or nullopt when it is unset or empty.
std::optional<std::string> EnvValue(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

}  // namespace

Status ApplyRunEnvironment(cloud::RunSettings& settings) {
  if (auto scale = EnvValue("RAYCLOUD_TIME_SCALE")) {
    char* end = nullptr;
    double factor = std::strtod(scale->c_str(), &end);
    if (end == scale->c_str() || *end != '\0' || !(factor > 0) || factor > 1000) {
      return Fail(Error::Invalid("RAYCLOUD_TIME_SCALE must be a number above 0 (e.g. 0.01), not " +
                                 *scale));
    }
    settings.timing = cloud::ScaledTiming(settings.timing, factor);
  }
  if (auto cap = EnvValue("RAYCLOUD_MAX_IN_FLIGHT")) {
    char* end = nullptr;
    long value = std::strtol(cap->c_str(), &end, 10);
    if (end == cap->c_str() || *end != '\0' || value < 1 || value > 256) {
      return Fail(Error::Invalid(
          "RAYCLOUD_MAX_IN_FLIGHT must be a whole number from 1 to 256, not " + *cap));
    }
    settings.max_in_flight = static_cast<size_t>(value);
  }
  return {};
}

}  // namespace raycloud::cli
