#include "aws/retry/retry_config.h"

#include <charconv>

#include "common/strings.h"

namespace raycloud::aws {
namespace {

constexpr int kMaxAttemptsLimit = 100;

Result<int> ParseMaxAttempts(std::string_view text, std::string_view source) {
  text = strings::Trim(text);
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > kMaxAttemptsLimit) {
    return Fail(Error::Invalid("max attempts '" + std::string(text) + "' (from " +
                               std::string(source) + ") must be a whole number from 1 to 100"));
  }
  return value;
}

}  // namespace

const char* RetryModeName(RetryMode mode) {
  switch (mode) {
    case RetryMode::kStandard:
      return "standard";
    case RetryMode::kAdaptive:
      return "adaptive";
    case RetryMode::kLegacy:
      return "legacy";
  }
  return "standard";
}

Result<RetryMode> ParseRetryMode(std::string_view name) {
  const std::string lower = strings::Lower(strings::Trim(name));
  if (lower == "standard") return RetryMode::kStandard;
  if (lower == "adaptive") return RetryMode::kAdaptive;
  if (lower == "legacy") return RetryMode::kLegacy;
  return Fail(Error::Invalid("retry mode '" + std::string(name) +
                             "' is not one of standard, adaptive, legacy"));
}

Result<RetryConfig> ResolveRetryConfig(const EnvLookup& env,
                                       const std::optional<std::string>& profile_retry_mode,
                                       const std::optional<std::string>& profile_max_attempts) {
  RetryConfig config;
  std::optional<std::string> mode_text = env("AWS_RETRY_MODE");
  std::string mode_source = "AWS_RETRY_MODE";
  if (!mode_text || mode_text->empty()) {
    mode_text = profile_retry_mode;
    mode_source = "the profile's retry_mode";
  }
  if (mode_text && !mode_text->empty()) {
    auto mode = ParseRetryMode(*mode_text);
    if (!mode) return Fail(Error::Invalid(mode.error().message + " (from " + mode_source + ")"));
    config.mode = *mode;
  }

  std::optional<std::string> attempts_text = env("AWS_MAX_ATTEMPTS");
  std::string attempts_source = "AWS_MAX_ATTEMPTS";
  if (!attempts_text || attempts_text->empty()) {
    attempts_text = profile_max_attempts;
    attempts_source = "the profile's max_attempts";
  }
  if (attempts_text && !attempts_text->empty()) {
    auto attempts = ParseMaxAttempts(*attempts_text, attempts_source);
    if (!attempts) return Fail(attempts.error());
    config.max_attempts = *attempts;
  } else if (config.mode == RetryMode::kLegacy) {
    config.max_attempts = 5;
  }
  return config;
}

}  // namespace raycloud::aws
