#include "common/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>
#include <regex>

namespace raycloud::log {
namespace {

std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}

spdlog::level::level_enum& CurrentLevel() {
  static spdlog::level::level_enum level = spdlog::level::info;
  return level;
}

}  // namespace

std::shared_ptr<spdlog::logger> Get(const std::string& layer) {
  std::lock_guard lock(RegistryMutex());
  if (auto existing = spdlog::get(layer)) return existing;
  auto logger = spdlog::stderr_color_mt(layer);
  logger->set_pattern("%^%l%$ [%n] %v");
  logger->set_level(CurrentLevel());
  return logger;
}

void SetLevel(spdlog::level::level_enum level) {
  std::lock_guard lock(RegistryMutex());
  CurrentLevel() = level;
  spdlog::apply_all([level](const std::shared_ptr<spdlog::logger>& l) { l->set_level(level); });
}

std::string Redact(std::string_view text) {
  // Each pattern keeps its key and replaces the secret value.
  static const std::regex kPatterns[] = {
      std::regex(R"re((Authorization\s*[:=]\s*)[^\r\n,&"]+(, *SignedHeaders=[^,\r\n]*)?(, *Signature=[0-9a-f]+)?)re",
                 std::regex::icase),
      std::regex(R"re((X-Amz-(Signature|Security-Token|Credential)[=:]\s*)[^&\s"<]+)re",
                 std::regex::icase),
      std::regex(
          R"re(("(SecretAccessKey|SessionToken|Token|secret_access_key|session_token|aws_secret_access_key|aws_session_token)"\s*:\s*")[^"]*)re",
          std::regex::icase),
      std::regex(R"re((<(SecretAccessKey|SessionToken)>)[^<]*)re", std::regex::icase),
      std::regex(R"re(((aws_secret_access_key|aws_session_token)\s*=\s*)\S+)re", std::regex::icase),
  };
  std::string out(text);
  for (const auto& pattern : kPatterns) out = std::regex_replace(out, pattern, "$1<redacted>");
  return out;
}

}  // namespace raycloud::log
