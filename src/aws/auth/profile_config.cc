#include "aws/auth/profile_config.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "common/strings.h"

namespace raycloud::aws {
namespace {

using Sections = std::map<std::string, ProfileValues>;

size_t Indent(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && (line[n] == ' ' || line[n] == '\t')) ++n;
  return n;
}

Error ParseError(const std::string& path, size_t line_number, std::string_view what) {
  return Error::Invalid("cannot parse " + path + " line " + std::to_string(line_number) + ": " +
                        std::string(what));
}

// An INI file as Python's configparser (which the AWS CLI uses) reads it: `#`/`;` comment
// lines, `key = value` or `key: value`, lower-cased keys, indented continuation lines. A key
// with an empty value followed by indented `k = v` lines is a nested block.
Result<Sections> ParseIni(std::string_view text, const std::string& path) {
  Sections sections;
  ProfileValues* section = nullptr;
  std::string key;  // the option continuation lines append to
  size_t key_indent = 0;
  size_t line_number = 0;
  for (std::string raw : strings::Split(text, '\n')) {
    ++line_number;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    std::string_view line = strings::Trim(raw);
    if (line.empty()) {
      key.clear();
      continue;
    }
    if (line[0] == '#' || line[0] == ';') continue;
    if (section != nullptr && !key.empty() && Indent(raw) > key_indent) {
      (*section)[key] += "\n" + std::string(line);
      continue;
    }
    if (line[0] == '[') {
      size_t close = line.rfind(']');
      if (close == std::string_view::npos || close == 1) {
        return Fail(ParseError(path, line_number, "malformed section header"));
      }
      section = &sections[std::string(strings::Trim(line.substr(1, close - 1)))];
      key.clear();
      continue;
    }
    if (section == nullptr) {
      return Fail(ParseError(path, line_number, "a setting before any [section]"));
    }
    size_t delimiter = line.find_first_of("=:");
    if (delimiter == std::string_view::npos || delimiter == 0) {
      return Fail(ParseError(path, line_number, "expected `key = value`"));
    }
    key = strings::Lower(strings::Trim(line.substr(0, delimiter)));
    key_indent = Indent(raw);
    (*section)[key] = std::string(strings::Trim(line.substr(delimiter + 1)));
  }
  // Expand nested blocks into `parent.child` keys.
  for (auto& [name, values] : sections) {
    ProfileValues nested;
    for (const auto& [k, v] : values) {
      if (!v.starts_with('\n')) continue;
      for (const std::string& inner : strings::Split(v, '\n')) {
        size_t eq = inner.find_first_of("=:");
        if (eq == std::string::npos) continue;
        nested[k + "." + strings::Lower(strings::Trim(std::string_view(inner).substr(0, eq)))] =
            std::string(strings::Trim(std::string_view(inner).substr(eq + 1)));
      }
    }
    values.merge(nested);
  }
  return sections;
}

// Returns the second word of "<kind> <name>" section headers, e.g. "profile dev" -> "dev".
std::optional<std::string> SectionName(const std::string& header, std::string_view kind) {
  if (!header.starts_with(kind)) return std::nullopt;
  std::string_view rest = std::string_view(header).substr(kind.size());
  if (rest.empty() || (rest[0] != ' ' && rest[0] != '\t')) return std::nullopt;
  rest = strings::Trim(rest);
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

Result<std::string> ReadOptionalFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string();  // a missing file is an empty one
  std::stringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Fail(Error::Io("cannot read " + path));
  return buffer.str();
}

}  // namespace

std::optional<std::string> ProfileConfig::Get(std::string_view key) const {
  if (auto it = values.find(std::string(key)); it != values.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> ProfileConfig::EndpointUrlFor(std::string_view service_id) const {
  if (auto it = services.find(std::string(service_id)); it != services.end()) {
    if (auto url = it->second.find("endpoint_url"); url != it->second.end()) return url->second;
  }
  return endpoint_url;
}

Result<SharedConfig> SharedConfig::Parse(std::string_view config_text,
                                         std::string_view credentials_text, std::string config_path,
                                         std::string credentials_path) {
  auto config = ParseIni(config_text, config_path);
  if (!config) return Fail(config.error());
  auto credentials = ParseIni(credentials_text, credentials_path);
  if (!credentials) return Fail(credentials.error());

  SharedConfig out;
  out.config_path_ = std::move(config_path);
  out.credentials_path_ = std::move(credentials_path);
  // In the config file only `[default]` and `[profile NAME]` are profiles; `[profile default]`
  // wins over `[default]`. Other sections (`[sso-session x]`, `[services x]`) are not.
  for (auto& [header, values] : *config) {
    if (header == "default") {
      out.config_profiles_.try_emplace("default", values);
    } else if (auto name = SectionName(header, "profile")) {
      out.config_profiles_[*name] = values;
    } else if (auto services = SectionName(header, "services")) {
      out.services_[*services] = values;
    }
  }
  // In the credentials file every section is a profile, named as written.
  out.credentials_profiles_ = std::move(*credentials);
  return out;
}

Result<SharedConfig> SharedConfig::Load(const EnvLookup& env, const std::string& home_dir) {
  std::string config_path =
      ExpandHome(NonEmptyEnv(env, "AWS_CONFIG_FILE").value_or("~/.aws/config"), home_dir);
  std::string credentials_path = ExpandHome(
      NonEmptyEnv(env, "AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"), home_dir);
  auto config_text = ReadOptionalFile(config_path);
  if (!config_text) return Fail(config_text.error());
  auto credentials_text = ReadOptionalFile(credentials_path);
  if (!credentials_text) return Fail(credentials_text.error());
  return Parse(*config_text, *credentials_text, config_path, credentials_path);
}

bool SharedConfig::HasProfile(const std::string& name) const {
  return config_profiles_.contains(name) || credentials_profiles_.contains(name);
}

const ProfileValues* SharedConfig::ConfigProfile(const std::string& name) const {
  auto it = config_profiles_.find(name);
  return it == config_profiles_.end() ? nullptr : &it->second;
}

const ProfileValues* SharedConfig::CredentialsProfile(const std::string& name) const {
  auto it = credentials_profiles_.find(name);
  return it == credentials_profiles_.end() ? nullptr : &it->second;
}

ProfileValues SharedConfig::Merged(const std::string& name) const {
  ProfileValues merged;
  if (const ProfileValues* config = ConfigProfile(name)) merged = *config;
  if (const ProfileValues* credentials = CredentialsProfile(name)) {
    for (const auto& [key, value] : *credentials) merged[key] = value;
  }
  return merged;
}

Result<ProfileConfig> SharedConfig::Profile(const std::string& name) const {
  ProfileConfig profile;
  profile.name = name;
  profile.values = Merged(name);
  auto get = [&](const char* key) -> std::optional<std::string> {
    auto value = profile.Get(key);
    if (value && value->empty()) return std::nullopt;
    return value;
  };
  profile.region = get("region");
  profile.retry_mode = get("retry_mode");
  profile.endpoint_url = get("endpoint_url");
  if (auto attempts = get("max_attempts")) {
    int value = 0;
    auto [end, ec] = std::from_chars(attempts->data(), attempts->data() + attempts->size(), value);
    if (ec != std::errc() || end != attempts->data() + attempts->size() || value < 1) {
      return Fail(Error::Invalid("max_attempts in profile '" + name +
                                 "' must be a positive integer, got '" + *attempts + "'"));
    }
    profile.max_attempts = value;
  }
  if (auto services_name = get("services")) {
    if (auto it = services_.find(*services_name); it != services_.end()) {
      for (const auto& [key, value] : it->second) {
        size_t dot = key.find('.');
        if (dot == std::string::npos) continue;
        profile.services[key.substr(0, dot)][key.substr(dot + 1)] = value;
      }
    }
  }
  return profile;
}

std::string SelectedProfileName(const EnvLookup& env,
                                const std::optional<std::string>& explicit_profile) {
  if (explicit_profile && !explicit_profile->empty()) return *explicit_profile;
  if (auto name = NonEmptyEnv(env, "AWS_PROFILE")) return *name;
  if (auto name = NonEmptyEnv(env, "AWS_DEFAULT_PROFILE")) return *name;
  return "default";
}

bool ProfileWasNamed(const EnvLookup& env, const std::optional<std::string>& explicit_profile) {
  return (explicit_profile && !explicit_profile->empty()) ||
         NonEmptyEnv(env, "AWS_PROFILE").has_value() ||
         NonEmptyEnv(env, "AWS_DEFAULT_PROFILE").has_value();
}

Result<ProfileConfig> LoadProfileConfig(const EnvLookup& env, const std::string& home_dir,
                                        const std::optional<std::string>& explicit_profile) {
  auto shared = SharedConfig::Load(env, home_dir);
  if (!shared) return Fail(shared.error());
  std::string name = SelectedProfileName(env, explicit_profile);
  if (ProfileWasNamed(env, explicit_profile) && !shared->HasProfile(name)) {
    return Fail(Error::NotFound("profile '" + name + "' is in neither " + shared->config_path() +
                                " nor " + shared->credentials_path()));
  }
  return shared->Profile(name);
}

}  // namespace raycloud::aws
